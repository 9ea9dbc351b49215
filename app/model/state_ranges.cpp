#include "model/state_ranges.h"

#include <cmath>
#include <cstdint>
#include <sstream>

namespace phaselens::model {
namespace {

constexpr std::int64_t kMaxPositions = std::int64_t{1} << 31;  // the CLI's documented maximum of positions

std::string num(double v) {
    std::ostringstream s;
    s.precision(17);
    s << v;
    return s.str();
}

struct Checker {
    std::optional<std::string> problem;
    void integer(const char* key, std::int64_t v, std::int64_t lo, std::int64_t hi) {
        if (!problem && (v < lo || v > hi))
            problem = std::string(key) + " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " +
                      std::to_string(v);
    }
    void even(const char* key, std::int64_t v) {
        if (!problem && v % 2 != 0) problem = std::string(key) + " must be even, got " + std::to_string(v);
    }
    // lo < v <= hi when openLo, else lo <= v <= hi; NaN and infinities refused.
    void number(const char* key, double v, double lo, double hi, bool openLo = false) {
        if (problem) return;
        const bool ok = std::isfinite(v) && (openLo ? v > lo : v >= lo) && v <= hi;
        if (!ok)
            problem = std::string(key) + " must be in " + (openLo ? "(" : "[") + num(lo) + ", " + num(hi) + "], got " +
                      num(v);
    }
};

}  // namespace

std::optional<std::string> stateRangeProblem(const AppState& s) {
    Checker c;
    c.integer("rope_head_dim", s.rope.headDim, 2, 1024);
    c.even("rope_head_dim", s.rope.headDim);
    c.number("rope_theta", s.rope.base, 1.0, 1e300, true);
    c.number("partial_rotary_factor", s.rope.partialRotaryFactor, 0.0, 1.0, true);
    c.number("factor", s.rope.factor, 1.0, 1e300);
    c.integer("original_max_position_embeddings", s.rope.originalMaxPositionEmbeddings, 1, kMaxPositions);
    c.integer("dynamic_seq_len", s.rope.dynamicSeqLen, 1, kMaxPositions);
    for (const auto& [key, v] : {std::pair<const char*, double>{"beta_fast", s.rope.betaFast},
                                 {"beta_slow", s.rope.betaSlow},
                                 {"mscale", s.rope.mscale},
                                 {"mscale_all_dim", s.rope.mscaleAllDim},
                                 {"low_freq_factor", s.rope.lowFreqFactor},
                                 {"high_freq_factor", s.rope.highFreqFactor}})
        c.number(key, v, -1e300, 1e300);
    c.integer("context_length", s.contextLength, 1, kMaxPositions);
    c.integer("training_context", s.trainingContext, 1, kMaxPositions);
    c.integer("max_pixels", s.maxPixels, 64, 4096);
    c.integer("sinusoidal_d_model", s.sinusoidalDModel, 2, 4096);
    c.even("sinusoidal_d_model", s.sinusoidalDModel);
    c.number("position_stride", s.positionStride, 0.0, 1e6, true);
    c.integer("position_marker", s.positionMarker, -1, kMaxPositions);
    c.integer("phase_pairs (count)", static_cast<std::int64_t>(s.phasePairs.size()), 0, 6);
    for (int p : s.phasePairs) c.integer("phase_pairs", p, 0, 1 << 20);
    c.integer("phase_positions", s.phasePositions, 1, kMaxPositions);
    c.integer("sliding_window", s.slidingWindow, 1, kMaxPositions);
    c.number("xpos_scale_base", s.xposScaleBase, 0.0, 1e300, true);
    c.integer("alibi_heads", s.alibiHeads, 1, 128);
    c.integer("alibi_selected_head", s.alibiSelectedHead, 0, 127);
    c.number("alibi_slope_value", s.alibiSlopeValue, 0.0, 1e300, true);
    c.integer("t5_num_buckets", s.t5NumBuckets, 2, 1 << 20);
    c.integer("t5_max_distance", s.t5MaxDistance, 1, INT32_MAX);
    c.integer("bias_context", s.biasContext, 2, kMaxPositions);
    c.number("extension_factor", s.extensionFactor, 1.0, 1e6);
    c.integer("extension_current_length", s.extensionCurrentLength, 1, kMaxPositions);
    c.number("font_scale", s.fontScale, 0.5, 3.0);
    return c.problem;
}

}  // namespace phaselens::model
