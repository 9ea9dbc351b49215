#include "plot/ticks.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace phaselens::plot {
namespace {

// 10^e, exact for |e| <= 22 (10^22 is the largest power of ten a double holds exactly).
double pow10i(int e) {
    double p = 1.0;
    for (int i = 0; i < std::min(std::abs(e), 22); ++i) p *= 10.0;
    if (std::abs(e) > 22) p = std::pow(10.0, std::abs(e));
    return p;
}

// m * 10^e as the double nearest to the decimal (division by an exact power for e < 0).
double decimal(double m, int e) {
    return e >= 0 ? m * pow10i(e) : m / pow10i(-e);
}

struct Step {
    int mantissa = 1;  // 1, 2 or 5
    int exponent = 0;
};

Step niceStepParts(double raw) {
    if (!(raw > 0) || !std::isfinite(raw)) return {};
    int e = static_cast<int>(std::floor(std::log10(raw)));
    double f = raw / decimal(1, e);
    if (f > 10.0 * (1 - 1e-12)) {  // log10 rounding just below a power of ten
        ++e;
        f /= 10.0;
    }
    const double tol = 1 + 1e-9;
    if (f <= 1 * tol) return {1, e};
    if (f <= 2 * tol) return {2, e};
    if (f <= 5 * tol) return {5, e};
    return {1, e + 1};
}

// Strips "e+05" to "e5" and "e-05" to "e-5"; drops trailing zeros of a fixed part.
std::string compactExponent(const std::string& s) {
    const auto ePos = s.find('e');
    std::string mant = s.substr(0, ePos);
    if (mant.find('.') != std::string::npos) {
        while (!mant.empty() && mant.back() == '0') mant.pop_back();
        if (!mant.empty() && mant.back() == '.') mant.pop_back();
    }
    if (ePos == std::string::npos) return mant;
    std::string exp = s.substr(ePos + 1);
    bool negative = false;
    if (!exp.empty() && (exp[0] == '+' || exp[0] == '-')) {
        negative = exp[0] == '-';
        exp.erase(0, 1);
    }
    while (exp.size() > 1 && exp[0] == '0') exp.erase(0, 1);
    return mant + "e" + (negative ? "-" : "") + exp;
}

std::string toChars(double v, std::chars_format fmt) {
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, v, fmt);
    return std::string(buf, res.ptr);
}

std::string toChars(double v, std::chars_format fmt, int precision) {
    char buf[512];
    auto res = std::to_chars(buf, buf + sizeof buf, v, fmt, precision);
    return std::string(buf, res.ptr);
}

void attachLabels(std::vector<Tick>& ticks, bool log) {
    std::vector<double> values;
    for (const Tick& t : ticks)
        if (t.major) values.push_back(t.value);
    const std::vector<std::string> labels = formatAxisLabels(values, log);
    std::size_t k = 0;
    for (Tick& t : ticks)
        if (t.major) t.label = labels[k++];
}

}  // namespace

double niceStep(double rawStep) {
    const Step s = niceStepParts(rawStep);
    return decimal(s.mantissa, s.exponent);
}

std::vector<Tick> linearTicks(double lo, double hi, double pixelLength, double spacingPx) {
    std::vector<Tick> ticks;
    if (!(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi)) return ticks;
    const double intervals = std::max(1.0, pixelLength / std::max(1.0, spacingPx));
    Step s = niceStepParts((hi - lo) / intervals);
    double step = decimal(s.mantissa, s.exponent), kFirst = 0, kLast = 0;
    // The step rounds up, so on a short axis it can exceed the range and leave one labelled tick ("0" alone under
    // 0..32768): step down (5 -> 2 -> 1 -> 0.5) until two ticks fall inside; a step at most half the range always does.
    for (int down = 0;; ++down) {  // at most 3 steps down: the first is at most the range, the next at most half
        kFirst = std::ceil(lo / step - 1e-9);
        kLast = std::floor(hi / step + 1e-9);
        if (kLast - kFirst >= 1 || !(kLast - kFirst < 1000) || down == 3) break;
        s = s.mantissa == 5 ? Step{2, s.exponent} : s.mantissa == 2 ? Step{1, s.exponent} : Step{5, s.exponent - 1};
        step = decimal(s.mantissa, s.exponent);
    }
    if (!(kLast - kFirst < 1000)) return ticks;  // absurd spacing: refuse rather than flood
    for (double k = kFirst; k <= kLast; k += 1) {
        const double v = decimal(k * s.mantissa, s.exponent);
        ticks.push_back({v == 0 ? 0.0 : v, {}, true});  // no "-0"
    }
    attachLabels(ticks, false);
    return ticks;
}

