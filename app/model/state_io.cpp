#include "model/state_io.h"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "export/safe_write.h"
#include "json_text.h"
#include "phaselens/file_read.h"
#include "phaselens/rope_scaling.h"

namespace phaselens::model {

namespace {

using nlohmann::json;

template <typename E>
struct EnumNames;
#define PHASELENS_ENUM_NAMES(E, ...)                                          \
    template <>                                                               \
    struct EnumNames<E> {                                                     \
        static constexpr std::pair<E, const char*> kValues[] = {__VA_ARGS__}; \
    };
PHASELENS_ENUM_NAMES(LadderScheme, {LadderScheme::Rope, "rope"}, {LadderScheme::Sinusoidal, "sinusoidal"})
PHASELENS_ENUM_NAMES(LadderQuantity, {LadderQuantity::Sin, "sin"}, {LadderQuantity::Cos, "cos"},
                     {LadderQuantity::AngleRaw, "angle-raw"}, {LadderQuantity::AngleWrapped, "angle-wrapped"})
PHASELENS_ENUM_NAMES(ScoreSource, {ScoreSource::Ones, "ones"}, {ScoreSource::Random, "random"},
                     {ScoreSource::RepeatedToken, "repeated-token"})
PHASELENS_ENUM_NAMES(ScoreScheme, {ScoreScheme::Rope, "rope"}, {ScoreScheme::Xpos, "xpos"}, {ScoreScheme::NoPE, "nope"})
PHASELENS_ENUM_NAMES(ThemeChoice, {ThemeChoice::Light, "light"}, {ThemeChoice::Dark, "dark"})
PHASELENS_ENUM_NAMES(Colormap, {Colormap::Viridis, "viridis"}, {Colormap::Magma, "magma"},
                     {Colormap::Cividis, "cividis"}, {Colormap::Diverging, "diverging"})
PHASELENS_ENUM_NAMES(core::Pairing, {core::Pairing::HalfSplit, "half-split"},
                     {core::Pairing::Interleaved, "interleaved"})
// RoPE types: the canonical names of the core table (aliases are not state-file spellings).
template <>
struct EnumNames<core::RopeType> {
    static inline const auto kValues = [] {
        std::array<std::pair<core::RopeType, const char*>, core::kRopeTypeCount> out{};
        for (int i = 0; i < core::kRopeTypeCount; ++i) out[i] = {core::ropeTypes()[i].type, core::ropeTypes()[i].name};
        return out;
    }();
};
PHASELENS_ENUM_NAMES(core::LongRopeRule, {core::LongRopeRule::Auto, "auto"}, {core::LongRopeRule::SeqLen, "seq-len"},
                     {core::LongRopeRule::FactorAboveOne, "factor-above-one"})
PHASELENS_ENUM_NAMES(core::Reduction, {core::Reduction::Point, "point"}, {core::Reduction::Mean, "mean"},
                     {core::Reduction::Min, "min"}, {core::Reduction::Max, "max"})
PHASELENS_ENUM_NAMES(core::MaskType, {core::MaskType::None, "none"}, {core::MaskType::Causal, "causal"},
                     {core::MaskType::SlidingWindow, "sliding-window"})
PHASELENS_ENUM_NAMES(core::AlibiForm, {core::AlibiForm::Linear, "linear"}, {core::AlibiForm::Symmetric, "symmetric"},
                     {core::AlibiForm::KeyIndex, "key-index"})
PHASELENS_ENUM_NAMES(core::SinusoidalLayout, {core::SinusoidalLayout::Interleaved, "interleaved"},
                     {core::SinusoidalLayout::Concatenated, "concatenated"})
PHASELENS_ENUM_NAMES(QueryTemperature, {QueryTemperature::None, "none"}, {QueryTemperature::Llama4, "llama4"},
                     {QueryTemperature::Llama4Beta, "llama4_beta"})
PHASELENS_ENUM_NAMES(PositionAxis, {PositionAxis::Log, "log"}, {PositionAxis::Linear, "linear"})
// View names come from the view registry's list (view_registry.h), not a second copy.
#define PHASELENS_VIEW_NAME_PAIR(id, name, panel) {View::id, name},
PHASELENS_ENUM_NAMES(View, PHASELENS_VIEWS(PHASELENS_VIEW_NAME_PAIR))
#undef PHASELENS_VIEW_NAME_PAIR
#undef PHASELENS_ENUM_NAMES

template <typename E>
const char* enumName(E value) {
    for (const auto& [v, name] : EnumNames<E>::kValues)
        if (v == value) return name;
    return "?";
}

template <typename E>
E enumFromName(const std::string& key, const std::string& name) {
    std::string valid;
    for (const auto& [v, n] : EnumNames<E>::kValues) {
        if (name == n) return v;
        valid += (valid.empty() ? "" : ", ") + std::string(n);
    }
    throw std::invalid_argument(key + ": unknown value '" + safe_write::printable(name, 80) + "' (valid: " + valid +
                                ")");
}

// One table of fields serves both directions: each entry writes or reads one AppState member.
struct FieldIo {
    json* out = nullptr;       // writing when set
    const json* in = nullptr;  // reading when set
    std::vector<std::string> known;

