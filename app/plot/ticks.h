// Readable axis ticks and number formatting for PhaseLens plots. Pure functions, no ImGui.
//
// Linear axes: "nice" steps 1, 2 or 5 x 10^k, chosen so labelled ticks are about `spacingPx` apart.
// Log axes (base 10): labelled decades (every n-th when they are crowded); with room, minor ticks at
// 2..9 x 10^k, and labels on 2 and 5 (or all of 1..9) when there is room for them too (under two decades with
// 0.6 of the spacing, so such an axis has more than its one or two decades labelled). When that
// gives fewer than 3 labels (about a decade or less) and nice linear values give more, those are the
// labels (the log minor ticks stay).
//
// Axis label format (one notation per axis, so labels on an axis look alike): see formatAxisLabels
// ("200k", "1M" for large integers; "10⁵", "2.5×10⁻⁵" with Unicode superscripts; else fixed "0.25").
// formatTickLabels: the compact ASCII notation, fixed with shortest exact digits ("0", "0.5", "131072"),
//   scientific when the largest |value| >= 1e6 or the smallest non-zero |value| < 1e-3:
//   compact exponents "1e6", "2.5e-5", "-3e7" (never "1e+06"); zero stays "0".
// Read-outs (formatValue) use %g-like rules with the same compact exponent: "0.1234568", "1.5e-7".
#pragma once

#include <string>
#include <vector>

namespace phaselens::plot {

/// One tick on an axis. Minor ticks have major == false and an empty label.
struct Tick {
    double value = 0;   // data units
    std::string label;  // "" for minor ticks
    bool major = true;  // labelled tick (gets a grid line and a longer mark)
};

/// Smallest step of the form {1, 2, 5} x 10^k that is >= rawStep (rawStep > 0, finite); 1 otherwise.
double niceStep(double rawStep);

/// Ticks on [lo, hi] (both included when they fall on a step) for an axis `pixelLength` px long,
/// labelled ticks about `spacingPx` apart (at least one interval). Values are exact decimals
/// (k * step computed without accumulating error). Empty when !(lo < hi) or not finite.
std::vector<Tick> linearTicks(double lo, double hi, double pixelLength, double spacingPx);

/// Ticks for a base-10 log axis on [lo, hi], 0 < lo < hi (empty otherwise). See the file comment.
std::vector<Tick> logTicks(double lo, double hi, double pixelLength, double spacingPx);

/// linearTicks or logTicks.
std::vector<Tick> axisTicks(double lo, double hi, bool log, double pixelLength, double spacingPx);

/// Axis tick labels as drawn (what linearTicks / logTicks attach), one notation per axis:
///   linear, all integers and the largest |value| >= 10^4: SI suffixes per value, "0", "5k", "200k", "1M",
///     "1.5M", "2G" (positions);
///   else when the largest |value| >= 1e6 or the smallest non-zero |value| < 1e-3: powers of ten with
///     Unicode superscripts and a real minus: "2.5×10⁻⁵", "−3×10⁷"; on log axes decades are bare "10⁵";
///   else fixed as formatTickValue ("0.25", "4096").
std::vector<std::string> formatAxisLabels(const std::vector<double>& values, bool log);

/// `exponent` in Unicode superscripts: superscriptExponent(-5) == "⁻⁵".
std::string superscriptExponent(int exponent);

/// Labels for tick values in the compact ASCII notation (see the file comment); axes draw formatAxisLabels.
std::vector<std::string> formatTickLabels(const std::vector<double>& values);

/// A read-out number with `significant` digits (1..17), trailing zeros dropped, %g's choice of
/// fixed (exponent -5 < e < significant) or scientific with a compact exponent: formatValue(0.5) ==
/// "0.5", formatValue(1234567.0) == "1234567", formatValue(1.5e-7) == "1.5e-7", NaN -> "nan",
/// infinities -> "inf" / "-inf".
std::string formatValue(double value, int significant = 7);

/// Shortest exact representation of a tick value, fixed ("0.25") or scientific ("2.5e-5").
std::string formatTickValue(double value, bool scientific);

}  // namespace phaselens::plot
