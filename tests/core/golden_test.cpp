// Every golden case in ../shared/golden, every expected key, against phaselens_core.
//
// The cases are discovered from index.json at test time, so a new file of a known quantity is tested
// without touching this file; a file of an unknown quantity, an expected key nobody compares, or a
// parameter the builder does not understand is a failure (never a silent pass).
//
// Contents
//   [SECTION] Helpers
//   [SECTION] One checker per quantity
//   [SECTION] Parameterized test over index.json
//   [SECTION] Index consistency
//   [SECTION] The helper's own semantics

#include "golden.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>

#include "json_text.h"
#include "phaselens/alibi.h"
#include "phaselens/attention.h"
#include "phaselens/rope.h"
#include "phaselens/rope_scaling.h"
#include "phaselens/sinusoidal.h"
#include "phaselens/t5_buckets.h"
#include "phaselens/xpos.h"

namespace phaselens::test {
namespace {

using core::Pairing;

// -----------------------------------------------------------------------------
// [SECTION] Helpers
// -----------------------------------------------------------------------------

/// Fails the test for any params key outside `known` (a parameter we would silently ignore).
void expectOnlyKnownParams(const GoldenCase& g, const std::set<std::string>& known) {
    for (const auto& item : g.params().items())
        EXPECT_TRUE(known.count(item.key()))
            << g.fileName() << ": params." << item.key() << " is not understood by the test's parameter builder";
}

std::optional<double> optDouble(const GoldenCase& g, const std::string& key) {
    if (!g.hasParam(key) || g.params()[key].is_null()) return std::nullopt;
    return g.paramDouble(key);
}

std::optional<int64_t> optInt(const GoldenCase& g, const std::string& key) {
    if (!g.hasParam(key) || g.params()[key].is_null()) return std::nullopt;
    return g.paramInt(key);
}

double baseParam(const GoldenCase& g) {
    if (g.hasParam("base")) return g.paramDouble("base");
    if (g.hasParam("rope_theta")) return g.paramDouble("rope_theta");
    return 10000.0;
}

/// Rotary dim from params (head_dim or d, partial_rotary_factor), checked against params.rotary_dim.
int rotaryDimFromParams(const GoldenCase& g, const std::string& headDimKey) {
    const int headDim = static_cast<int>(g.paramInt(headDimKey));
    const double pct = optDouble(g, "partial_rotary_factor").value_or(1.0);
    const int r = core::rotaryDim(headDim, pct);
    if (g.hasParam("rotary_dim")) {
        EXPECT_EQ(r, g.paramInt("rotary_dim")) << g.fileName() << ": rotary_dim";
    }
    return r;
}

/// Builds core RopeParams from a rope_inv_freq case (HF config.json / rope_scaling field names).
core::RopeParams ropeParamsFrom(const GoldenCase& g) {
    expectOnlyKnownParams(g, {"rope_type",
                              "type",
                              "head_dim",
                              "rotary_dim",
                              "partial_rotary_factor",
                              "base",
                              "rope_theta",
                              "factor",
                              "original_max_position_embeddings",
                              "max_position_embeddings",
                              "seq_len",
                              "beta_fast",
                              "beta_slow",
                              "truncate",
                              "mscale",
                              "mscale_all_dim",
                              "low_freq_factor",
                              "high_freq_factor",
                              "short_factor",
                              "long_factor",
                              "attention_factor",
                              "longrope_rule"});
    core::RopeParams p;
    p.headDim = static_cast<int>(g.paramInt("head_dim"));
    p.base = baseParam(g);
    p.partialRotaryFactor = optDouble(g, "partial_rotary_factor").value_or(1.0);
    const std::string type = g.hasParam("rope_type") ? g.paramString("rope_type")
                             : g.hasParam("type")    ? g.paramString("type")
                                                     : "default";
    p.type = core::ropeTypeFromName(type);
    p.factor = optDouble(g, "factor").value_or(1.0);
    p.originalMaxPositionEmbeddings = optInt(g, "original_max_position_embeddings");
    p.maxPositionEmbeddings = optInt(g, "max_position_embeddings");
    p.seqLen = optInt(g, "seq_len");
    if (auto v = optDouble(g, "beta_fast")) p.betaFast = *v;
    if (auto v = optDouble(g, "beta_slow")) p.betaSlow = *v;
    if (g.hasParam("truncate")) p.yarnTruncate = g.paramBool("truncate");
    p.mscale = optDouble(g, "mscale");
    p.mscaleAllDim = optDouble(g, "mscale_all_dim");
    if (auto v = optDouble(g, "low_freq_factor")) p.lowFreqFactor = *v;
    if (auto v = optDouble(g, "high_freq_factor")) p.highFreqFactor = *v;
    if (g.hasParam("short_factor")) p.shortFactor = g.paramList("short_factor");
    if (g.hasParam("long_factor")) p.longFactor = g.paramList("long_factor");
    p.attentionFactor = optDouble(g, "attention_factor");
    if (g.hasParam("longrope_rule")) {
        const std::string rule = g.paramString("longrope_rule");
        if (rule == "seq_len")
            p.longRopeRule = core::LongRopeRule::SeqLen;
        else if (rule == "factor_above_one")
            p.longRopeRule = core::LongRopeRule::FactorAboveOne;
        else
            ADD_FAILURE() << g.fileName() << ": unknown longrope_rule '" << rule << "'";
    }
    return p;
}

/// (R(Δ)·1)·(R(0)·1) with all-ones vectors of length r, from core rotate() alone.
Eigen::VectorXd explicitDotOnes(const Eigen::VectorXd& invFreq, double attentionFactor, const Eigen::VectorXd& deltas,
                                Pairing pairing) {
    const Eigen::VectorXd ones = Eigen::VectorXd::Ones(2 * invFreq.size());
    const Eigen::VectorXd k = core::rotate(ones, 0.0, invFreq, pairing, attentionFactor);
    Eigen::VectorXd out(deltas.size());
    for (Eigen::Index j = 0; j < deltas.size(); ++j)
        out[j] = core::rotate(ones, deltas[j], invFreq, pairing, attentionFactor).dot(k);
    return out;
}

// -----------------------------------------------------------------------------
// [SECTION] One checker per quantity
// -----------------------------------------------------------------------------

void checkRopeInvFreq(const GoldenCase& g) {
    const core::RopeParams p = ropeParamsFrom(g);
    const core::RopeFrequencies f = core::computeRopeFrequencies(p);
    if (g.hasParam("rotary_dim")) {
        EXPECT_EQ(f.rotaryDim, g.paramInt("rotary_dim"));
    }

    EXPECT_TRUE(g.near("inv_freq", f.invFreq));
    EXPECT_TRUE(g.near("wavelength", f.wavelength));
    EXPECT_TRUE(g.near("wavelength", core::wavelengths(f.invFreq), "core::wavelengths"));
    EXPECT_TRUE(g.near("attention_factor", f.attentionFactor));
    if (g.hasExpected("inv_freq_short")) {
        EXPECT_TRUE(g.near("inv_freq_short", f.invFreqShort));
    }
    if (g.hasExpected("inv_freq_long")) {
        EXPECT_TRUE(g.near("inv_freq_long", f.invFreqLong));
    }

    // kernel_delta is the offset axis of the kernel arrays: an input, checked to be whole offsets.
    const Eigen::VectorXd deltas = g.expectedVector("kernel_delta");
    for (Eigen::Index j = 0; j < deltas.size(); ++j) EXPECT_EQ(deltas[j], std::round(deltas[j])) << "kernel_delta";

    if (g.hasExpected("kernel_sum_cos")) {
        const Eigen::VectorXd sumCos = core::kernelSumCos(f.invFreq, deltas);
        EXPECT_TRUE(g.near("kernel_sum_cos", sumCos, "core::kernelSumCos"));
        Eigen::VectorXd viaRange(deltas.size());
        for (Eigen::Index j = 0; j < deltas.size(); ++j)
            viaRange[j] = core::kernelSumCosRange(f.invFreq, Eigen::VectorXd::Ones(f.invFreq.size()),
                                                  static_cast<int64_t>(deltas[j]), 1)[0];
        EXPECT_TRUE(g.near("kernel_sum_cos", viaRange, "core::kernelSumCosRange, one offset at a time"));
    }
    if (g.hasExpected("kernel_dot_ones")) {
        const double af2 = f.attentionFactor * f.attentionFactor;
        EXPECT_TRUE(g.near("kernel_dot_ones", (2.0 * af2 * core::kernelSumCos(f.invFreq, deltas)).eval(),
                           "2·af²·kernelSumCos"));
        EXPECT_TRUE(
            g.near("kernel_dot_ones",
                   core::kernelWeighted(f.invFreq, Eigen::VectorXd::Constant(f.invFreq.size(), 2.0 * af2), deltas),
                   "core::kernelWeighted with w = 2·af²"));
        for (Pairing pairing : {Pairing::HalfSplit, Pairing::Interleaved})
            EXPECT_TRUE(g.near("kernel_dot_ones", explicitDotOnes(f.invFreq, f.attentionFactor, deltas, pairing),
                               std::string("explicit rotate(), ") + core::pairingName(pairing)));
    }
}

void checkRopeRotation(const GoldenCase& g) {
    expectOnlyKnownParams(g, {"d", "head_dim", "rotary_dim", "partial_rotary_factor", "base", "rope_theta", "x",
                              "positions", "attention_factor"});
    const std::string dKey = g.hasParam("d") ? "d" : "head_dim";
    const int r = rotaryDimFromParams(g, dKey);
    const Eigen::VectorXd invFreq = core::defaultInvFreq(r, baseParam(g));
    const double af = optDouble(g, "attention_factor").value_or(1.0);
    const Eigen::VectorXd x = g.paramVector("x");
    const Eigen::VectorXd positions = g.paramVector("positions");
    ASSERT_EQ(x.size(), g.paramInt(dKey));

    if (g.hasExpected("inv_freq")) {
        EXPECT_TRUE(g.near("inv_freq", invFreq));
    }
    const std::pair<const char*, Pairing> outputs[] = {{"out_half", Pairing::HalfSplit},
                                                       {"out_interleaved", Pairing::Interleaved}};
    for (const auto& [key, pairing] : outputs) {
        if (!g.hasExpected(key)) continue;
        Eigen::MatrixXd out(positions.size(), x.size());
        for (Eigen::Index row = 0; row < positions.size(); ++row)
            out.row(row) = core::rotate(x, positions[row], invFreq, pairing, af).transpose();
        EXPECT_TRUE(g.near(key, out, "core::rotate"));
        const Eigen::MatrixXd X = x.transpose().replicate(positions.size(), 1);
        EXPECT_TRUE(g.near(key, core::rotateRows(X, positions, invFreq, pairing, af), "core::rotateRows"));
    }
}

void checkRopeScores(const GoldenCase& g) {
    expectOnlyKnownParams(g, {"d", "head_dim", "rotary_dim", "partial_rotary_factor", "base", "rope_theta", "q", "k",
                              "q_pos", "k_pos", "attention_factor"});
    const std::string dKey = g.hasParam("d") ? "d" : "head_dim";
    const int r = rotaryDimFromParams(g, dKey);
    const Eigen::VectorXd invFreq = core::defaultInvFreq(r, baseParam(g));
    const double af = optDouble(g, "attention_factor").value_or(1.0);
    const Eigen::MatrixXd Q = g.paramMatrix("q"), K = g.paramMatrix("k");
    const Eigen::VectorXd qPos = g.paramVector("q_pos"), kPos = g.paramVector("k_pos");
    const std::pair<const char*, Pairing> outputs[] = {{"scores_half", Pairing::HalfSplit},
                                                       {"scores_interleaved", Pairing::Interleaved}};
    for (const auto& [key, pairing] : outputs)
        if (g.hasExpected(key)) {
            EXPECT_TRUE(g.near(key, core::ropeScores(Q, K, qPos, kPos, invFreq, pairing, af)));
        }
}

void checkSinusoidal(const GoldenCase& g) {
    expectOnlyKnownParams(g, {"d", "d_model", "base", "positions"});
    core::SinusoidalParams p;
    p.dModel = static_cast<int>(g.hasParam("d") ? g.paramInt("d") : g.paramInt("d_model"));
    p.base = baseParam(g);
    p.layout = core::SinusoidalLayout::Interleaved;  // the convention of every sinusoidal case
    EXPECT_TRUE(g.near("pe", core::sinusoidalTable(p, g.paramVector("positions"))));
}

void checkAlibiSlopes(const GoldenCase& g) {
    expectOnlyKnownParams(g, {"num_heads"});
    if (g.params()["num_heads"].is_array()) {
        const Eigen::VectorXd heads = g.paramVector("num_heads");
        ASSERT_EQ(static_cast<size_t>(heads.size()), g.expectedRows("slopes").size());
        for (Eigen::Index h = 0; h < heads.size(); ++h)
            EXPECT_TRUE(g.nearRow("slopes", static_cast<size_t>(h), core::alibiSlopes(static_cast<int>(heads[h]))));
    } else {
        EXPECT_TRUE(g.near("slopes", core::alibiSlopes(static_cast<int>(g.paramInt("num_heads")))));
    }
}

void checkAlibiBias(const GoldenCase& g) {
    expectOnlyKnownParams(g, {"num_heads", "N"});
    const int heads = static_cast<int>(g.paramInt("num_heads"));
    const int64_t n = g.paramInt("N");
    const Eigen::VectorXd slopes = core::alibiSlopes(heads);
    if (g.hasExpected("slopes")) {
        EXPECT_TRUE(g.near("slopes", slopes));
    }
    const std::pair<const char*, core::AlibiForm> forms[] = {{"bias_linear", core::AlibiForm::Linear},
                                                             {"bias_symmetric", core::AlibiForm::Symmetric},
                                                             {"bias_key_index", core::AlibiForm::KeyIndex}};
    for (const auto& [key, form] : forms) {
        if (!g.hasExpected(key)) continue;
        std::vector<Eigen::MatrixXd> perHead;
        for (int h = 0; h < heads; ++h) perHead.push_back(core::alibiBias(slopes[h], n, form));
        EXPECT_TRUE(g.near(key, toNdArray(perHead), core::alibiFormName(form)));
    }
    if (g.hasExpected("causal_mask")) {
        EXPECT_TRUE(g.near("causal_mask", core::causalMask(n), "core::causalMask"));
        EXPECT_TRUE(g.near("causal_mask", core::maskMatrix({core::MaskType::Causal, 0}, n, n), "core::maskMatrix"));
    }
}

void checkT5Buckets(const GoldenCase& g) {
    expectOnlyKnownParams(g, {"bidirectional", "num_buckets", "max_distance", "relative_position"});
    core::T5BucketParams p;
    p.bidirectional = g.paramBool("bidirectional");
    p.numBuckets = static_cast<int>(g.paramInt("num_buckets"));
    p.maxDistance = static_cast<int>(g.paramInt("max_distance"));
    const Eigen::VectorXd rel = g.paramVector("relative_position");
    std::vector<int64_t> relInt(static_cast<size_t>(rel.size()));
    for (Eigen::Index j = 0; j < rel.size(); ++j) relInt[static_cast<size_t>(j)] = static_cast<int64_t>(rel[j]);
    EXPECT_TRUE(g.near("buckets", toNdArray(core::t5Buckets(p, relInt)), "core::t5Buckets"));
    Eigen::VectorXi one(rel.size());
    for (Eigen::Index j = 0; j < rel.size(); ++j) one[j] = core::t5Bucket(p, relInt[static_cast<size_t>(j)]);
    EXPECT_TRUE(g.near("buckets", toNdArray(one), "core::t5Bucket"));
}

void checkXpos(const GoldenCase& g) {
    expectOnlyKnownParams(g, {"head_dim", "scale_base", "base", "L", "offset", "q", "k"});
    core::XposParams p;
    p.headDim = static_cast<int>(g.paramInt("head_dim"));
    p.scaleBase = g.paramDouble("scale_base");
    p.base = baseParam(g);
    const int64_t offset = optInt(g, "offset").value_or(0);
    const Eigen::MatrixXd Q = g.paramMatrix("q"), K = g.paramMatrix("k");
    if (g.hasParam("L")) {
        EXPECT_EQ(Q.rows(), g.paramInt("L"));
    }
    if (g.hasExpected("q_out")) {
        EXPECT_TRUE(g.near("q_out", core::xposTransform(p, Q, offset, false)));
    }
    if (g.hasExpected("k_out")) {
        EXPECT_TRUE(g.near("k_out", core::xposTransform(p, K, offset, true)));
    }
    if (g.hasExpected("scores")) {
        EXPECT_TRUE(g.near("scores", core::xposScores(p, Q, K, offset)));
    }
    if (g.hasExpected("kernel_dot_ones")) {
        const Eigen::VectorXd deltas = g.expectedVector("kernel_delta");
        EXPECT_TRUE(g.near("kernel_dot_ones", core::xposKernelOnes(p, deltas)));
    }
}

const std::map<std::string, std::function<void(const GoldenCase&)>>& checkers() {
    static const std::map<std::string, std::function<void(const GoldenCase&)>> table = {
        {"rope_inv_freq", checkRopeInvFreq}, {"rope_rotation", checkRopeRotation},
        {"rope_scores", checkRopeScores},    {"sinusoidal", checkSinusoidal},
        {"alibi_slopes", checkAlibiSlopes},  {"alibi_bias", checkAlibiBias},
        {"t5_buckets", checkT5Buckets},      {"xpos", checkXpos},
    };
    return table;
}

// -----------------------------------------------------------------------------
// [SECTION] Parameterized test over index.json
// -----------------------------------------------------------------------------

std::vector<GoldenIndexEntry> indexOrPlaceholder() {
    try {
        return goldenIndex();
    } catch (const std::exception& e) {
        // Keep the binary listable; the placeholder fails with the reason.
        return {GoldenIndexEntry{std::string("<index.json unreadable: ") + e.what() + ">", "", {}}};
    }
}

std::string testNameFor(const testing::TestParamInfo<GoldenIndexEntry>& info) {
    std::string name = info.param.file;
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) name.resize(name.size() - 5);
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name.empty() ? "unnamed_" + std::to_string(info.index) : name;
}

class GoldenFile : public testing::TestWithParam<GoldenIndexEntry> {};

TEST_P(GoldenFile, MatchesEveryExpectedKey) {
    const GoldenIndexEntry& entry = GetParam();
    const GoldenCase g = GoldenCase::load(entry.file);
    EXPECT_EQ(g.quantity(), entry.quantity) << "index.json and the file disagree on the quantity";
    std::vector<std::string> fileKeys = g.expectedKeys(), indexKeys = entry.expectedKeys;
    std::sort(fileKeys.begin(), fileKeys.end());
    std::sort(indexKeys.begin(), indexKeys.end());
    EXPECT_EQ(fileKeys, indexKeys) << "index.json and the file disagree on the expected keys";

    const auto it = checkers().find(g.quantity());
    ASSERT_NE(it, checkers().end()) << entry.file << ": unknown quantity '" << g.quantity()
                                    << "' (add a checker to golden_test.cpp)";
    it->second(g);
    EXPECT_TRUE(g.allExpectedChecked());
}

INSTANTIATE_TEST_SUITE_P(Golden, GoldenFile, testing::ValuesIn(indexOrPlaceholder()), testNameFor);

// -----------------------------------------------------------------------------
// [SECTION] Index consistency
// -----------------------------------------------------------------------------

TEST(GoldenIndex, ListsExactlyTheFilesOnDisk) {
    std::vector<std::string> listed;
    for (const auto& e : goldenIndex()) listed.push_back(e.file);
    EXPECT_EQ(listed, goldenFilesOnDisk());
    EXPECT_FALSE(listed.empty()) << "no golden cases found in " << goldenDir();
}

TEST(GoldenIndex, EveryQuantityHasAChecker) {
    for (const auto& e : goldenIndex()) EXPECT_TRUE(checkers().count(e.quantity)) << e.file << ": " << e.quantity;
}

// -----------------------------------------------------------------------------
// [SECTION] The helper's own semantics
// -----------------------------------------------------------------------------

TEST(GoldenHelper, ToleranceSemantics) {
    Tolerance rel;
    rel.rel = 1e-12;
    EXPECT_TRUE(rel.accepts(1.0 + 0.9e-12, 1.0));
    EXPECT_FALSE(rel.accepts(1.0 + 1.1e-12, 1.0));
    EXPECT_TRUE(rel.accepts(1e-13, 0.0));  // floor at b = 0
    EXPECT_FALSE(rel.accepts(1e-11, 0.0));
    EXPECT_FALSE(rel.accepts(NAN, 1.0));
    Tolerance abs;
    abs.abs = 1e-9;
    EXPECT_TRUE(abs.accepts(1e6 + 0.9e-9, 1e6));
    EXPECT_FALSE(abs.accepts(2e-9, 0.0));
    Tolerance exact;
    exact.exact = true;
    EXPECT_TRUE(exact.accepts(3.0, 3.0));
    EXPECT_FALSE(exact.accepts(3.0, std::nextafter(3.0, 4.0)));
}

TEST(GoldenHelper, ToleranceForKernelKeys) {
    const GoldenCase g = GoldenCase::load("rope__default_d128_b10000.json");
    ASSERT_TRUE(g.toleranceFor("kernel_sum_cos").has_value());
    EXPECT_EQ(g.toleranceFor("kernel_sum_cos")->abs, 1e-8);
    EXPECT_EQ(g.toleranceFor("kernel_sum_cos")->rel, 0.0);
    EXPECT_EQ(g.toleranceFor("inv_freq")->rel, 1e-12);
    EXPECT_EQ(g.toleranceFor("inv_freq")->abs, 0.0);
    EXPECT_FALSE(g.near("inv_freq", Eigen::VectorXd(Eigen::VectorXd::Zero(64))));  // a wrong answer fails
    EXPECT_FALSE(g.near("inv_freq", Eigen::VectorXd(Eigen::VectorXd::Ones(3))));   // a wrong shape fails
}

TEST(GoldenHelper, NestedArrays) {
    const auto a = NdArray::fromJson(phaselens::json_text::parse("[[[1,2],[3,4]],[[5,6],[7,8]]]"));
    ASSERT_EQ(a.shape, (std::vector<Eigen::Index>{2, 2, 2}));
    EXPECT_EQ(a.slice(1)(0, 1), 6.0);
    EXPECT_EQ(a.indexText(5), "[1][0][1]");
    EXPECT_THROW(NdArray::fromJson(phaselens::json_text::parse("[[1,2],[3]]")), std::runtime_error);
    EXPECT_THROW(NdArray::fromJson(phaselens::json_text::parse("[[1,2],\"x\"]")), std::runtime_error);
    const auto s = NdArray::fromJson(phaselens::json_text::parse("2.5"));
    EXPECT_EQ(s.rank(), 0);
    EXPECT_EQ(s.data[0], 2.5);
}

TEST(GoldenHelper, UncheckedKeysAreReported) {
    const GoldenCase g = GoldenCase::load("rope_rotate__d8_b10000.json");
    EXPECT_FALSE(g.allExpectedChecked());
    g.expectedVector("inv_freq");
    g.markChecked("out_half");
    EXPECT_EQ(g.uncheckedKeys(), std::vector<std::string>{"out_interleaved"});
}

}  // namespace
}  // namespace phaselens::test
