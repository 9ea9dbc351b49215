// PhaseLens model — what the view builders share (views_<panel>.cpp): number formatting, convention sentences,
// the frequencies a pair-based view shows, reference lines, shading, markers. Internal to app/model: panels and
// exports use views.h and view_registry.h.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "model/app_state.h"
#include "model/views.h"
#include "phaselens/heatmap.h"
#include "phaselens/phase.h"
#include "phaselens/rope_scaling.h"
#include "plot/plot_spec.h"

namespace phaselens::model::detail {

inline constexpr double kTwoPi = 2.0 * M_PI;

inline constexpr double kMaxStride = 1e6;

inline constexpr plot::Rgba kNyquistColor = plot::rgba(235, 60, 220);  // magenta: visible on viridis and on red–blue
inline constexpr plot::Rgba kUnseenColor = plot::rgba(128, 128, 128, 110);  // grey veil: visible on any colormap
inline constexpr plot::Rgba kMarkerColor = plot::rgba(255, 200, 40);

std::string fmt(const char* format, double v);

std::string num(double v);

std::string count(int64_t v);

const char* quantityLabel(LadderQuantity q);

std::string pairingSentence(const AppState& s, int rotaryDim);

std::string samplingSentence(const core::SampledMatrix& m);

// Breaks a caption into lines of at most `width` characters at "; " boundaries (the plot draws '\n' as
// a new line), so long convention sentences stay readable on screen and in exports.
std::string breakAtClauses(const std::string& text, size_t width = 100);

plot::HeatmapSpec heatmapFrom(const core::SampledMatrix& m, double xMax, double yMax, Colormap map, double vmin,
                              double vmax, std::string label, core::Reduction reduction);

// Deep zoom (view_window.h): places a heatmap sampled through a window at the data extents its samples cover,
// [cols.first, cols.first + cols.count)·xUnit × [rows.first, rows.first + rows.count). Call only for a windowed
// result (a whole-axis result keeps heatmapFrom's extents).
void placeWindowedHeatmap(plot::HeatmapSpec& h, const core::AxisSampling& rows, const core::AxisSampling& cols,
                          double xUnit = 1.0);

core::RopeFrequencies ropeFrequencies(const AppState& s);

std::string ropeSummary(const AppState& s, const core::RopeFrequencies& f);

void addTrainingLine(plot::PlotSpec& spec, const AppState& s, plot::Orientation o);

// x axis of the per-pair plots: pair i at x = i, the plot spanning [−0.5, pairs − 0.5].
plot::AxisSpec pairAxis(Eigen::Index pairs);

// Shades the pairs [first, pairs) on a per-pair plot (x = pair index), e.g. "no full turn in training".
void shadePairs(plot::PlotSpec& spec, Eigen::Index first, Eigen::Index last, plot::Rgba color, std::string label);

plot::RefLine horizontalLine(double y, std::string label, plot::Rgba color = 0, bool dashed = true);

plot::RefLine verticalLine(double x, std::string label, plot::Rgba color = 0, bool dashed = true);

// Marks, as markers-only series, the pairs where `mask` holds (points elsewhere are NaN: not drawn).
plot::LineSeries markedPairs(const Eigen::VectorXd& y, const Eigen::Array<bool, Eigen::Dynamic, 1>& mask,
                             std::string name, plot::Rgba color);

plot::LineSeries pairSeries(const Eigen::VectorXd& y, std::string name, bool markers = true, plot::Rgba color = 0);

// First index from which `mask` holds for every later pair (pairs.size() when the last pair is false).
Eigen::Index suffixStart(const Eigen::Array<bool, Eigen::Dynamic, 1>& mask);

// The frequencies every pair-based view shows (RoPE after scaling, or sinusoidal) and the sentence that
// names their convention.
struct PairFrequencies {
    Eigen::VectorXd theta;       ///< the frequencies shown (RoPE after scaling)
    Eigen::VectorXd pretrained;  ///< the pretrained model's (unscaled) frequencies: what "training" compares with
    std::string scheme;
};

PairFrequencies pairFrequencies(const AppState& s);

Eigen::VectorXd ladderTheta(const AppState& s);

double checkedStride(const AppState& s);

// Positions the ladders sample: 0, S, 2S, ... below C, i.e. floor((C − 1)/S) + 1 of them.
int64_t strideSamples(const AppState& s);

// Apparent frequency sentence for the first aliased pairs, e.g. "pair 0: θ·S = 4 → 2.283 rad/sample".
std::string aliasSentence(const core::PhaseReport& rep, double stride, int maxPairs = 2);

// Veils the (pair, position) cells whose phase the PRETRAINED model never reached (core/pretraining.h): pair i
// with (L0 − 1)·θᵢ < 2π (θ unscaled) is unseen from p₁ = ⌊(L0 − 1)·θᵢ/θ′ᵢ⌋ + 1 in every turn of the scaled pair,
// i.e. at [kλ′ + p₁, (k + 1)λ′) within [0, end). Rows with the same single interval are merged. Returns false
// when a pair turns too often to draw and its whole row [p₁, end) was veiled instead.
bool shadeUnseenPhase(plot::PlotSpec& spec, const PairFrequencies& pf, double l0, double end);

void addPositionMarker(plot::PlotSpec& spec, const AppState& s, double end);

/// The color side of a heatmap: value range [vmin, vmax] (a constant image gets [v − 0.5, v + 0.5] so the color
/// bar has two ends), the colormap's LUT and name, and the color bar label.
void setHeatmapColors(plot::HeatmapSpec& h, double vmin, double vmax, Colormap map, std::string label);

/// The axes of a query × key matrix over n positions: keys along x, queries down y (row 0 on top), integer ticks,
/// no grid over the cells.
void setQueryKeyAxes(plot::PlotSpec& spec, double n);

/// "RoPE <type>, base <b>" or "sinusoidal, base <b>": the scheme part of the ladder-style titles.
std::string ropeTitle(const AppState& s);

/// The inputs of every view showing the state's pair frequencies (RoPE after scaling, or sinusoidal).
inline constexpr FieldSet kPairFrequencyInputs =
    kRopeFields |
    FieldSet{Field::ladderScheme, Field::sinusoidalDModel, Field::sinusoidalLayout, Field::trainingContext};

}  // namespace phaselens::model::detail
