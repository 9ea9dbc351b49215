// phaselens/mrope.h — axis allocation and position ids against ../shared/golden/layers (mrope_axes__*,
// mrope_positions__*, discovered from its index.json) and closed-form properties.
//
// Contents
//   [SECTION] Golden cases (layers/index.json)
//   [SECTION] Axis of every pair: chunked, interleaved, partial rotary, validation
//   [SECTION] Position ids: text, images, videos, transformers variants, bounds
//   [SECTION] Scores and kernels

#include "phaselens/mrope.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "golden.h"
#include "phaselens/rope.h"

namespace phaselens::test {
namespace {

using core::MropeLayout;
using core::MropeSegmentKind;

// -----------------------------------------------------------------------------
// [SECTION] Golden cases (layers/index.json)
// -----------------------------------------------------------------------------

// The decoder's rope dict of a config (text_config when present; rope_parameters or rope_scaling).
nlohmann::json ropeDictOf(const nlohmann::json& cfg) {
    const nlohmann::json& dec = cfg.contains("text_config") ? cfg["text_config"] : cfg;
    for (const char* key : {"rope_parameters", "rope_scaling"}) {
        if (!dec.contains(key) || !dec[key].is_object()) continue;
        const nlohmann::json& d = dec[key];
        if (d.contains("mrope_section")) return d;
        if (d.contains("full_attention") && d["full_attention"].is_object()) return d["full_attention"];  // nested
        for (const auto& [name, sub] : d.items())
            if (sub.is_object() && sub.contains("mrope_section")) return sub;
    }
    return nlohmann::json::object();
}

struct GoldenMrope {
    core::MropeParams params;
    core::MropeIndexOptions options;
};

// Builds parameters from a case's params (flags, or a config file from layers/configs/).
GoldenMrope paramsOf(const GoldenCase& g) {
    GoldenMrope m;
    if (g.hasParam("config")) {
        const nlohmann::json cfg = readJsonFile(goldenDir() + "/layers/configs/" + g.paramString("config"));
        const nlohmann::json& dec = cfg.contains("text_config") ? cfg["text_config"] : cfg;
        const nlohmann::json rope = ropeDictOf(cfg);
        const nlohmann::json sec = rope.contains("mrope_section") ? rope["mrope_section"] : nlohmann::json();
        for (int a = 0; a < 3; ++a) m.params.section[a] = sec.at(a).get<int>();
        m.params.layout = rope.value("mrope_interleaved", false) ? MropeLayout::Interleaved : MropeLayout::Chunked;
        m.params.headDim = dec.contains("head_dim")
                               ? dec["head_dim"].get<int>()
                               : dec["hidden_size"].get<int>() / dec["num_attention_heads"].get<int>();
        m.params.ropeTheta =
            rope.contains("rope_theta") ? rope["rope_theta"].get<double>() : dec.value("rope_theta", 10000.0);
        m.params.partialRotaryFactor = dec.value("partial_rotary_factor", 1.0);
        if (cfg.contains("vision_config") && cfg["vision_config"].contains("tokens_per_second"))
            m.options.tokensPerSecond = cfg["vision_config"]["tokens_per_second"].get<double>();
    } else {
        const std::vector<double> sec = g.paramList("mrope_section");
        for (int a = 0; a < 3; ++a) m.params.section[a] = static_cast<int>(sec.at(static_cast<size_t>(a)));
        m.params.layout = g.hasParam("mrope_interleaved") && g.paramBool("mrope_interleaved") ? MropeLayout::Interleaved
                                                                                              : MropeLayout::Chunked;
        m.params.headDim = static_cast<int>(g.paramInt("head_dim"));
        m.params.ropeTheta = g.paramDouble("rope_theta");
        if (g.hasParam("partial_rotary_factor")) m.params.partialRotaryFactor = g.paramDouble("partial_rotary_factor");
    }
    if (g.hasParam("tokens_per_second")) m.options.tokensPerSecond = g.paramDouble("tokens_per_second");
    if (g.hasParam("second_per_grid_t")) {
        const nlohmann::json& s = g.params()["second_per_grid_t"];
        m.options.secondPerGridT = s.is_array() ? s.get<std::vector<double>>() : std::vector<double>{s.get<double>()};
    }
    return m;
}

std::vector<GoldenIndexEntry> mropeCases() {
    std::vector<GoldenIndexEntry> out;
    try {
        const nlohmann::json index = readJsonFile(goldenDir() + "/layers/index.json");
        for (const auto& [file, entry] : index.at("files").items()) {
            const std::string q = entry.at("quantity").get<std::string>();
            if (q != "mrope_axes" && q != "mrope_positions") continue;
            out.push_back({"layers/" + file, q, entry.at("expected").get<std::vector<std::string>>()});
        }
    } catch (const std::exception& e) {
        out.push_back({std::string("<layers/index.json unreadable: ") + e.what() + ">", "", {}});
    }
    return out;
}

std::string caseName(const testing::TestParamInfo<GoldenIndexEntry>& info) {
    std::string name = info.param.file.substr(info.param.file.find('/') + 1);
    if (name.size() > 5) name.resize(name.size() - 5);
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
}

NdArray idsArray(const core::MropePositions& ids) {
    return toNdArray(Eigen::MatrixXd(ids.cast<double>()));
}

class MropeGolden : public testing::TestWithParam<GoldenIndexEntry> {};

TEST_P(MropeGolden, MatchesEveryExpectedKey) {
    const GoldenCase g = GoldenCase::load(GetParam().file);
    const GoldenMrope m = paramsOf(g);
    if (g.hasExpected("axis_of_pair")) {
        EXPECT_TRUE(g.near("axis_of_pair", toNdArray(Eigen::VectorXi(core::mropeAxisOfPair(m.params)))));
    }
    if (g.hasExpected("position_ids")) {
        const auto segments = core::parseMropeSequence(g.paramString("sequence"));
        EXPECT_TRUE(g.near("position_ids", idsArray(core::mropePositionIds(segments, m.options))));
    }
    EXPECT_TRUE(g.allExpectedChecked());
}

INSTANTIATE_TEST_SUITE_P(Layers, MropeGolden, testing::ValuesIn(mropeCases()), caseName);

// -----------------------------------------------------------------------------
// [SECTION] Axis of every pair: chunked, interleaved, partial rotary, validation
// -----------------------------------------------------------------------------

TEST(MropeAxes, ChunkedBlocksInOrder) {
    const Eigen::VectorXi a = core::mropeAxisOfPair({16, 24, 24}, MropeLayout::Chunked, 64);
    ASSERT_EQ(a.size(), 64);
    for (int j = 0; j < 64; ++j) EXPECT_EQ(a[j], j < 16 ? 0 : (j < 40 ? 1 : 2)) << j;
}

TEST(MropeAxes, InterleavedThwPatternWithTimeTail) {
    // Qwen3-VL 8B: [24, 20, 20] over 64 pairs reads T H W T H W ... and pairs 60..63 are time.
    const Eigen::VectorXi a = core::mropeAxisOfPair({24, 20, 20}, MropeLayout::Interleaved, 64);
    for (int j = 0; j < 60; ++j) EXPECT_EQ(a[j], j % 3) << j;
    for (int j = 60; j < 64; ++j) EXPECT_EQ(a[j], 0) << j;
    EXPECT_EQ((a.array() == 0).count(), 24);
    EXPECT_EQ((a.array() == 1).count(), 20);
    EXPECT_EQ((a.array() == 2).count(), 20);
}

TEST(MropeAxes, EveryLayoutFollowsItsDefinition) {
    const core::MropeSection sections[] = {{16, 24, 24}, {24, 20, 20}, {11, 11, 10},
                                           {32, 0, 0},   {0, 16, 16},  {10, 5, 17}};
    for (const auto& s : sections)
        for (MropeLayout layout : {MropeLayout::Chunked, MropeLayout::Interleaved}) {
            const int pairs = s[0] + s[1] + s[2];
            const Eigen::VectorXi a = core::mropeAxisOfPair(s, layout, pairs);
            // Interleaved counts equal the section only when the sections are balanced ([0, 16, 16] gives 11
            // height pairs), so compare with the definition itself.
            for (int j = 0; j < pairs; ++j) {
                int expect;
                if (layout == MropeLayout::Chunked)
                    expect = j < s[0] ? 0 : (j < s[0] + s[1] ? 1 : 2);
                else
                    expect = (j % 3 == 1 && j < 3 * s[1]) ? 1 : ((j % 3 == 2 && j < 3 * s[2]) ? 2 : 0);
                EXPECT_EQ(a[j], expect) << "pair " << j << " " << core::mropeLayoutName(layout);
            }
        }
}

TEST(MropeAxes, Qwen35PartialRotary) {
    // head_dim 256 x partial_rotary_factor 0.25 = 64 rotary channels = 32 pairs, sections [11, 11, 10].
    core::MropeParams p;
    p.headDim = 256;
    p.partialRotaryFactor = 0.25;
    p.ropeTheta = 1.0e7;
    p.section = {11, 11, 10};
    p.layout = MropeLayout::Interleaved;
    EXPECT_EQ(core::mropeRotaryDim(p), 64);
    const Eigen::VectorXi a = core::mropeAxisOfPair(p);
    ASSERT_EQ(a.size(), 32);
    for (int j = 0; j < 30; ++j) EXPECT_EQ(a[j], j % 3) << j;
    EXPECT_EQ(a[30], 0);
    EXPECT_EQ(a[31], 1);  // 31 % 3 == 1 and 31 < 33
    EXPECT_EQ(core::mropeInvFreq(p).size(), 32);
    EXPECT_DOUBLE_EQ(core::mropeInvFreq(p)[16], std::pow(1.0e7, -32.0 / 64.0));
}

TEST(MropeAxes, ValidationNamesMropeSection) {
    auto message = [](const core::MropeSection& s, int pairs) {
        try {
            core::validateMropeSection(s, pairs);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_EQ(message({16, 24, 20}, 64), "mrope_section [16, 24, 20] must sum to rotary_dim/2 = 64, got 60");
    EXPECT_NE(message({-1, 33, 32}, 64).find("mrope_section"), std::string::npos);
    EXPECT_NE(message({-1, 33, 32}, 64).find(">= 0"), std::string::npos);
    EXPECT_EQ(message({16, 24, 24}, 64), "");
    core::MropeParams p;  // head_dim 128 x 0.5 = 32 pairs, [16, 24, 24] sums to 64
    p.partialRotaryFactor = 0.5;
    EXPECT_THROW(core::validate(p), std::invalid_argument);
    EXPECT_THROW(core::mropeLayoutFromName("thw"), std::invalid_argument);
    EXPECT_EQ(core::mropeLayoutFromName("interleaved"), MropeLayout::Interleaved);
}

// -----------------------------------------------------------------------------
// [SECTION] Position ids: text, images, videos, transformers variants, bounds
// -----------------------------------------------------------------------------

core::MropePositions idsOf(const std::string& spec, const core::MropeIndexOptions& o = {}) {
    return core::mropePositionIds(core::parseMropeSequence(spec), o);
}

std::vector<int64_t> row(const core::MropePositions& ids, int r) {
    std::vector<int64_t> out;
    for (Eigen::Index c = 0; c < ids.cols(); ++c) out.push_back(ids(r, c));
    return out;
}

TEST(MropePositions, TextOnlyGivesEqualRowsCountingFromZero) {
    const core::MropePositions ids = idsOf("text:7,text:5");
    ASSERT_EQ(ids.cols(), 12);
    for (Eigen::Index c = 0; c < 12; ++c) {
        EXPECT_EQ(ids(0, c), c);
        EXPECT_EQ(ids(1, c), c);
        EXPECT_EQ(ids(2, c), c);
    }
}

TEST(MropePositions, ImageRowsRunOnHeightColumnsOnWidth) {
    // text:2 then a 3x4 image: start 2; token (r, c) gets (2, 2 + r, 2 + c), row-major.
    const core::MropePositions ids = idsOf("text:2,image:3x4,text:1");
    ASSERT_EQ(ids.cols(), 2 + 12 + 1);
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c) {
            const Eigen::Index col = 2 + r * 4 + c;
            EXPECT_EQ(ids(0, col), 2);
            EXPECT_EQ(ids(1, col), 2 + r);
            EXPECT_EQ(ids(2, col), 2 + c);
        }
    EXPECT_EQ(ids(0, 14), 2 + 3 + 1);  // max over rows is 2 + 3 (the last column), plus 1
    EXPECT_EQ(ids(1, 14), 6);
}

TEST(MropePositions, ConventionsExampleQwen2Vl) {
    const core::MropePositions ids = idsOf("text:3,image:2x3,text:2");
    EXPECT_EQ(row(ids, 0), (std::vector<int64_t>{0, 1, 2, 3, 3, 3, 3, 3, 3, 6, 7}));
    EXPECT_EQ(row(ids, 1), (std::vector<int64_t>{0, 1, 2, 3, 3, 3, 4, 4, 4, 6, 7}));
    EXPECT_EQ(row(ids, 2), (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 3, 4, 5, 6, 7}));
}

TEST(MropePositions, TextAfterVideoResumesAtMaxOverAllRows) {
    // Authors' rule: the largest id of text:1,video:4x1x1 is the time id 1 + 3 = 4, so the text is 5, not 2.
    const core::MropePositions ids = idsOf("text:1,video:4x1x1,text:1");
    EXPECT_EQ(row(ids, 0), (std::vector<int64_t>{0, 1, 2, 3, 4, 5}));
    EXPECT_EQ(row(ids, 1), (std::vector<int64_t>{0, 1, 1, 1, 1, 5}));
    EXPECT_EQ(row(ids, 2), (std::vector<int64_t>{0, 1, 1, 1, 1, 5}));
    // transformers >= PR #43972: start + max(H, W) = 1 + 1 = 2.
    core::MropeIndexOptions newest;
    newest.resumeAtStartPlusMaxHW = true;
    EXPECT_EQ(idsOf("text:1,video:4x1x1,text:1", newest)(0, 5), 2);
    // For images both rules agree.
    EXPECT_EQ(idsOf("text:3,image:2x3,text:2", newest), idsOf("text:3,image:2x3,text:2"));
}

TEST(MropePositions, VideoFramesAdvanceTimeRowMajorWithinFrame) {
    const core::MropePositions ids = idsOf("video:3x2x2");
    for (int f = 0; f < 3; ++f)
        for (int r = 0; r < 2; ++r)
            for (int c = 0; c < 2; ++c) {
                const Eigen::Index col = f * 4 + r * 2 + c;
                EXPECT_EQ(ids(0, col), f);
                EXPECT_EQ(ids(1, col), r);
                EXPECT_EQ(ids(2, col), c);
            }
}

TEST(MropePositions, Qwen25TimeIsFloorOfFrameTimesSecondsTimesTokensPerSecond) {
    core::MropeIndexOptions o;
    o.tokensPerSecond = 2.0;
    o.secondPerGridT = {0.5};  // 1 time id per frame
    EXPECT_EQ(row(idsOf("video:4x1x1", o), 0), (std::vector<int64_t>{0, 1, 2, 3}));
    o.secondPerGridT = {0.3};  // floor(0.6 f) = 0 0 1 1 2
    EXPECT_EQ(row(idsOf("video:5x1x1", o), 0), (std::vector<int64_t>{0, 0, 1, 1, 2}));
    o.secondPerGridT = {};  // default 1.0: 2 per frame
    EXPECT_EQ(row(idsOf("video:3x1x1,text:1", o), 0), (std::vector<int64_t>{0, 2, 4, 5}));
    // Per-video values, in order.
    o.secondPerGridT = {1.0, 2.0};
    const core::MropePositions two = idsOf("video:2x1x1,video:2x1x1", o);
    EXPECT_EQ(row(two, 0), (std::vector<int64_t>{0, 2, 3, 7}));
    // transformers < PR #48669 casts 0.5 to 0 first: every frame at t = start.
    o.secondPerGridT = {0.5};
    o.castSecondPerGridT = true;
    EXPECT_EQ(row(idsOf("video:4x1x1", o), 0), (std::vector<int64_t>{0, 0, 0, 0}));
}

TEST(MropePositions, BadInputNamesTheField) {
    auto message = [](const std::string& spec, const core::MropeIndexOptions& o = {}) {
        try {
            (void)idsOf(spec, o);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    for (const char* spec : {"", "text", "text:0", "text:-1", "image:2", "image:2x0", "video:2x2", "audio:3",
                             "text:3,,text:1", "text:1.5", "image:2x3x4", "text:99999999999999999999"})
        EXPECT_EQ(message(spec).rfind("sequence", 0), 0u) << spec << ": " << message(spec);
    EXPECT_EQ(message("video:2048x2048x2048").rfind("sequence", 0), 0u);  // 2^33 tokens, no overflow
    EXPECT_EQ(message("text:4194304,text:1").rfind("sequence", 0), 0u);   // over 2^22 in total
    EXPECT_EQ(core::mropeSequenceLength(core::parseMropeSequence("text:4194304")), 4194304);
    core::MropeIndexOptions o;
    o.tokensPerSecond = 2.0;
    o.secondPerGridT = {1.0, 2.0};
    EXPECT_EQ(message("video:2x1x1", o).rfind("second_per_grid_t", 0), 0u);
    o.secondPerGridT = {-1.0};
    EXPECT_EQ(message("video:2x1x1", o).rfind("second_per_grid_t", 0), 0u);
    o.secondPerGridT = {1e300};
    EXPECT_EQ(message("video:2x1x1", o).rfind("second_per_grid_t", 0), 0u);
    o.secondPerGridT = {};
    o.tokensPerSecond = std::nan("");
    EXPECT_EQ(message("video:2x1x1", o).rfind("tokens_per_second", 0), 0u);
}

TEST(MropePositions, SpecRoundTripsAndOffsets) {
    const auto segs = core::parseMropeSequence(" text:3 , image:2x3,video:2x4x5 ");
    EXPECT_EQ(core::mropeSequenceSpec(segs), "text:3,image:2x3,video:2x4x5");
    EXPECT_EQ(core::mropeSequenceLength(segs), 3 + 6 + 40);
    EXPECT_EQ(core::mropeSegmentOffsets(segs), (std::vector<int64_t>{0, 3, 9}));
    EXPECT_EQ(core::mropeVideoCount(segs), 1);
}

// -----------------------------------------------------------------------------
// [SECTION] Scores and kernels
// -----------------------------------------------------------------------------

TEST(MropeScores, TextOnlyEqualsOneDimensionalRope) {
    // With t = h = w every pair sees the same offset, so M-RoPE is plain RoPE whatever the section.
    core::MropeParams p;
    p.headDim = 64;
    p.ropeTheta = 10000.0;
    p.section = {8, 12, 12};
    const Eigen::VectorXd theta = core::defaultInvFreq(64, 10000.0);
    core::MropePositions keys(3, 5);
    for (int n = 0; n < 5; ++n) keys.col(n).setConstant(n * 7 - 3);
    const Eigen::Vector<int64_t, 3> query(20, 20, 20);
    const Eigen::VectorXd kern = core::mropeKernelOnes(p, query, keys);
    Eigen::VectorXd deltas(5);
    for (int n = 0; n < 5; ++n) deltas[n] = 20.0 - (n * 7 - 3);
    const Eigen::VectorXd expect = 2.0 * core::kernelSumCos(theta, deltas);
    for (int n = 0; n < 5; ++n) EXPECT_NEAR(kern[n], expect[n], 1e-12);
}

TEST(MropeScores, MatchesRotatingEachPairByItsAxis) {
    // Brute force: rotate q and k channel pairs (j, j + r/2) by id[axis_j]·theta_j, then dot.
    core::MropeParams p;
    p.headDim = 48;
    p.partialRotaryFactor = 0.5;  // r = 24, 12 pairs
    p.ropeTheta = 500.0;
    p.section = {4, 4, 4};
    p.layout = MropeLayout::Interleaved;
    Eigen::VectorXd q(48), k(48);
    for (int c = 0; c < 48; ++c) {
        q[c] = std::sin(0.37 * c + 0.1);
        k[c] = std::cos(0.91 * c - 0.4);
    }
    const Eigen::Vector<int64_t, 3> P(5, 2, 9), Q(1, 7, 3);
    const Eigen::VectorXd theta = core::mropeInvFreq(p);
    const Eigen::VectorXi axis = core::mropeAxisOfPair(p);
    auto rot = [&](Eigen::VectorXd v, const Eigen::Vector<int64_t, 3>& ids) {
        for (int j = 0; j < 12; ++j) {
            const double ang = static_cast<double>(ids[axis[j]]) * theta[j];
            const double a = v[j], b = v[j + 12];
            v[j] = a * std::cos(ang) - b * std::sin(ang);
            v[j + 12] = b * std::cos(ang) + a * std::sin(ang);
        }
        return v;
    };
    EXPECT_NEAR(core::mropeScore(p, q, k, P, Q), rot(q, P).dot(rot(k, Q)), 1e-12);
}

TEST(MropeScores, OnesKernelPeaksAtHeadDimAndDependsOnlyOnDifferences) {
    core::MropeParams p;  // Qwen2-VL defaults
    core::MropePositions keys(3, 3);
    keys.col(0) << 4, 4, 4;
    keys.col(1) << 4, 5, 4;
    keys.col(2) << 14, 15, 14;
    const Eigen::VectorXd a = core::mropeKernelOnes(p, Eigen::Vector<int64_t, 3>(4, 4, 4), keys);
    EXPECT_NEAR(a[0], 128.0, 1e-12);
    EXPECT_LT(a[1], 128.0);
    const Eigen::VectorXd b = core::mropeKernelOnes(p, Eigen::Vector<int64_t, 3>(14, 14, 14), keys);
    EXPECT_NEAR(b[2], a[1], 1e-9);  // same (dt, dh, dw) = (0, -1, 0)
    p.partialRotaryFactor = 0.5;    // 32 pairs: pass-through channels add head_dim - r = 64
    p.section = {8, 12, 12};
    EXPECT_NEAR(core::mropeKernelOnes(p, Eigen::Vector<int64_t, 3>(4, 4, 4), keys)[0], 128.0, 1e-12);
    EXPECT_THROW(core::mropeScores(p, Eigen::VectorXd::Ones(3), Eigen::VectorXd::Ones(3),
                                   Eigen::Vector<int64_t, 3>(0, 0, 0), keys),
                 std::invalid_argument);
}

}  // namespace
}  // namespace phaselens::test
