// Absolute tables and attention biases: `compute sinusoidal`, `alibi-slopes`, `alibi-bias`,
// `t5-buckets` and `nope`.
//
// Contents
//   [SECTION] Helpers
//   [SECTION] sinusoidal
//   [SECTION] alibi-slopes, alibi-bias
//   [SECTION] t5-buckets
//   [SECTION] nope

#include <cstdio>

#include "cli/parameter_flags.h"
#include "cli/quantity.h"
#include "phaselens/alibi.h"
#include "phaselens/attention.h"
#include "phaselens/sinusoidal.h"
#include "phaselens/t5_buckets.h"

namespace phaselens::cli {

namespace {

// -----------------------------------------------------------------------------
// [SECTION] Helpers
// -----------------------------------------------------------------------------

/// Throws CliError naming `flag` when an output of `count` numbers would exceed kMaxOutputNumbers.
// An integer-valued count as text without converting an out-of-range double to an integer (2^69 stays 2^69).
std::string formatCount(double count) {
    char buf[64];
    std::snprintf(buf, sizeof buf, count < 9.0e15 ? "%.0f" : "%.6g", count);
    return buf;
}

void requireOutputSize(const ParsedArgs& args, const std::string& flag, double count, const std::string& formula) {
    if (count > static_cast<double>(kMaxOutputNumbers))
        throw flagError(flag,
                        formula + " = " + formatCount(count) +
                            " numbers exceeds the output limit 2^24 = " + std::to_string(kMaxOutputNumbers),
                        args.raw(flag));
}

FlagSpec seqLenFlag(const std::string& quantity) {
    return parameterFlag("--seq-len", model::kCompute, quantity).required().core({"seq_len"});
}

Eigen::MatrixXi causalMaskInts(int64_t n) {
    return core::causalMask(n).cast<int>();
}

// object[key] = causalMaskInts(n) as JSON. Large masks are written row by row without being stored (row i:
// 1 for keys j <= i, else 0, attention.h), byte-identical to the array.
void putCausalMask(Json& object, const std::string& key, int64_t n) {
    if (static_cast<double>(n) * static_cast<double>(n) < static_cast<double>(detail::kDeferCells)) {
        putArray(object, key, causalMaskInts(n));
        return;
    }
    object[key] = detail::deferRows(n, [n](std::string& out, Eigen::Index i) {
        const std::size_t at = out.size();
        out.resize(at + 2 * static_cast<std::size_t>(n) + 1, ',');
        out[at] = '[';
        for (int64_t j = 0; j < n; ++j) out[at + 1 + 2 * static_cast<std::size_t>(j)] = j <= i ? '1' : '0';
        out.back() = ']';
    });
}

// -----------------------------------------------------------------------------
// [SECTION] sinusoidal
// -----------------------------------------------------------------------------

Json computeSinusoidal(const ParsedArgs& args) {
    core::SinusoidalParams p;
    p.dModel = static_cast<int>(args.integer("--d-model"));
    p.base = args.number("--rope-theta");
    p.layout = args.choice("--sinusoidal-layout") == "concatenated" ? core::SinusoidalLayout::Concatenated
                                                                    : core::SinusoidalLayout::Interleaved;
    const std::vector<double> positions = args.numberList("--positions");
    requireOutputSize(args, "--positions", static_cast<double>(positions.size()) * p.dModel, "positions * d_model");
    const Eigen::VectorXd pos =
        Eigen::Map<const Eigen::VectorXd>(positions.data(), static_cast<Eigen::Index>(positions.size()));
    Json j;
    j["quantity"] = "sinusoidal";
    j["d_model"] = p.dModel;
    putNumber(j, "base", p.base);
    j["layout"] = args.choice("--sinusoidal-layout");
    putArray(j, "positions", pos);
    putArray(j, "frequencies", core::sinusoidalFrequencies(p));
    putArray(j, "pe", core::sinusoidalTable(p, pos));
    return j;
}

// -----------------------------------------------------------------------------
// [SECTION] alibi-slopes, alibi-bias
// -----------------------------------------------------------------------------

FlagSpec headsFlag(const std::string& quantity) {
    return parameterFlag("--heads", model::kCompute, quantity).required().core({"heads"});
}

Json computeAlibiSlopes(const ParsedArgs& args) {
    const int heads = static_cast<int>(args.integer("--heads"));
    Json j;
    j["quantity"] = "alibi-slopes";
    j["heads"] = heads;
    putArray(j, "slopes", core::alibiSlopes(heads));
    return j;
}

Json computeAlibiBias(const ParsedArgs& args) {
    const int heads = static_cast<int>(args.integer("--heads"));
    const int64_t n = args.integer("--seq-len");
    const double nd = static_cast<double>(n);
    requireOutputSize(args, "--seq-len", heads * nd * nd, "heads * seq_len^2 (--heads " + args.raw("--heads") + ")");
    const core::AlibiForm form = core::alibiFormFromName(args.choice("--alibi-form"));
    const Eigen::VectorXd slopes = core::alibiSlopes(heads);
    std::vector<Eigen::MatrixXd> bias;
    bias.reserve(static_cast<size_t>(heads));
    for (int h = 0; h < heads; ++h) bias.push_back(core::alibiBias(slopes[h], n, form));
    Json j;
    j["quantity"] = "alibi-bias";
    j["heads"] = heads;
    j["seq_len"] = n;
    j["form"] = core::alibiFormName(form);
    j["note"] =
        "bias[h][i][j], i = query, j = key, unmasked for every i, j; linear is the paper's -m_h*(i-j) (causal models "
        "use it where causal_mask is 1); key-index is fairseq/BLOOM's m_h*j (same softmax, different matrix)";
    putArray(j, "slopes", slopes);
    putArray(j, "bias", std::move(bias));
    putCausalMask(j, "causal_mask", n);
    return j;
}

// -----------------------------------------------------------------------------
// [SECTION] t5-buckets
// -----------------------------------------------------------------------------

Json computeT5Buckets(const ParsedArgs& args) {
    const bool bi = args.has("--bidirectional"), uni = args.has("--unidirectional");
    if (bi && uni) throw CliError("--bidirectional and --unidirectional: give exactly one, got both");
    if (!bi && !uni) throw CliError("--bidirectional or --unidirectional: exactly one is required, got neither");
    core::T5BucketParams p;
    p.numBuckets = static_cast<int>(args.integer("--num-buckets"));
    p.maxDistance = static_cast<int>(args.integer("--max-distance"));
    p.bidirectional = bi;
    const std::vector<int64_t> rel = args.integerList("--relative-positions");
    Json j;
    j["quantity"] = "t5-buckets";
    j["num_buckets"] = p.numBuckets;
    j["max_distance"] = p.maxDistance;
    j["bidirectional"] = p.bidirectional;
    putArray(j, "relative_positions", rel);
    putArray(j, "buckets", core::t5Buckets(p, rel));
    return j;
}

// -----------------------------------------------------------------------------
// [SECTION] nope
// -----------------------------------------------------------------------------

Json computeNope(const ParsedArgs& args) {
    const int64_t n = args.integer("--seq-len");
    const double nd = static_cast<double>(n);
    requireOutputSize(args, "--seq-len", nd * nd, "seq_len^2");
    Json j;
    j["quantity"] = "nope";
    j["seq_len"] = n;
    j["note"] = "no positional encoding: the causal mask is the only positional signal";
    putCausalMask(j, "causal_mask", n);
    return j;
}

}  // namespace

Quantity sinusoidalQuantity() {
    Quantity q;
    q.name = "sinusoidal";
    q.summary = "sinusoidal absolute position table (Vaswani et al. 2017)";
    q.usage = "--d-model D --positions LIST [--rope-theta B] [--sinusoidal-layout interleaved|concatenated]";
    q.description =
        "omega_k = B^(-2k/D) rad/position, k = 0..D/2-1. interleaved (Vaswani, DistilBERT): pe[r][2k] = "
        "sin(p_r*omega_k),\n"
        "pe[r][2k+1] = cos(p_r*omega_k); concatenated (fairseq, tensor2tensor, GPT-J): [sin | cos].\n"
        "Output keys: d_model, base, layout, positions, frequencies (omega_k), pe (one row per position).\n";
    q.flags = {
        parameterFlag("--d-model", model::kCompute, q.name).required().core({"d_model"}),
        numberListFlag("--positions", "LIST", "positions to tabulate, |p| <= 2^53 (may be fractional)", -kMaxPosition,
                       kMaxPosition)
            .required()
            .core({"positions"}),
        parameterFlag("--rope-theta", model::kCompute, q.name).withDefault("10000").core({"base"}),
        parameterFlag("--sinusoidal-layout", model::kCompute, q.name).withDefault("interleaved"),
    };
    q.compute = computeSinusoidal;
    return q;
}

Quantity alibiSlopesQuantity() {
    Quantity q;
    q.name = "alibi-slopes";
    q.summary = "ALiBi head slopes m_h (Press et al. 2022)";
    q.usage = "--heads H";
    q.description =
        "H a power of two: m_h = 2^(-8(h+1)/H); otherwise the slopes of c = 2^floor(log2 H) heads, then\n"
        "2^(-8(2j+1)/(2c)) for j = 0..H-c-1 (not monotonic). Output keys: heads, slopes (bias per position of "
        "distance).\n";
    q.flags = {headsFlag(q.name)};
    q.compute = computeAlibiSlopes;
    return q;
}

Quantity alibiBiasQuantity() {
    Quantity q;
    q.name = "alibi-bias";
    q.summary = "ALiBi bias tensor [h][i][j] and the causal mask";
    q.usage = "--heads H --seq-len N [--alibi-form linear|symmetric|key-index]";
    q.description =
        "bias[h][i][j] for query i, key j, every i and j (no masking): linear -m_h*(i-j) (the paper's matrix),\n"
        "symmetric -m_h*|i-j|, key-index m_h*j (fairseq/BLOOM). causal_mask[i][j] = 1 if j <= i else 0.\n"
        "Output keys: heads, seq_len, form, note, slopes, bias, causal_mask. Limit: H*N^2 <= 2^24 numbers.\n";
    q.flags = {
        headsFlag(q.name),
        seqLenFlag(q.name),
        parameterFlag("--alibi-form", model::kCompute, q.name).withDefault("linear"),
    };
    q.compute = computeAlibiBias;
    return q;
}

Quantity t5BucketsQuantity() {
    Quantity q;
    q.name = "t5-buckets";
    q.summary = "T5 relative-position bucket ids (HF T5Attention._relative_position_bucket)";
    q.usage = "--num-buckets NB --max-distance MD (--bidirectional | --unidirectional) --relative-positions LIST";
    q.description =
        "relative_position = key - query. bidirectional: NB/2 buckets per direction, future keys offset by NB/2;\n"
        "unidirectional: every future key maps to bucket 0. Exact buckets below max_exact = nb/2, then\n"
        "log-spaced up to MD, clamped to the last bucket. Output keys: num_buckets, max_distance, bidirectional,\n"
        "relative_positions, buckets (integers).\n";
    q.flags = {
        parameterFlag("--num-buckets", model::kCompute, q.name).required().core({"num_buckets"}),
        parameterFlag("--max-distance", model::kCompute, q.name).required().core({"max_distance"}),
        parameterFlag("--bidirectional", model::kCompute, q.name),  // exactly one of the two mode flags
        parameterFlag("--unidirectional", model::kCompute, q.name),
        parameterFlag("--relative-positions", model::kCompute, q.name)
            .required()
            .core({"relative_position", "relative_positions"}),
    };
    q.compute = computeT5Buckets;
    return q;
}

Quantity nopeQuantity() {
    Quantity q;
    q.name = "nope";
    q.summary = "no positional encoding: the causal mask alone";
    q.usage = "--seq-len N";
    q.description = "causal_mask[i][j] = 1 if key j <= query i else 0 (integers). Limit: N^2 <= 2^24 numbers.\n";
    q.flags = {seqLenFlag(q.name)};
    q.compute = computeNope;
    return q;
}

}  // namespace phaselens::cli
