// PhaseLens core — RoPE frequency scaling for context extension, as in Hugging Face transformers
// `modeling_rope_utils.py` (ROPE_INIT_FUNCTIONS), in float64.
//
// theta_i = base^(−2i/r) is the unscaled frequency of pair i (see rope.h), s = factor.
//   default   theta_i.
//   linear    Position Interpolation (Chen et al. 2023, arXiv:2306.15595): theta_i / s.
//   ntk       NTK-aware (bloc97, 2023): base' = base·s^(r/(r−2)), theta_i = base'^(−2i/r).
//   dynamic   dynamic NTK (HF): base' = base·(s·L/M − (s − 1))^(r/(r−2)), L = max(seq_len, M),
//             M = max_position_embeddings. At L <= M nothing changes. HF recomputes only when L grows.
//   yarn      YaRN (Peng et al. 2023, arXiv:2309.00071): correction dims
//               i(ρ) = r·ln(L0/(2π·ρ)) / (2·ln(base)), L0 = original_max_position_embeddings,
//               low = max(floor(i(beta_fast)), 0), high = min(ceil(i(beta_slow)), r − 1) (truncate=true;
//               without truncation no floor/ceil), ramp_i = clamp((i − low)/(high − low), 0, 1)
//               (high += 0.001 when equal), extrapolation weight w_i = 1 − ramp_i,
//               (beta_fast <= beta_slow is computed the same way, as transformers does: it only warns),
//               theta'_i = theta_i·w_i + (theta_i/s)·(1 − w_i).
//             attention_factor = 0.1·ln(s) + 1 (1 when s <= 1); with mscale and mscale_all_dim:
//               (0.1·mscale·ln s + 1)/(0.1·mscale_all_dim·ln s + 1).
//   llama3    Llama 3.1 (Meta): with λ_i = 2π/theta_i (UNscaled), λ_hi = L0/high_freq_factor,
//             λ_lo = L0/low_freq_factor: keep theta_i if λ_i < λ_hi (band 0); theta_i/s if λ_i > λ_lo
//             (band 2); otherwise (band 1) blend linearly in frequency with
//             a = (L0/λ_i − low)/(high − low): theta'_i = a·theta_i + (1 − a)·theta_i/s.
//             high <= low (Llama 4 Scout: both 1; transformers only warns, Meta's code asserts) is accepted
//             as transformers computes it: band 1 is empty, pair i is divided iff λ_i > λ_lo, else kept.
//   longrope  LongRoPE / Phi-3 (Ding et al. 2024, arXiv:2402.13753): theta'_i = 1/(f_i·base^(2i/r)),
//             f = short_factor or long_factor (r/2 entries each); attention_factor =
//             sqrt(1 + ln(s)/ln(L0)) (1 when s <= 1). Which list is active is version dependent:
//             LongRopeRule::SeqLen (newer HF, Phi-3): long iff seq_len > L0 (short when seq_len unknown);
//             LongRopeRule::FactorAboveOne (HF 4.45): long whenever s > 1;
//             LongRopeRule::Auto: SeqLen when seq_len is given, else FactorAboveOne.
// An explicit attention_factor overrides the computed one (any type).
// Resolving a model's config.json into these fields (which field is L0, whether factor is replaced by
// max/original) is done by the config loader, which reports the rule it applied; the core takes the
// resolved numbers.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace phaselens::core {

/// Append new types at the end and give each an entry in the RoPE-type table (ropeTypes(), rope_scaling.cpp).
enum class RopeType { Default, Linear, Ntk, Dynamic, Yarn, Llama3, LongRope };
inline constexpr int kRopeTypeCount = static_cast<int>(RopeType::LongRope) + 1;  ///< keep = last value + 1
enum class LongRopeRule { Auto, SeqLen, FactorAboveOne };

