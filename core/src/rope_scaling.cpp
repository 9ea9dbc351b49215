#include "phaselens/rope_scaling.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <stdexcept>
#include <tuple>

#include "phaselens/rope.h"
#include "phaselens/validate.h"

namespace phaselens::core {

namespace {

using F = RopeField;

constexpr RopeTypeInfo kRopeTypes[] = {
    {RopeType::Default, "default", {}, "default", "original", {}, {}},
    {RopeType::Linear, "linear", {}, "linear (PI)", "PI (linear)", {F::Factor}, {F::Factor}},
    {RopeType::Ntk, "ntk", {"ntk-aware"}, "ntk (NTK-aware)", "NTK-aware", {F::Factor}, {F::Factor}},
    {RopeType::Dynamic,
     "dynamic",
     {},
     "dynamic (dynamic NTK)",
     "dynamic NTK",
     {F::Factor, F::OriginalMaxPositionEmbeddings, F::MaxPositionEmbeddings, F::SeqLen},
     {F::Factor, F::MaxPositionEmbeddings}},
    {RopeType::Yarn,
     "yarn",
     {},
     "yarn",
     "YaRN",
     {F::Factor, F::OriginalMaxPositionEmbeddings, F::MaxPositionEmbeddings, F::BetaFast, F::BetaSlow, F::YarnTruncate,
      F::Mscale, F::MscaleAllDim},
     {F::Factor, F::OriginalMaxPositionEmbeddings},
     true},
    {RopeType::Llama3,
     "llama3",
     {},
     "llama3",
     "Llama-3",
     {F::Factor, F::OriginalMaxPositionEmbeddings, F::LowFreqFactor, F::HighFreqFactor},
     {F::Factor, F::OriginalMaxPositionEmbeddings}},
    {RopeType::LongRope,
     "longrope",
     {"su"},
     "longrope",
     "LongRoPE",
     {F::Factor, F::OriginalMaxPositionEmbeddings, F::MaxPositionEmbeddings, F::SeqLen, F::ShortFactor, F::LongFactor,
      F::LongRopeRule},
     {F::Factor, F::OriginalMaxPositionEmbeddings, F::ShortFactor, F::LongFactor},
     true},
};
static_assert(std::size(kRopeTypes) == kRopeTypeCount, "one RoPE-type table entry per RopeType");

constexpr bool tableInEnumOrder() {
    for (int i = 0; i < kRopeTypeCount; ++i)
        if (static_cast<int>(kRopeTypes[i].type) != i) return false;
    return true;
}
static_assert(tableInEnumOrder(), "entry i of the RoPE-type table must describe RopeType(i)");

}  // namespace

const RopeTypeInfo (&ropeTypes())[kRopeTypeCount] {
    return kRopeTypes;
}

const RopeTypeInfo& ropeTypeInfo(RopeType type) {
    const int i = static_cast<int>(type);
    if (i < 0 || i >= kRopeTypeCount) throw std::invalid_argument("rope_type out of range: " + std::to_string(i));
    return kRopeTypes[i];
}

const char* ropeTypeName(RopeType type) {
    return ropeTypeInfo(type).name;
}

std::vector<std::string> ropeTypeNames() {
    std::vector<std::string> out;
    for (const RopeTypeInfo& t : kRopeTypes) out.emplace_back(t.name);
    return out;
}

std::string ropeTypeNameList() {
    std::string out;
    for (const RopeTypeInfo& t : kRopeTypes) out += (out.empty() ? "" : ", ") + std::string(t.name);
    return out;
}

RopeType ropeTypeFromName(const std::string& name) {
    for (const RopeTypeInfo& t : kRopeTypes) {
        if (name == t.name) return t.type;
        for (const char* alias : t.aliases)
            if (alias && name == alias) return t.type;
    }
    throw std::invalid_argument("rope_type must be one of " + ropeTypeNameList() + "; got '" + name + "'");
}

const char* longRopeRuleName(LongRopeRule rule) {
    switch (rule) {
        case LongRopeRule::Auto:
            return "auto";
        case LongRopeRule::SeqLen:
            return "seq-len";
        case LongRopeRule::FactorAboveOne:
            return "factor-above-one";
    }
    return "?";
}

bool operator==(const RopeParams& a, const RopeParams& b) {
    auto members = [](const RopeParams& p) {
        return std::tie(p.headDim, p.base, p.partialRotaryFactor, p.type, p.factor, p.originalMaxPositionEmbeddings,
                        p.maxPositionEmbeddings, p.seqLen, p.betaFast, p.betaSlow, p.yarnTruncate, p.mscale,
                        p.mscaleAllDim, p.lowFreqFactor, p.highFreqFactor, p.shortFactor, p.longFactor, p.longRopeRule,
                        p.attentionFactor);
    };
    return members(a) == members(b);
}

namespace {

int64_t requireLength(const char* name, const std::optional<int64_t>& v) {
    if (!v) throw std::invalid_argument(std::string(name) + " is required for this rope_type");
    if (*v < 1) throw std::invalid_argument(std::string(name) + " must be >= 1, got " + std::to_string(*v));
    return *v;
}

void checkOptionalLength(const char* name, const std::optional<int64_t>& v) {
    if (v && *v < 1) throw std::invalid_argument(std::string(name) + " must be >= 1, got " + std::to_string(*v));
}

Eigen::VectorXd invFreqForBase(int r, double base) {
    return defaultInvFreq(r, base);
}

double yarnMscale(double s, double mscale) {
    return s <= 1.0 ? 1.0 : 0.1 * mscale * std::log(s) + 1.0;
}

double yarnCorrectionDim(double rotations, int r, double base, double originalLength) {
    return r * std::log(originalLength / (rotations * 2.0 * M_PI)) / (2.0 * std::log(base));
}

void checkFactorList(const char* name, const std::vector<double>& list, int pairs) {
    if (static_cast<int>(list.size()) != pairs)
        throw std::invalid_argument(std::string(name) + " must have rotary_dim/2 = " + std::to_string(pairs) +
                                    " entries, got " + std::to_string(list.size()));
    for (size_t i = 0; i < list.size(); ++i)
        if (!std::isfinite(list[i]) || !(list[i] > 0))
            throw std::invalid_argument(std::string(name) + "[" + std::to_string(i) + "] must be finite and > 0, got " +
                                        formatDouble(list[i]));
}

}  // namespace

RopeFrequencies computeRopeFrequencies(const RopeParams& p) {
    RopeFrequencies out;
    const int r = rotaryDim(p.headDim, p.partialRotaryFactor);
    requireGreater("rope_theta", p.base, 1.0);
    out.rotaryDim = r;
    const int pairs = r / 2;
    const Eigen::VectorXd theta = invFreqForBase(r, p.base);
    const double s = p.factor;
    if (p.type != RopeType::Default) requireAtLeast("factor", s, 1.0);
    checkOptionalLength("original_max_position_embeddings", p.originalMaxPositionEmbeddings);
    checkOptionalLength("max_position_embeddings", p.maxPositionEmbeddings);
    checkOptionalLength("seq_len", p.seqLen);
    if (p.attentionFactor) requirePositive("attention_factor", *p.attentionFactor);
    double attention = 1.0;

    switch (p.type) {
        case RopeType::Default:
            out.invFreq = theta;
            out.rule = "default: theta_i = base^(-2i/rotary_dim)";
            break;
        case RopeType::Linear:
            out.invFreq = theta / s;
            out.rule = "linear (position interpolation): theta_i / factor";
            break;
        case RopeType::Ntk:
        case RopeType::Dynamic: {
            if (r <= 2)
                throw std::invalid_argument("rotary_dim must be > 2 for rope_type " +
                                            std::string(ropeTypeName(p.type)) + ", got " + std::to_string(r));
            const double exponent = static_cast<double>(r) / (r - 2);
            double baseScaled;
            if (p.type == RopeType::Ntk) {
                baseScaled = p.base * std::pow(s, exponent);
                out.rule = "ntk: base' = base * factor^(r/(r-2))";
            } else {
                const std::optional<int64_t> mOpt =
                    p.maxPositionEmbeddings ? p.maxPositionEmbeddings : p.originalMaxPositionEmbeddings;
                const double m = static_cast<double>(requireLength("max_position_embeddings", mOpt));
                const double len = std::max(static_cast<double>(p.seqLen.value_or(0)), m);
                baseScaled = p.base * std::pow(s * len / m - (s - 1.0), exponent);
                out.rule = "dynamic: base' = base * (factor*L/M - (factor-1))^(r/(r-2)), L = max(seq_len, M) = " +
                           formatDouble(len) + ", M = " + formatDouble(m);
            }
            if (!std::isfinite(baseScaled))
                throw std::invalid_argument("scaled base base' overflows for factor " + formatDouble(s) +
                                            " and rope_theta " + formatDouble(p.base));
            out.effectiveBase = baseScaled;
            out.invFreq = invFreqForBase(r, baseScaled);
            break;
        }
        case RopeType::Yarn: {
            requirePositive("beta_fast", p.betaFast);
            requirePositive("beta_slow", p.betaSlow);
            // beta_fast <= beta_slow is computed as transformers computes it (it only warns when beta_fast <
            // beta_slow; Kimi K2 ships beta_fast = beta_slow = 1): equal correction dims meet the 0.001 span below.
            const bool fromOriginal = p.originalMaxPositionEmbeddings.has_value();
            const double l0 = static_cast<double>(
                requireLength("original_max_position_embeddings (or max_position_embeddings)",
                              fromOriginal ? p.originalMaxPositionEmbeddings : p.maxPositionEmbeddings));
            double low = yarnCorrectionDim(p.betaFast, r, p.base, l0);
            double high = yarnCorrectionDim(p.betaSlow, r, p.base, l0);
            if (p.yarnTruncate) {
                low = std::floor(low);
                high = std::ceil(high);
            }
            low = std::max(low, 0.0);
            high = std::min(high, static_cast<double>(r - 1));
            out.correctionLow = low;
            out.correctionHigh = high;
            const double span = (low == high) ? 0.001 : high - low;
            out.extrapolationWeight.resize(pairs);
            out.invFreq.resize(pairs);
            for (int i = 0; i < pairs; ++i) {
                const double ramp = std::clamp((i - low) / span, 0.0, 1.0);
                const double w = 1.0 - ramp;
                out.extrapolationWeight[i] = w;
                out.invFreq[i] = (theta[i] / s) * (1.0 - w) + theta[i] * w;
            }
            if (p.mscale && p.mscaleAllDim && *p.mscale != 0.0 && *p.mscaleAllDim != 0.0) {
                requireFinite("mscale", *p.mscale);
                requireFinite("mscale_all_dim", *p.mscaleAllDim);
                attention = yarnMscale(s, *p.mscale) / yarnMscale(s, *p.mscaleAllDim);
            } else {
                attention = yarnMscale(s, 1.0);
            }
            out.rule = std::string("yarn: correction range from ") +
                       (fromOriginal ? "original_max_position_embeddings" : "max_position_embeddings") + " = " +
                       formatDouble(l0) + (p.yarnTruncate ? " (truncated)" : " (not truncated)");
            break;
        }
        case RopeType::Llama3: {
            const double l0 =
                static_cast<double>(requireLength("original_max_position_embeddings", p.originalMaxPositionEmbeddings));
            requirePositive("low_freq_factor", p.lowFreqFactor);
            // transformers only warns when high <= low (Llama 4 Scout: both 1): the blend band is then empty.
            requirePositive("high_freq_factor", p.highFreqFactor);
            const double lowWavelen = l0 / p.lowFreqFactor, highWavelen = l0 / p.highFreqFactor;
            out.band.resize(pairs);
            out.invFreq.resize(pairs);
            for (int i = 0; i < pairs; ++i) {
                const double lambda = 2.0 * M_PI / theta[i];
                if (lambda > lowWavelen) {
                    out.band[i] = 2;
                    out.invFreq[i] = theta[i] / s;
                } else if (lambda < highWavelen || p.highFreqFactor <= p.lowFreqFactor) {
                    out.band[i] = 0;
                    out.invFreq[i] = theta[i];
                } else {
                    const double a = (l0 / lambda - p.lowFreqFactor) / (p.highFreqFactor - p.lowFreqFactor);
                    out.band[i] = 1;
                    out.invFreq[i] = a * theta[i] + (1.0 - a) * theta[i] / s;
                }
            }
            out.rule =
                "llama3: bands on the unscaled wavelength vs original_max_position_embeddings/high_freq_factor "
                "and /low_freq_factor";
            break;
        }
        case RopeType::LongRope: {
            const bool fromOriginal = p.originalMaxPositionEmbeddings.has_value();
            const double l0 = static_cast<double>(
                requireLength("original_max_position_embeddings (or max_position_embeddings)",
                              fromOriginal ? p.originalMaxPositionEmbeddings : p.maxPositionEmbeddings));
            if (l0 < 2.0)  // attention_factor divides by ln(L0)
                throw std::invalid_argument(
                    std::string(fromOriginal ? "original_max_position_embeddings" : "max_position_embeddings") +
                    " must be >= 2 for rope_type longrope, got " + formatDouble(l0));
            checkFactorList("short_factor", p.shortFactor, pairs);
            checkFactorList("long_factor", p.longFactor, pairs);
            out.invFreqShort.resize(pairs);
            out.invFreqLong.resize(pairs);
            for (int i = 0; i < pairs; ++i) {
                out.invFreqShort[i] = theta[i] / p.shortFactor[i];
                out.invFreqLong[i] = theta[i] / p.longFactor[i];
            }
            bool useLong;
            std::string why;
            const bool bySeqLen =
                p.longRopeRule == LongRopeRule::SeqLen || (p.longRopeRule == LongRopeRule::Auto && p.seqLen);
            if (bySeqLen) {
                useLong = p.seqLen && static_cast<double>(*p.seqLen) > l0;
                why = "long iff seq_len > original_max_position_embeddings (newer transformers, Phi-3)";
            } else {
                useLong = s > 1.0;
                why = "long whenever factor > 1 (transformers 4.45)";
            }
            out.longropeUsesLong = useLong;
            out.invFreq = useLong ? out.invFreqLong : out.invFreqShort;
            attention = s <= 1.0 ? 1.0 : std::sqrt(1.0 + std::log(s) / std::log(l0));
            out.rule = std::string("longrope: ") + (useLong ? "long_factor" : "short_factor") + " active: " + why;
            break;
        }
    }
    if (p.attentionFactor) {
        attention = *p.attentionFactor;
        out.rule += "; attention_factor given explicitly";
    }
    out.attentionFactor = attention;
    out.wavelength = wavelengths(out.invFreq);
    out.scale = theta.array() / out.invFreq.array();
    return out;
}

}  // namespace phaselens::core