std::vector<Tick> logTicks(double lo, double hi, double pixelLength, double spacingPx) {
    std::vector<Tick> ticks;
    if (!(lo > 0) || !(lo < hi) || !std::isfinite(hi)) return ticks;
    const double tLo = std::log10(lo), tHi = std::log10(hi);
    const double ppd = pixelLength / (tHi - tLo);  // pixels per decade
    const int kLo = static_cast<int>(std::floor(tLo)), kHi = static_cast<int>(std::floor(tHi));
    const auto inRange = [&](double v) { return v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12); };
    const double minorGapPx = 4.0;  // closest minor ticks (9 -> 10) at least this far apart

    if (ppd < spacingPx) {  // crowded decades: label every stride-th decade
        constexpr int kStrides[] = {1, 2, 3, 5, 10, 20, 30, 50, 100};
        int stride = 100;
        for (int s : kStrides)
            if (s * ppd >= spacingPx) {
                stride = s;
                break;
            }
        for (int k = kLo; k <= kHi; ++k) {
            const double v = decimal(1, k);
            if (!inRange(v)) continue;
            const bool major = k % stride == 0;
            if (major || ppd >= minorGapPx) ticks.push_back({v, {}, major});
        }
        attachLabels(ticks, true);
        return ticks;
    }

    // Room for at least every decade. Which mantissas get labels, which only a minor mark?
    const double gap19 = std::log10(10.0 / 9.0) * ppd;  // px between 9x and 10x: the tightest gap
    const double gap25 = std::log10(2.5) * ppd;         // px between 2x and 5x
    const bool allLabelled = gap19 >= spacingPx;
    bool labels125 = std::log10(2.0) * ppd >= spacingPx && gap25 >= spacingPx;
    // Under two decades, decades alone give one or two labels: 2 and 5 are labelled too when they stay 0.6 of the
    // spacing apart (short labels such as "200", "5000" or "2×10³"), before falling back to linear values.
    if (!labels125 && tHi - tLo < 2.0 && std::log10(2.0) * ppd >= 0.6 * spacingPx) {
        int decades = 0;
        for (int k = kLo; k <= kHi + 1; ++k) decades += inRange(decimal(1, k)) ? 1 : 0;
        labels125 = decades < 3;
    }
    const bool minors = gap19 >= minorGapPx;
    int labelled = 0;
    for (int k = kLo; k <= kHi; ++k)
        for (int m = 1; m <= 9; ++m) {
            const double v = decimal(m, k);
            if (!inRange(v)) continue;
            const bool major = m == 1 || allLabelled || (labels125 && (m == 2 || m == 5));
            if (major || minors) ticks.push_back({v, {}, major});
            labelled += major ? 1 : 0;
        }
    std::vector<Tick> lin;
    if (labelled < 3) lin = linearTicks(lo, hi, pixelLength, spacingPx);
    if (lin.size() > static_cast<std::size_t>(labelled)) {  // about a decade or less: linear labels read better
        std::vector<Tick> merged;
        for (const Tick& t : ticks) {
            const bool dup = std::any_of(lin.begin(), lin.end(),
                                         [&](const Tick& l) { return std::abs(l.value - t.value) <= 1e-12 * t.value; });
            if (!dup) merged.push_back({t.value, {}, false});
        }
        merged.insert(merged.end(), lin.begin(), lin.end());
        std::sort(merged.begin(), merged.end(), [](const Tick& a, const Tick& b) { return a.value < b.value; });
        return merged;
    }
    attachLabels(ticks, true);
    return ticks;
}