/// The RopeParams fields that only some types read (headDim, base, partialRotaryFactor and attentionFactor are
/// read by every type).
enum class RopeField {
    Factor,                         ///< factor
    OriginalMaxPositionEmbeddings,  ///< originalMaxPositionEmbeddings (L0)
    MaxPositionEmbeddings,          ///< maxPositionEmbeddings (M)
    SeqLen,                         ///< seqLen
    BetaFast,                       ///< betaFast
    BetaSlow,                       ///< betaSlow
    YarnTruncate,                   ///< yarnTruncate
    Mscale,                         ///< mscale
    MscaleAllDim,                   ///< mscaleAllDim
    LowFreqFactor,                  ///< lowFreqFactor
    HighFreqFactor,                 ///< highFreqFactor
    ShortFactor,                    ///< shortFactor
    LongFactor,                     ///< longFactor
    LongRopeRule,                   ///< longRopeRule
};

/// A set of RopeField values (one bit each).
struct RopeFieldSet {
    uint32_t bits = 0;
    constexpr RopeFieldSet() = default;
    constexpr RopeFieldSet(std::initializer_list<RopeField> fields) {
        for (RopeField f : fields) bits |= uint32_t{1} << static_cast<int>(f);
    }
    constexpr bool has(RopeField f) const { return (bits >> static_cast<int>(f)) & 1u; }
};

/// One row of the RoPE-type table: everything outside the formula that differs by type. Names, CLI choices, UI
/// combos, legends and per-type flag checks read this table; the formula is the switch in computeRopeFrequencies.
struct RopeTypeInfo {
    RopeType type;
    const char* name;                ///< canonical name (HF rope_type; state files, --rope-type, JSON)
    const char* aliases[2];          ///< other accepted spellings (HF "su", "ntk-aware"); nullptr = none
    const char* label;               ///< UI combo label, e.g. "linear (PI)"
    const char* legend;              ///< legend label when methods are compared, e.g. "PI (linear)"
    RopeFieldSet uses;               ///< fields the type reads (others are ignored)
    RopeFieldSet required;           ///< fields the caller must give. A required length (L0 or M) is also
                                     ///< satisfied by the other length when the type uses both (the core falls
                                     ///< back between them)
    bool factorFromLengths = false;  ///< factor defaults to M/L0 when both are given and factor is not
};

/// The table, indexed by static_cast<int>(RopeType): entry i has type RopeType(i).
const RopeTypeInfo (&ropeTypes())[kRopeTypeCount];
const RopeTypeInfo& ropeTypeInfo(RopeType type);
/// "default", "linear", "ntk", "dynamic", "yarn", "llama3", "longrope" (the table's canonical names).
const char* ropeTypeName(RopeType type);
/// The canonical names in table order (CLI choices) and joined by ", " (messages).
std::vector<std::string> ropeTypeNames();
std::string ropeTypeNameList();
/// Accepts the canonical names and the aliases (HF "su" for longrope, "ntk-aware"); throws listing valid names.
RopeType ropeTypeFromName(const std::string& name);

struct RopeParams {
    int headDim = 128;                 ///< channels per head, >= 2
    double base = 10000.0;             ///< rope_theta, > 1
    double partialRotaryFactor = 1.0;  ///< (0, 1]; rotary_dim = int(head_dim·p), even
    RopeType type = RopeType::Default;
    double factor = 1.0;                                   ///< s >= 1 (linear, ntk, dynamic, yarn, llama3, longrope)
    std::optional<int64_t> originalMaxPositionEmbeddings;  ///< L0: yarn, llama3 (required), longrope (required)
    std::optional<int64_t> maxPositionEmbeddings;          ///< M: dynamic (required); yarn's L0 fallback
    std::optional<int64_t> seqLen;                         ///< current sequence length: dynamic, longrope list choice
    double betaFast = 32.0;                                ///< yarn, rotations; usually > beta_slow (not required)
    double betaSlow = 1.0;                                 ///< yarn, rotations; > 0
    bool yarnTruncate = true;                              ///< yarn: floor/ceil the correction range
    std::optional<double> mscale;                          ///< yarn (DeepSeek-V3 style); 0 acts as unset
    std::optional<double> mscaleAllDim;                    ///< yarn; used only when both are set and non-zero
    double lowFreqFactor = 1.0;                            ///< llama3, > 0
    double highFreqFactor = 4.0;                           ///< llama3, > 0 (<= low: no blend band)
    std::vector<double> shortFactor;                       ///< longrope, r/2 entries, > 0
    std::vector<double> longFactor;                        ///< longrope, r/2 entries, > 0
    LongRopeRule longRopeRule = LongRopeRule::Auto;
    std::optional<double> attentionFactor;  ///< override, > 0
};