    template <typename T>
    void field(const char* key, T& value) {
        known.emplace_back(key);
        if (out) {
            if constexpr (std::is_enum_v<T>)
                (*out)[key] = enumName(value);
            else
                (*out)[key] = value;
            return;
        }
        if (!in->contains(key)) return;
        const json& v = (*in)[key];
        try {
            if constexpr (std::is_enum_v<T>) {
                if (!v.is_string()) throw std::invalid_argument("expected a name string");
                value = enumFromName<T>(key, v.get<std::string>());
            } else if constexpr (std::is_same_v<T, bool>) {
                if (!v.is_boolean()) throw std::invalid_argument("expected true or false");
                value = v.get<bool>();
            } else if constexpr (std::is_integral_v<T>) {
                if (!v.is_number_integer()) throw std::invalid_argument("expected an integer");
                // No silent narrowing: 4294967298 is not 2.
                const bool fits = v.is_number_unsigned() ? v.get<std::uint64_t>() <=
                                                               static_cast<std::uint64_t>(std::numeric_limits<T>::max())
                                  : std::is_signed_v<T> ? v.get<std::int64_t>() >= std::numeric_limits<T>::min() &&
                                                              v.get<std::int64_t>() <= std::numeric_limits<T>::max()
                                                        : v.get<std::int64_t>() >= 0;
                if (!fits)
                    throw std::invalid_argument("out of range [" + std::to_string(std::numeric_limits<T>::min()) +
                                                ", " + std::to_string(std::numeric_limits<T>::max()) + "]");
                value = v.get<T>();
            } else if constexpr (std::is_floating_point_v<T>) {
                if (!v.is_number()) throw std::invalid_argument("expected a number");
                const double d = v.get<double>();
                if (!(std::abs(d) <= static_cast<double>(std::numeric_limits<T>::max())))
                    throw std::invalid_argument("out of range for a " +
                                                std::string(sizeof(T) == 4 ? "float" : "double"));
                value = static_cast<T>(d);
            } else if constexpr (std::is_same_v<T, std::string>) {
                if (!v.is_string()) throw std::invalid_argument("expected a string");
                value = v.get<std::string>();
            } else {
                if (!v.is_array()) throw std::invalid_argument("expected an array");
                value = v.get<T>();
            }
        } catch (const std::invalid_argument& e) {
            const std::string what = e.what();
            if (what.rfind(key, 0) == 0) throw;
            throw std::invalid_argument(std::string(key) + ": " + what + ", got " +
                                        phaselens::json_text::dumpLenient(v));
        } catch (const json::exception& e) {
            throw std::invalid_argument(std::string(key) + ": " + e.what());
        }
    }