std::vector<Tick> axisTicks(double lo, double hi, bool log, double pixelLength, double spacingPx) {
    return log ? logTicks(lo, hi, pixelLength, spacingPx) : linearTicks(lo, hi, pixelLength, spacingPx);
}

std::vector<std::string> formatTickLabels(const std::vector<double>& values) {
    double maxAbs = 0, minNonZero = HUGE_VAL;
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        maxAbs = std::max(maxAbs, std::abs(v));
        if (v != 0) minNonZero = std::min(minNonZero, std::abs(v));
    }
    const bool scientific = maxAbs >= 1e6 || minNonZero < 1e-3;
    std::vector<std::string> labels;
    labels.reserve(values.size());
    for (double v : values) labels.push_back(formatTickValue(v, scientific));
    return labels;
}

std::string superscriptExponent(int exponent) {
    static const char* const kDigits[10] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::string out = exponent < 0 ? "⁻" : "";
    const std::string digits = std::to_string(exponent < 0 ? -static_cast<long long>(exponent) : exponent);
    for (char c : digits) out += kDigits[c - '0'];
    return out;
}

namespace {

std::string formatPowerOfTen(double value, bool bareDecades) {
    if (value == 0) return "0";
    if (!std::isfinite(value)) return formatValue(value);
    const std::string sci = compactExponent(toChars(value, std::chars_format::scientific));  // "-2.5e-5"
    const std::size_t e = sci.find('e');
    const std::string mantissa = sci.substr(0, e);
    const int exponent = std::stoi(sci.substr(e + 1));
    const std::string power = "10" + superscriptExponent(exponent);
    if (bareDecades && (mantissa == "1" || mantissa == "-1")) return (mantissa == "-1" ? "−" : "") + power;
    return (mantissa[0] == '-' ? "−" + mantissa.substr(1) : mantissa) + "×" + power;
}

std::string formatWithSuffix(double value) {
    const double a = std::abs(value);
    const double scale = a >= 1e9 ? 1e9 : a >= 1e6 ? 1e6 : a >= 1e3 ? 1e3 : 1;
    const char* suffix = a >= 1e9 ? "G" : a >= 1e6 ? "M" : a >= 1e3 ? "k" : "";
    // value / scale to at most 6 significant digits, trailing zeros dropped: 200000 -> "200k", 1048576 -> "1.04858M".
    std::string s = formatValue(value / scale, 6) + suffix;
    if (s[0] == '-') s = "−" + s.substr(1);
    return s;
}

}  // namespace

std::vector<std::string> formatAxisLabels(const std::vector<double>& values, bool log) {
    double maxAbs = 0, minNonZero = HUGE_VAL;
    bool integers = true;
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        maxAbs = std::max(maxAbs, std::abs(v));
        if (v != 0) minNonZero = std::min(minNonZero, std::abs(v));
        integers = integers && v == std::round(v);
    }
    const bool scientific = maxAbs >= 1e6 || minNonZero < 1e-3;
    std::vector<std::string> labels;
    labels.reserve(values.size());
    for (double v : values) {
        if (!log && integers && maxAbs >= 1e4)
            labels.push_back(formatWithSuffix(v));
        else if (scientific)
            labels.push_back(formatPowerOfTen(v, log));
        else
            labels.push_back(formatTickValue(v, false));
    }
    return labels;
}

std::string formatTickValue(double value, bool scientific) {
    if (value == 0) return "0";
    if (!std::isfinite(value)) return formatValue(value);
    if (!scientific) return toChars(value, std::chars_format::fixed);
    return compactExponent(toChars(value, std::chars_format::scientific));
}

std::string formatValue(double value, int significant) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    if (value == 0) return "0";
    const int p = std::clamp(significant, 1, 17);
    const std::string sci = toChars(value, std::chars_format::scientific, p - 1);
    const int exponent = std::stoi(sci.substr(sci.find('e') + 1));  // after rounding to p digits
    if (exponent >= -4 && exponent < p)
        return compactExponent(toChars(value, std::chars_format::fixed, p - 1 - exponent));
    return compactExponent(sci);
}

}  // namespace phaselens::plot
