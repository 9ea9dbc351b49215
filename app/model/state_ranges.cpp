#include "model/state_ranges.h"

#include <cmath>
#include <cstdint>
#include <sstream>
#include <stdexcept>

#include "model/parameters.h"

namespace phaselens::model {
namespace {

// The range of a state key: the parameter table's (parameters.h), as the flag that sets it takes it.
const Parameter& entry(const char* key) {
    const Parameter* p = parameterForStateKey(key);
    if (p == nullptr) throw std::logic_error(std::string("state key ") + key + " has no parameter table entry");
    return *p;
}

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
    // The table's range of `key` (integers, and the elements of integer lists).
    void integer(const char* key, std::int64_t v) {
        const Parameter& p = entry(key);
        integer(key, v, p.minInt, p.maxInt);
        if (p.even) even(key, v);
    }
    void number(const char* key, double v) {
        const Parameter& p = entry(key);
        number(key, v, p.minNumber, p.maxNumber, p.minExclusive);
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
    // Ranges from the parameter table (parameters.h), the same as the flags that set these keys.
    c.integer("rope_head_dim", s.rope.headDim);
    c.number("rope_theta", s.rope.base);
    c.number("partial_rotary_factor", s.rope.partialRotaryFactor);
    c.number("factor", s.rope.factor);
    // Optional RoPE fields: checked when set (0 in a state file means unset, state_io.h).
    for (const auto& [key, v] : {std::pair<const char*, std::optional<std::int64_t>>{
                                     "original_max_position_embeddings", s.rope.originalMaxPositionEmbeddings},
                                 {"dynamic_seq_len", s.rope.seqLen},
                                 {"max_position_embeddings", s.rope.maxPositionEmbeddings}})
        if (v) c.integer(key, *v);
    for (const auto& [key, v] : {std::pair<const char*, double>{"beta_fast", s.rope.betaFast},
                                 {"beta_slow", s.rope.betaSlow},
                                 {"mscale", s.rope.mscale.value_or(0.0)},
                                 {"mscale_all_dim", s.rope.mscaleAllDim.value_or(0.0)},
                                 {"low_freq_factor", s.rope.lowFreqFactor},
                                 {"high_freq_factor", s.rope.highFreqFactor}})
        c.number(key, v);
    if (s.rope.attentionFactor) c.number("attention_factor", *s.rope.attentionFactor);
    c.integer("context_length", s.contextLength);
    c.integer("training_context", s.trainingContext);
    c.integer("max_pixels", s.maxPixels);
    c.integer("sinusoidal_d_model", s.sinusoidalDModel);
    c.number("position_stride", s.positionStride);
    c.integer("position_marker", s.positionMarker, -1, entry("context_length").maxInt);  // -1 = none
    c.integer("phase_pairs (count)", static_cast<std::int64_t>(s.phasePairs.size()), 0, 6);
    for (int p : s.phasePairs) c.integer("phase_pairs", p);
    c.integer("phase_positions", s.phasePositions);
    c.integer("sliding_window", s.slidingWindow);
    c.number("xpos_scale_base", s.xposScaleBase);
    c.integer("alibi_heads", s.alibiHeads);
    const Parameter& head = entry("alibi_selected_head");  // the flag --alibi-head is 1-based, the key 0-based
    c.integer("alibi_selected_head", s.alibiSelectedHead, head.minInt - 1, head.maxInt - 1);
    c.number("alibi_slope_value", s.alibiSlopeValue);
    c.integer("t5_num_buckets", s.t5NumBuckets);
    c.integer("t5_max_distance", s.t5MaxDistance);
    c.integer("bias_context", s.biasContext);
    c.number("extension_factor", s.extensionFactor);
    c.integer("extension_current_length", s.extensionCurrentLength);
    c.number("font_scale", s.fontScale);
    c.number("temperature_attn_scale", s.temperatureAttnScale);
    c.number("temperature_floor_scale", s.temperatureFloorScale);
    c.number("temperature_beta", s.temperatureBeta);
    c.number("temperature_l0", s.temperatureL0);
    c.number("layer_softmax_scale", s.layerSoftmaxScale);
    c.number("layer_logit_softcap", s.layerLogitSoftcap);
    return c.problem;
}

}  // namespace phaselens::model