/// Every member equal (a new member goes into this comparison too: rope_scaling.cpp).
bool operator==(const RopeParams& a, const RopeParams& b);
inline bool operator!=(const RopeParams& a, const RopeParams& b) {
    return !(a == b);
}

/// Calls fn(field, key, member) for every RopeField, in enum order: `key` is the field's Hugging Face rope_scaling key
/// (the config key, the state key and, with '-' for '_', the flag name; longrope_rule and seq_len are PhaseLens'
/// names), `member` the pointer to its RopeParams member. Config reading, the CLI's config report and the app copy and
/// report "the fields a type uses" through it, so a new field is one line here (tests/core: every field once).
template <typename Fn>
void forEachRopeField(Fn&& fn) {
    fn(RopeField::Factor, "factor", &RopeParams::factor);
    fn(RopeField::OriginalMaxPositionEmbeddings, "original_max_position_embeddings",
       &RopeParams::originalMaxPositionEmbeddings);
    fn(RopeField::MaxPositionEmbeddings, "max_position_embeddings", &RopeParams::maxPositionEmbeddings);
    fn(RopeField::SeqLen, "seq_len", &RopeParams::seqLen);
    fn(RopeField::BetaFast, "beta_fast", &RopeParams::betaFast);
    fn(RopeField::BetaSlow, "beta_slow", &RopeParams::betaSlow);
    fn(RopeField::YarnTruncate, "truncate", &RopeParams::yarnTruncate);
    fn(RopeField::Mscale, "mscale", &RopeParams::mscale);
    fn(RopeField::MscaleAllDim, "mscale_all_dim", &RopeParams::mscaleAllDim);
    fn(RopeField::LowFreqFactor, "low_freq_factor", &RopeParams::lowFreqFactor);
    fn(RopeField::HighFreqFactor, "high_freq_factor", &RopeParams::highFreqFactor);
    fn(RopeField::ShortFactor, "short_factor", &RopeParams::shortFactor);
    fn(RopeField::LongFactor, "long_factor", &RopeParams::longFactor);
    fn(RopeField::LongRopeRule, "longrope_rule", &RopeParams::longRopeRule);
}
inline constexpr int kRopeFieldCount = static_cast<int>(RopeField::LongRopeRule) + 1;  ///< keep = last value + 1

/// `to` with the fields of `fields` taken from `from` (the others unchanged).
inline void copyRopeFields(RopeFieldSet fields, const RopeParams& from, RopeParams& to) {
    forEachRopeField([&](RopeField f, const char*, auto member) {
        if (fields.has(f)) to.*member = from.*member;
    });
}

/// "auto", "seq-len", "factor-above-one" (state files, --longrope-rule).
const char* longRopeRuleName(LongRopeRule rule);

struct RopeFrequencies {
    int rotaryDim = 0;
    Eigen::VectorXd invFreq;     ///< active theta'_i, radians per position, shape (r/2)
    Eigen::VectorXd wavelength;  ///< 2π/theta'_i, positions per turn
    double attentionFactor = 1.0;
    Eigen::VectorXd scale;  ///< theta_i/theta'_i, the per-pair slowdown (1 = unchanged)
    // Per-type details (empty / unset when not applicable):
    std::optional<double> effectiveBase;                  ///< ntk, dynamic: base'
    std::optional<double> correctionLow, correctionHigh;  ///< yarn (after truncation/clamping)
    Eigen::VectorXd extrapolationWeight;                  ///< yarn w_i (1 = pure extrapolation = original theta)
    Eigen::VectorXi band;                                 ///< llama3: 0 kept, 1 blended, 2 divided
    Eigen::VectorXd invFreqShort, invFreqLong;            ///< longrope
    std::optional<bool> longropeUsesLong;                 ///< longrope: which list is active
    std::string rule;                                     ///< one line naming the rule applied (shown in UI/JSON)
};

/// Validates every field used by params.type (message names the field and value) and computes.
RopeFrequencies computeRopeFrequencies(const RopeParams& params);

}  // namespace phaselens::core