    // An optional number (core::RopeParams): written as 0 when unset, and 0 read back as unset (every such field is
    // > 0 when set). `negativeUnset`: a value < 0 also reads as unset (mscale: the app has always taken mscale <= 0
    // as unset).
    template <typename T>
    void field(const char* key, std::optional<T>& value, bool negativeUnset = false) {
        T v = value.value_or(T{0});
        field(key, v);
        if (out || !in->contains(key)) return;
        value = v == T{0} || (negativeUnset && v < T{0}) ? std::nullopt : std::optional<T>(v);
    }
};

void visit(FieldIo& io, AppState& s) {
    io.field("view", s.view);
    io.field("rope_head_dim", s.rope.headDim);
    io.field("rope_theta", s.rope.base);
    io.field("partial_rotary_factor", s.rope.partialRotaryFactor);
    io.field("pairing", s.ropePairing);
    io.field("rope_type", s.rope.type);
    io.field("factor", s.rope.factor);
    io.field("original_max_position_embeddings", s.rope.originalMaxPositionEmbeddings);
    io.field("dynamic_seq_len", s.rope.seqLen);
    io.field("beta_fast", s.rope.betaFast);
    io.field("beta_slow", s.rope.betaSlow);
    io.field("mscale", s.rope.mscale, true);
    io.field("mscale_all_dim", s.rope.mscaleAllDim, true);
    io.field("low_freq_factor", s.rope.lowFreqFactor);
    io.field("high_freq_factor", s.rope.highFreqFactor);
    io.field("short_factor", s.rope.shortFactor);
    io.field("long_factor", s.rope.longFactor);
    io.field("longrope_rule", s.rope.longRopeRule);
    io.field("yarn_truncate", s.rope.yarnTruncate);
    io.field("max_position_embeddings", s.rope.maxPositionEmbeddings);
    io.field("attention_factor", s.rope.attentionFactor);
    io.field("context_length", s.contextLength);
    io.field("training_context", s.trainingContext);
    io.field("reduction", s.reduction);
    io.field("max_pixels", s.maxPixels);
    io.field("ladder_scheme", s.ladderScheme);
    io.field("ladder_quantity", s.ladderQuantity);
    io.field("sinusoidal_layout", s.sinusoidalLayout);
    io.field("sinusoidal_d_model", s.sinusoidalDModel);
    io.field("ladder_colormap", s.ladderColormap);
    io.field("position_stride", s.positionStride);
    io.field("position_marker", s.positionMarker);
    io.field("phase_pairs", s.phasePairs);
    io.field("phase_positions", s.phasePositions);
    io.field("score_scheme", s.scoreScheme);
    io.field("score_source", s.scoreSource);
    io.field("seed", s.seed);
    io.field("scale_by_sqrt_d", s.scaleBySqrtD);
    io.field("mask", s.mask);
    io.field("sliding_window", s.slidingWindow);
    io.field("softmax", s.softmax);
    io.field("xpos_scale_base", s.xposScaleBase);
    io.field("scores_colormap", s.scoresColormap);
    io.field("alibi_heads", s.alibiHeads);
    io.field("alibi_selected_head", s.alibiSelectedHead);
    io.field("alibi_slope_override", s.alibiSlopeOverride);
    io.field("alibi_slope_value", s.alibiSlopeValue);
    io.field("alibi_form", s.alibiForm);
    io.field("alibi_causal", s.alibiCausal);
    io.field("t5_num_buckets", s.t5NumBuckets);
    io.field("t5_max_distance", s.t5MaxDistance);
    io.field("t5_bidirectional", s.t5Bidirectional);
    io.field("bias_context", s.biasContext);
    io.field("bias_colormap", s.biasColormap);
    io.field("extension_factor", s.extensionFactor);
    io.field("extension_current_length", s.extensionCurrentLength);
    io.field("theme", s.theme);
    io.field("font_scale", s.fontScale);
    io.field("title", s.title);
    io.field("learned_table_path", s.learnedTablePath);
    io.field("learned_tensor", s.learnedTensor);
    io.field("learned_positions", s.learnedPositions);
    io.field("learned_dim", s.learnedDim);
    io.field("learned_seed", s.learnedSeed);
    io.field("learned_resize", s.learnedResize);
    io.field("learned_align_corners", s.learnedAlignCorners);
    io.field("learned_colormap", s.learnedColormap);
    io.field("show_unseen_veil", s.showUnseenVeil);
    io.field("mrope_section", s.mropeSection);
    io.field("mrope_interleaved", s.mropeInterleaved);
    io.field("mrope_sequence", s.mropeSequence);
    io.field("mrope_tokens_per_second", s.mropeTokensPerSecond);
    io.field("mrope_second_per_grid_t", s.mropeSecondPerGridT);
    io.field("mrope_resume_max_hw", s.mropeResumeMaxHW);
    io.field("mrope_cast_second_per_grid_t", s.mropeCastSecondPerGridT);
    io.field("mrope_grid_t", s.mropeGridT);
    io.field("mrope_grid_h", s.mropeGridH);
    io.field("mrope_grid_w", s.mropeGridW);
    io.field("mrope_query_frame", s.mropeQueryFrame);
    io.field("mrope_query_row", s.mropeQueryRow);
    io.field("mrope_query_col", s.mropeQueryCol);
    io.field("mrope_key_frame", s.mropeKeyFrame);
    io.field("mrope_random_qk", s.mropeRandomQk);
    io.field("layer_model", s.layerModel);
    io.field("layer_index", s.layerIndex);
    io.field("layer_positional", s.layerPositional);
    io.field("rope_proportional_partial", s.ropeProportionalPartial);
    io.field("query_temperature", s.queryTemperature);
    io.field("temperature_attn_scale", s.temperatureAttnScale);
    io.field("temperature_floor_scale", s.temperatureFloorScale);
    io.field("temperature_beta", s.temperatureBeta);
    io.field("temperature_l0", s.temperatureL0);
    io.field("temperature_axis", s.temperatureAxis);
    io.field("layer_softmax_scale", s.layerSoftmaxScale);
    io.field("layer_logit_softcap", s.layerLogitSoftcap);
    io.field("layer_sinks", s.layerSinks);
}

}  // namespace

json stateToJson(const AppState& state) {
    json out = json::object();
    out["phaselens_state"] = kStateVersion;
    AppState copy = state;
    FieldIo io;
    io.out = &out;
    visit(io, copy);
    return out;
}

AppState stateFromJson(const json& in, const AppState& base) {
    if (!in.is_object()) throw std::invalid_argument("state must be a JSON object");
    AppState s = base;
    FieldIo io;
    io.in = &in;
    visit(io, s);
    for (const auto& [key, value] : in.items()) {
        if (key == "phaselens_state" || key == "_phaselens") continue;
        if (std::find(io.known.begin(), io.known.end(), key) == io.known.end())
            throw std::invalid_argument(safe_write::printable(key, 80) + ": unknown state key");  // one line
    }
    return s;
}

std::string readJsonInput(const std::string& path) {
    try {
        return core::readRegularFile(path, core::kMaxJsonFileBytes);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(path + ": " + e.what());
    }
}

nlohmann::json parseJsonInput(const std::string& path, const std::string& text) {
    const std::string file = safe_write::printable(path);
    try {
        return phaselens::json_text::parse(text);
    } catch (const json::exception& e) {  // parse_error, and out_of_range 406 for 1e400
        std::string m = e.what();
        if (const std::size_t at = m.find("] "); at != std::string::npos) m = m.substr(at + 2);
        const std::size_t quote = m.find('\'');
        if (e.id == 406 && quote != std::string::npos && m.back() == '\'') {
            const std::string token = m.substr(quote + 1, m.size() - quote - 2);
            std::string key = "(json)";
            if (const std::size_t pos = text.find(token); pos != std::string::npos) {
                const std::size_t colon = text.rfind(':', pos);
                const std::size_t close = colon == std::string::npos ? colon : text.rfind('"', colon);
                const std::size_t open = close == std::string::npos || close == 0 ? close : text.rfind('"', close - 1);
                if (open != std::string::npos) key = text.substr(open + 1, close - open - 1);
            }
            throw std::invalid_argument(file + ": " + safe_write::printable(key, 80) +
                                        ": number outside the range of a double, got " +
                                        safe_write::printable(token, 40));
        }
        throw std::invalid_argument(file + ": invalid JSON: " + safe_write::printable(m));
    }
}

AppState loadStateFile(const std::string& path) {
    const nlohmann::json j = parseJsonInput(path, readJsonInput(path));
    try {
        return stateFromJson(j);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(safe_write::printable(path) + ": " + safe_write::printable(e.what(), 400));
    }
}

void writeFileAtomic(const std::string& path, const std::string& text) {
    safe_write::writeFile(path, text);
}

void saveStateFile(const std::string& path, const AppState& state) {
    writeFileAtomic(path, phaselens::json_text::dump(stateToJson(state), 2) + "\n");
}

}  // namespace phaselens::model
