// Study figures (../shared/golden/layers/CONTRACT.md §5): `compute base-bound`, `critical-dim`, `decay-bound`.
// Formulas and papers: core/include/phaselens/study.h.
#include "cli/parameter_flags.h"
#include "cli/quantity.h"
#include "phaselens/study.h"

namespace phaselens::cli {

namespace {

constexpr size_t kMaxBases = 64;              // one full evaluation of m = 0..L per listed base
constexpr double kMaxDecayWork = 67108864.0;  // deltas × D/2 terms (2^26)

std::string baseBoundLimitText() {
    return "(context + 1) * head_dim / 2 <= 2^24 = " + std::to_string(static_cast<int64_t>(core::kMaxBaseBoundWork));
}

Json computeBaseBound(const ParsedArgs& args) {
    const int d = static_cast<int>(args.integer("--head-dim"));
    const int64_t L = args.integer("--context");
    const double baseMax = args.number("--base-max");
    if ((static_cast<double>(L) + 1.0) * (d / 2) > core::kMaxBaseBoundWork)
        throw flagError("--context", "must satisfy " + baseBoundLimitText() + " (head_dim " + std::to_string(d) + ")",
                        args.raw("--context"));
    const auto bases = args.optionalNumberList("--bases");
    if (bases) {
        if (bases->size() > kMaxBases)
            throw flagError(
                "--bases",
                "at most " + std::to_string(kMaxBases) + " bases, got " + std::to_string(bases->size()) + " in",
                args.raw("--bases"));
        for (double b : *bases)
            if (!(b > 1.0)) throw flagError("--bases", "every base must be > 1", args.raw("--bases"));
    }
    Json j;
    j["quantity"] = "base-bound";
    j["head_dim"] = d;
    j["context"] = L;
    putNumber(j, "base_max", baseMax);
    const auto minBase = core::minValidBase(d, L, baseMax);
    if (minBase)
        putNumber(j, "min_base", *minBase);
    else
        j["min_base"] = nullptr;
    if (bases) {
        std::vector<double> minBm;
        std::vector<int64_t> argmin;
        Json valid = Json::array();
        for (double b : *bases) {
            const core::BaseBoundMinimum m = core::baseBoundMinimum(d, b, L);
            minBm.push_back(m.minBm);
            argmin.push_back(m.argmin);
            valid.push_back(m.minBm >= 0.0);
        }
        putArray(j, "bases", *bases);
        putArray(j, "min_bm", minBm);
        j["valid"] = valid;
        putArray(j, "argmin_m", argmin);
    }
    return j;
}

Json computeCriticalDim(const ParsedArgs& args) {
    const int d = static_cast<int>(args.integer("--head-dim"));
    const double base = args.number("--rope-theta");
    const double L = args.number("--training-context");
    Json j;
    j["quantity"] = "critical-dim";
    j["head_dim"] = d;
    putNumber(j, "rope_theta", base);
    putNumber(j, "training_context", L);
    j["critical_dim"] = core::criticalDimension(d, base, L);
    return j;
}

Json computeDecayBound(const ParsedArgs& args) {
    const int d = static_cast<int>(args.integer("--head-dim"));
    const double base = args.number("--rope-theta");
    const std::vector<double> deltas = args.numberList("--deltas");
    if (static_cast<double>(deltas.size()) * (d / 2) > kMaxDecayWork)
        throw flagError("--deltas", "deltas * head_dim/2 must be <= 2^26 (head_dim " + std::to_string(d) + ")",
                        std::to_string(deltas.size()) + " deltas");
    const Eigen::VectorXd dv =
        Eigen::Map<const Eigen::VectorXd>(deltas.data(), static_cast<Eigen::Index>(deltas.size()));
    Json j;
    j["quantity"] = "decay-bound";
    j["head_dim"] = d;
    putNumber(j, "rope_theta", base);
    putArray(j, "deltas", deltas);
    putArray(j, "bound", core::decayBound(d, base, dv));
    return j;
}

}  // namespace

Quantity baseBoundQuantity() {
    Quantity q;
    q.name = "base-bound";
    q.summary = "smallest RoPE base with B_m >= 0 for every m <= L (Men et al. 2024)";
    q.usage = "--head-dim D --context L [--base-max B] [--bases LIST]";
    q.description =
        "B_m(b) = sum_{i<D/2} cos(m*b^(-2i/D)); b is valid when B_m(b) >= 0 for every integer m in 0..L.\n"
        "The valid set is not an interval (windows alternate with gaps), so min_base is the lower edge of the\n"
        "LOWEST window: scan b = 2*1.0002^k upward, bisect the first invalid->valid change (relative 1e-7);\n"
        "null when nothing up to --base-max is valid. With --bases: min_bm (min over m of B_m), valid, argmin_m.\n"
        "Output keys: head_dim, context, base_max, min_base [, bases, min_bm, valid, argmin_m].\n"
        "Limits: head_dim <= 1024, (context + 1) * head_dim / 2 <= 2^24, at most 64 bases. Measured (one core):\n"
        "D = 128: L = 4096 0.3 s, L = 32768 1.3 s, L = 131072 2.5 s, L = 262143 3.8 s.\n";
    q.flags = {
        // --head-dim: the table's 2..1024, no single-row variant: witness checks cost D/2 cosines per scanned base.
        parameterFlag("--head-dim", model::kCompute, q.name).required().core({"head_dim"}),
        parameterFlag("--context", model::kCompute, q.name).required().core({"context"}),  // largest offset m checked
        numberFlag("--base-max", "B", "upper end of the scan", 2.0, 1e300).withDefault("1e12").core({"base_max"}),
        numberListFlag("--bases", "LIST", "bases to evaluate (each > 1, at most 64)", -1e300, 1e300).core({"base"}),
    };
    q.compute = computeBaseBound;
    return q;
}

Quantity criticalDimQuantity() {
    Quantity q;
    q.name = "critical-dim";
    q.summary = "critical dimension of RoPE extrapolation (Liu et al. 2023, eq. 13)";
    q.usage = "--head-dim D --rope-theta B --training-context L";
    q.description =
        "critical_dim = 2*ceil((D/2)*log_B(L/(2*pi))): the leading dimensions whose period 2*pi*B^(2n/D) fits in\n"
        "the training context (Llama 2: 128, 1e4, 4096 -> 92). The formula as is: > D when every pair turns\n"
        "within L, <= 0 when L <= 2*pi. Output keys: head_dim, rope_theta, training_context, critical_dim.\n";
    q.flags = {
        parameterFlag("--head-dim", model::kCompute, q.name).required().core({"head_dim"}),
        parameterFlag("--rope-theta", model::kCompute, q.name).required().core({"rope_theta"}),
        parameterFlag("--training-context", model::kCompute, q.name).required().core({"training_context"}),
    };
    q.compute = computeCriticalDim;
    return q;
}

Quantity decayBoundQuantity() {
    Quantity q;
    q.name = "decay-bound";
    q.summary = "RoFormer long-term decay bound (Su et al. 2021, section 3.4.3)";
    q.usage = "--head-dim D --rope-theta B --deltas LIST";
    q.description =
        "bound(delta) = (1/(D/2)) * sum_{j=1}^{D/2} |S_j|, S_j = sum_{k<j} exp(i*delta*theta_k), theta_k = B^(-2k/D);\n"
        "(D/2 + 1)/2 at delta 0. Output keys: head_dim, rope_theta, deltas, bound.\n"
        "Limit: deltas * head_dim/2 <= 2^26 terms.\n";
    q.flags = {
        parameterFlag("--head-dim", model::kCompute, q.name).required().core({"head_dim"}),
        parameterFlag("--rope-theta", model::kCompute, q.name).required().core({"rope_theta"}),
        parameterFlag("--deltas", model::kCompute, q.name).required().core({"delta"}),
    };
    q.compute = computeDecayBound;
    return q;
}

}  // namespace phaselens::cli
