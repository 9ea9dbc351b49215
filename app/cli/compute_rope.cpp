// The rotary family: `compute rope`, `compute phase` (both take every RoPE flag) and `compute xpos`.
//
// Contents
//   [SECTION] RoPE flags → core::RopeParams
//   [SECTION] rope
//   [SECTION] phase
//   [SECTION] xpos

#include <cmath>

#include "cli/compute_layers.h"
#include "cli/parameter_flags.h"
#include "cli/quantity.h"
#include "phaselens/phase.h"
#include "phaselens/pretraining.h"
#include "phaselens/rope.h"
#include "phaselens/rope_scaling.h"
#include "phaselens/validate.h"
#include "phaselens/xpos.h"

namespace phaselens::cli {

namespace {

using core::RopeType;

// -----------------------------------------------------------------------------
// [SECTION] RoPE flags → core::RopeParams
// -----------------------------------------------------------------------------

const char* const kPairingNote =
    "inv_freq[i] belongs to pair i: channels (i, i + rotary_dim/2) in the half-split layout (HF LLaMA/GPT-NeoX "
    "rotate_half) or (2i, 2i+1) in the interleaved layout (Meta LLaMA, GPT-J); frequencies and kernels are the "
    "same for both layouts; channels >= rotary_dim pass through unrotated";

// Names, help and ranges from the parameter table (model/parameters.h); rope and phase share it (same variants).
FlagSpec param(const char* flag) {
    return parameterFlag(flag, model::kCompute, "rope");
}

std::vector<FlagSpec> ropeFlags() {
    return {
        param("--head-dim").required().core({"head_dim", "rotary_dim"}),
        param("--rope-theta").required().core({"rope_theta"}),
        param("--partial-rotary-factor").withDefault("1").core({"partial_rotary_factor"}),
        choiceFlag("--rope-type", "T", "frequency scaling for context extension", core::ropeTypeNames())
            .withDefault("default")
            .core({"rope_type"}),
        param("--factor").core({"factor"}),
        param("--original-max-position-embeddings").core({"original_max_position_embeddings"}),
        param("--max-position-embeddings").core({"max_position_embeddings"}),
        param("--dynamic-seq-len").core({"seq_len"}),
        param("--beta-fast").withDefault("32").core({"beta_fast"}),
        param("--beta-slow").withDefault("1").core({"beta_slow"}),
        param("--truncate").withDefault("true"),
        param("--mscale").core({"mscale"}),
        param("--mscale-all-dim").core({"mscale_all_dim"}),
        param("--low-freq-factor").withDefault("1").core({"low_freq_factor"}),
        param("--high-freq-factor").withDefault("4").core({"high_freq_factor"}),
        param("--short-factor").core({"short_factor"}),
        param("--long-factor").core({"long_factor"}),
        param("--longrope-rule").withDefault("auto"),
        param("--attention-factor").core({"attention_factor"}),
    };
}

const char* const kRopeFlagsDescription =
    "Frequencies follow Hugging Face transformers modeling_rope_utils (float64): theta_i = B^(-2i/r) rad/position,\n"
    "r = rotary_dim, then the --rope-type rule; wavelength_i = 2*pi/theta_i positions per turn.\n";

struct RopeSetup {
    core::RopeParams params;
    std::string factorRule;             ///< how the factor was chosen
    std::vector<std::string> warnings;  ///< ignored flags, inconsistent configs
};

// The flag of each type-specific RopeParams field (core::RopeTypeInfo::uses says which types read it; flags not
// listed apply to every type).
// The flags that set a type-specific RoPE field, from the parameter table's ropeKey (one entry per core field).
const std::vector<std::pair<std::string, core::RopeField>>& typeSpecificFlags() {
    static const std::vector<std::pair<std::string, core::RopeField>> kTable = [] {
        std::vector<std::pair<std::string, core::RopeField>> table;
        core::forEachRopeField([&](core::RopeField field, const char* key, auto) {
            for (const model::Parameter& p : model::parameters())
                if (p.ropeKey == key) table.emplace_back(std::string(p.flag), field);
        });
        if (table.size() != static_cast<size_t>(core::kRopeFieldCount))
            throw std::logic_error("parameters.cpp: every core RoPE field needs exactly one flag with its ropeKey");
        return table;
    }();
    return kTable;
}

void requireFlagFor(const ParsedArgs& args, const std::string& flag, const std::string& typeName) {
    if (!args.has(flag)) throw CliError(flag + ": required for --rope-type " + typeName + "; see --help");
}

double resolveFactor(const ParsedArgs& args, RopeType type, RopeSetup& setup) {
    const std::string typeName = core::ropeTypeName(type);
    const bool fromRatioAllowed = core::ropeTypeInfo(type).factorFromLengths;
    const bool haveBoth = args.has("--max-position-embeddings") && args.has("--original-max-position-embeddings");
    const double ratio = haveBoth ? static_cast<double>(args.integer("--max-position-embeddings")) /
                                        static_cast<double>(args.integer("--original-max-position-embeddings"))
                                  : 0.0;
    if (args.has("--factor")) {
        const double s = args.number("--factor");
        if (!(s >= 1.0)) throw flagError("--factor", "must be >= 1", args.raw("--factor"));
        setup.factorRule = "factor from --factor";
        if (fromRatioAllowed && haveBoth && s != ratio)
            setup.warnings.push_back(
                "--factor " + args.raw("--factor") +
                " differs from max_position_embeddings/original_max_position_embeddings = " +
                core::formatDouble(ratio) +
                "; using --factor as newest transformers does (some earlier versions replaced it by the ratio)");
        return s;
    }
    if (!core::ropeTypeInfo(type).uses.has(core::RopeField::Factor)) {
        setup.factorRule = "no scaling (rope_type " + typeName + ")";
        return 1.0;
    }
    if (fromRatioAllowed && haveBoth) {
        if (!(ratio >= 1.0))
            throw CliError(
                "--max-position-embeddings: factor = max_position_embeddings/original_max_position_embeddings = " +
                core::formatDouble(ratio) + " must be >= 1, got '" + args.raw("--max-position-embeddings") +
                "' with --original-max-position-embeddings '" + args.raw("--original-max-position-embeddings") + "'");
        setup.factorRule =
            "factor = max_position_embeddings/original_max_position_embeddings (--factor not given; newest "
            "transformers)";
        return ratio;
    }
    throw CliError(
        "--factor: required for --rope-type " + typeName +
        (fromRatioAllowed ? " (or give --max-position-embeddings and --original-max-position-embeddings)" : ""));
}

RopeSetup ropeSetupFromArgs(const ParsedArgs& args) {
    RopeSetup setup;
    core::RopeParams& p = setup.params;
    p.type = core::ropeTypeFromName(args.choice("--rope-type"));
    const std::string typeName = core::ropeTypeName(p.type);

    const core::RopeTypeInfo& info = core::ropeTypeInfo(p.type);
    for (const auto& [flag, field] : typeSpecificFlags())
        if (args.has(flag) && !info.uses.has(field))
            setup.warnings.push_back(flag + " is ignored for --rope-type " + typeName);

    // Required fields in table order (the factor: resolveFactor). A required length is also satisfied by the other
    // length when the type uses both.
    using F = core::RopeField;
    const auto lengthGiven = [&](F field) {
        return info.uses.has(field) &&
               args.has(field == F::OriginalMaxPositionEmbeddings ? "--original-max-position-embeddings"
                                                                  : "--max-position-embeddings");
    };
    for (const auto& [flag, field] : typeSpecificFlags()) {
        if (field == F::Factor || !info.required.has(field)) continue;
        if ((field == F::OriginalMaxPositionEmbeddings || field == F::MaxPositionEmbeddings) &&
            (lengthGiven(F::OriginalMaxPositionEmbeddings) || lengthGiven(F::MaxPositionEmbeddings)))
            continue;
        requireFlagFor(args, flag, typeName);
    }

    p.headDim = static_cast<int>(args.integer("--head-dim"));
    p.base = args.number("--rope-theta");
    p.partialRotaryFactor = args.number("--partial-rotary-factor");
    p.factor = resolveFactor(args, p.type, setup);
    p.originalMaxPositionEmbeddings = args.optionalInteger("--original-max-position-embeddings");
    p.maxPositionEmbeddings = args.optionalInteger("--max-position-embeddings");
    p.seqLen = args.optionalInteger("--dynamic-seq-len");
    p.betaFast = args.number("--beta-fast");
    p.betaSlow = args.number("--beta-slow");
    p.yarnTruncate = args.choice("--truncate") == "true";
    p.mscale = args.optionalNumber("--mscale");
    p.mscaleAllDim = args.optionalNumber("--mscale-all-dim");
    p.lowFreqFactor = args.number("--low-freq-factor");
    p.highFreqFactor = args.number("--high-freq-factor");
    p.shortFactor = args.optionalNumberList("--short-factor").value_or(std::vector<double>{});
    p.longFactor = args.optionalNumberList("--long-factor").value_or(std::vector<double>{});
    const std::string rule = args.choice("--longrope-rule");
    p.longRopeRule = rule == "seq-len"            ? core::LongRopeRule::SeqLen
                     : rule == "factor-above-one" ? core::LongRopeRule::FactorAboveOne
                                                  : core::LongRopeRule::Auto;
    p.attentionFactor = args.optionalNumber("--attention-factor");
    if (info.uses.has(F::HighFreqFactor) && p.highFreqFactor <= p.lowFreqFactor && p.highFreqFactor > 0.0)
        setup.warnings.push_back("--high-freq-factor " + args.raw("--high-freq-factor") + " <= --low-freq-factor " +
                                 args.raw("--low-freq-factor") +
                                 ": accepted as transformers does (it only warns); no blend band, each frequency is "
                                 "kept or divided by --factor");
    // Equal betas are valid (transformers computes them silently; Kimi K2 ships beta_fast = beta_slow = 1).
    if (info.uses.has(F::BetaFast) && !(p.betaFast >= p.betaSlow))
        throw flagError("--beta-fast", "must be >= --beta-slow (" + args.raw("--beta-slow") + ")",
                        args.raw("--beta-fast"));
    return setup;
}

// Writes the fields every RoPE-based quantity shares.
void putRopeCommon(Json& j, const RopeSetup& setup, const core::RopeFrequencies& f) {
    const core::RopeParams& p = setup.params;
    j["rope_type"] = core::ropeTypeName(p.type);
    j["head_dim"] = p.headDim;
    putNumber(j, "rope_theta", p.base);
    putNumber(j, "partial_rotary_factor", p.partialRotaryFactor);
    j["rotary_dim"] = f.rotaryDim;
    putNumber(j, "factor", p.factor);
    j["factor_rule"] = setup.factorRule;
    j["rule"] = f.rule;
    j["pairing_note"] = kPairingNote;
    putNumber(j, "attention_factor", f.attentionFactor);
}

// -----------------------------------------------------------------------------
// [SECTION] rope
// -----------------------------------------------------------------------------

Json computeRope(const ParsedArgs& args) {
    const RopeSetup setup = ropeSetupFromArgs(args);
    const core::RopeFrequencies f = core::computeRopeFrequencies(setup.params);
    // --layer: the flags came from that layer (applyConfigFlags); the layer adds its own keys (compute_layers.h).
    std::optional<config::LayerPlan> plan;
    if (args.has("--layer")) {
        std::string file;
        plan = loadLayerPlanFlags(args, file);
        if (!plan)
            throw CliError("--layer: needs --config FILE or --preset NAME (the layers come from a model config)");
    }
    Json j;
    j["quantity"] = "rope";
    putRopeCommon(j, setup, f);
    putArray(j, "inv_freq", f.invFreq);
    putArray(j, "wavelength", f.wavelength);
    putArray(j, "scale", f.scale);
    if (f.effectiveBase) putNumber(j, "effective_base", *f.effectiveBase);
    if (f.correctionLow) putNumber(j, "correction_low", *f.correctionLow);
    if (f.correctionHigh) putNumber(j, "correction_high", *f.correctionHigh);
    if (f.extrapolationWeight.size() > 0) putArray(j, "extrapolation_weight", f.extrapolationWeight);
    if (f.band.size() > 0) putArray(j, "band", f.band);
    if (f.longropeUsesLong) {
        putArray(j, "inv_freq_short", f.invFreqShort);
        putArray(j, "inv_freq_long", f.invFreqLong);
        j["longrope_active"] = *f.longropeUsesLong ? "long" : "short";
    }
    if (const auto deltas = args.optionalNumberList("--deltas")) {
        const Eigen::VectorXd d =
            Eigen::Map<const Eigen::VectorXd>(deltas->data(), static_cast<Eigen::Index>(deltas->size()));
        const Eigen::VectorXd sumCos = core::kernelSumCos(f.invFreq, d);
        putArray(j, "kernel_delta", d);
        putArray(j, "kernel_sum_cos", sumCos);
        putArray(j, "kernel_dot_ones", (2.0 * f.attentionFactor * f.attentionFactor * sumCos).eval());
    }
    if (plan) {
        const config::LayerSpec& layer = selectLayer(*plan, args.integer("--layer"), true);
        j["layer"] = layer.index;
        putLayerRope(j, *layer.rope, args.optionalNumberList("--deltas"));
    }
    j["warnings"] = setup.warnings;
    return j;
}

// -----------------------------------------------------------------------------
// [SECTION] phase
// -----------------------------------------------------------------------------

Json computePhase(const ParsedArgs& args) {
    const RopeSetup setup = ropeSetupFromArgs(args);
    const core::RopeFrequencies f = core::computeRopeFrequencies(setup.params);
    const int64_t context = args.integer("--context");
    const int64_t training = args.optionalInteger("--training-context").value_or(context);
    const double stride = args.number("--position-stride");
    const core::PhaseReport r =
        core::phaseReport(f.invFreq, static_cast<double>(context), static_cast<double>(training), stride);
    Json j;
    j["quantity"] = "phase";
    putRopeCommon(j, setup, f);
    j["context"] = context;
    j["training_context"] = training;
    putNumber(j, "position_stride", stride);
    putArray(j, "inv_freq", r.invFreq);
    putArray(j, "wavelength", r.wavelength);
    putArray(j, "turns_in_context", r.turnsInContext);
    putArray(j, "turns_in_training", r.turnsInTraining);
    putArray(j, "full_turn_in_training", r.fullTurnInTraining);
    putArray(j, "aliased", r.aliased);
    putArray(j, "apparent_frequency", r.apparentFrequency);
    // What the pretrained model (unscaled frequencies, positions 0 .. T-1) saw: core/pretraining.h.
    const core::PretrainingReport pre =
        core::pretrainingReport(core::defaultInvFreq(f.rotaryDim, setup.params.base), f.invFreq,
                                static_cast<double>(training), static_cast<double>(context));
    Json firstUnseen = Json::array();
    for (const std::optional<double>& p : pre.firstUnseenPosition)
        firstUnseen.push_back(p ? Json(static_cast<int64_t>(*p)) : Json(nullptr));
    j["first_unseen_position"] = std::move(firstUnseen);
    putArray(j, "full_turn_in_pretraining", pre.fullTurnInPretraining);
    j["warnings"] = setup.warnings;
    return j;
}

// -----------------------------------------------------------------------------
// [SECTION] xpos
// -----------------------------------------------------------------------------

Json computeXpos(const ParsedArgs& args) {
    core::XposParams p;
    p.headDim = static_cast<int>(args.integer("--head-dim"));
    p.scaleBase = args.number("--xpos-scale-base");
    p.base = args.number("--rope-theta");
    const Eigen::VectorXd zeta = core::xposZeta(p);
    const Eigen::VectorXd theta = core::xposInvFreq(p);
    Json j;
    j["quantity"] = "xpos";
    j["head_dim"] = p.headDim;
    putNumber(j, "scale_base", p.scaleBase);
    putNumber(j, "base", p.base);
    j["pairing"] = core::pairingName(core::Pairing::Interleaved);
    putArray(j, "zeta", zeta);
    putArray(j, "inv_freq", theta);
    if (const auto deltas = args.optionalNumberList("--deltas")) {
        const Eigen::VectorXd d =
            Eigen::Map<const Eigen::VectorXd>(deltas->data(), static_cast<Eigen::Index>(deltas->size()));
        const Eigen::VectorXd kernel = core::xposKernelOnes(p, d);
        for (Eigen::Index k = 0; k < kernel.size(); ++k)
            if (!std::isfinite(kernel[k]))
                throw flagError("--deltas",
                                "zeta^(delta/scale_base) overflows a double at delta " + core::formatDouble(d[k]),
                                args.raw("--deltas"));
        putArray(j, "kernel_delta", d);
        putArray(j, "kernel_dot_ones", kernel);
    }
    return j;
}

FlagSpec deltasFlag() {
    return parameterFlag("--deltas", model::kCompute).core({"deltas"});
}

}  // namespace

Quantity ropeQuantity() {
    Quantity q;
    q.name = "rope";
    q.summary = "RoPE frequencies, wavelengths, scaling details and the positional kernel";
    q.usage = "--head-dim D --rope-theta B [--rope-type T ...] [--deltas LIST]";
    q.description =
        std::string(kRopeFlagsDescription) +
        "Output keys: rope_type, rule (the scaling rule applied), factor, factor_rule, rotary_dim, attention_factor,\n"
        "inv_freq (rad/position, active list), wavelength (positions per turn), scale (theta_i/theta'_i),\n"
        "pairing_note, warnings; ntk/dynamic: effective_base; yarn: correction_low, correction_high,\n"
        "extrapolation_weight; llama3: band (0 kept, 1 blended, 2 divided); longrope: inv_freq_short,\n"
        "inv_freq_long, longrope_active (\"long\"/\"short\"). With --deltas: kernel_delta, kernel_sum_cos =\n"
        "sum_i cos(delta*theta_i) (no attention factor), kernel_dot_ones = 2*attention_factor^2*kernel_sum_cos\n"
        "(all-ones q = k over the rotary channels).\n"
        "With --config/--preset and --layer K: layer K's own parameters (per-layer theta, head_dim, scaling,\n"
        "proportional or MLA rotary) plus layer, rotated_pairs, pairing (CONTRACT.md; see compute layers);\n"
        "proportional layers list head_dim/2 frequencies with zeros (wavelength null there).\n";
    q.flags = ropeFlags();
    q.flags.push_back(deltasFlag());
    q.flags.push_back(layerFlag());
    q.compute = computeRope;
    return q;
}

Quantity phaseQuantity() {
    Quantity q;
    q.name = "phase";
    q.summary = "per-pair phase facts: turns in the context and in training, aliasing under a position stride";
    q.usage = "--head-dim D --rope-theta B --context C [--training-context T] [--position-stride S] [RoPE flags]";
    q.description =
        std::string(kRopeFlagsDescription) +
        "Per pair i with the scaled theta_i (rad/position): turns_in_context = C*theta_i/(2*pi), turns_in_training =\n"
        "T*theta_i/(2*pi), full_turn_in_training = T*theta_i >= 2*pi, aliased = theta_i*S > pi (Nyquist),\n"
        "apparent_frequency = |((theta_i*S + pi) mod 2*pi) - pi| (rad per sampled step). Also inv_freq,\n"
        "wavelength (after scaling), rotary_dim, rule, attention_factor, warnings.\n"
        "Pretraining (unscaled theta0_i = B^(-2i/r), T = the pretraining context): first_unseen_position = null\n"
        "when (T-1)*theta0_i >= 2*pi (every phase seen), else floor((T-1)*theta0_i/theta_i) + 1, the first position\n"
        "whose phase the pretrained model never reached (null when not below C); full_turn_in_pretraining =\n"
        "T*theta0_i >= 2*pi.\n"
        "Note: --dynamic-seq-len (alias --seq-len) is not implied by --context (dynamic and longrope read it only).\n";
    q.flags = ropeFlags();
    q.flags.push_back(parameterFlag("--context", model::kCompute, q.name).required().core({"context"}));
    q.flags.push_back(parameterFlag("--training-context", model::kCompute, q.name).core({"training_context"}));
    q.flags.push_back(
        parameterFlag("--position-stride", model::kCompute, q.name).withDefault("1").core({"position_stride"}));
    q.compute = computePhase;
    return q;
}

Quantity xposQuantity() {
    Quantity q;
    q.name = "xpos";
    q.summary = "xPos decay factors zeta, frequencies and the all-ones kernel (torchscale)";
    q.usage = "--head-dim D [--xpos-scale-base SB] [--rope-theta B] [--deltas LIST]";
    q.description =
        "xPos (Sun et al. 2022, torchscale): interleaved pairs (2i, 2i+1), theta_i = B^(-2i/D) rad/position,\n"
        "zeta_i = (2i + 0.4 D)/(1.4 D). Output keys: zeta, inv_freq, pairing; with --deltas: kernel_delta and\n"
        "kernel_dot_ones = sum_i 2*zeta_i^(delta/SB)*cos(delta*theta_i) (all-ones q = k, delta = query - key).\n";
    q.flags = {
        parameterFlag("--head-dim", model::kCompute, q.name).required().core({"head_dim"}),
        parameterFlag("--xpos-scale-base", model::kCompute, q.name).withDefault("512").core({"scale_base"}),
        parameterFlag("--rope-theta", model::kCompute, q.name).withDefault("10000").core({"base"}),
        deltasFlag(),
    };
    q.compute = computeXpos;
    return q;
}

}  // namespace phaselens::cli
