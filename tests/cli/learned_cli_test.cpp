// `phaselens compute learned` with --table/--tensor/--resize/--align-corners: the contract keys (tensor, dtype,
// shape, rows, norms, cosine_similarity, resized_from) on files the tests write, and bad files as exit 2 naming the
// file and the field.
#include <filesystem>
#include <string>

#include "cli_test_util.h"
#include "phaselens/learned_analysis.h"
#include "phaselens/safetensors.h"
#include "safetensors_writer.h"

namespace phaselens::test {
namespace {

namespace fs = std::filesystem;

class LearnedCli : public testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("phaselens_lcli_" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        wpe_ = smoothTable(1024, 768).cast<float>().cast<double>();
        writeFile(path("gpt2.safetensors"), safetensorsBytes({{"wte.weight", "F32", {16, 768}, {}},
                                                              {"wpe.weight", "F32", {1024, 768}, rowMajor(wpe_)}}));
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    fs::path dir_;
    Eigen::MatrixXd wpe_;
};

double cosine(const Eigen::RowVectorXd& a, const Eigen::RowVectorXd& b) {
    return a.dot(b) / (a.norm() * b.norm());
}

TEST_F(LearnedCli, TableKeysOnAGpt2ShapedCheckpoint) {
    const nlohmann::json j =
        computeJson({"compute", "learned", "--table", path("gpt2.safetensors"), "--positions", "0,1,1023"});
    EXPECT_EQ(j["quantity"], "learned");
    EXPECT_EQ(j["n_positions"], 1024);
    EXPECT_EQ(j["max_position"], 1023);
    EXPECT_EQ(j["positions"], nlohmann::json({0, 1, 1023}));
    EXPECT_EQ(j["tensor"], "wpe.weight");
    EXPECT_EQ(j["dtype"], "F32");
    EXPECT_EQ(j["shape"], nlohmann::json({1024, 768}));
    ASSERT_EQ(j["rows"].size(), 3u);
    const int pos[3] = {0, 1, 1023};
    for (int k = 0; k < 3; ++k) {
        ASSERT_EQ(j["rows"][k].size(), 768u);
        for (int c = 0; c < 768; ++c) ASSERT_EQ(j["rows"][k][c].get<double>(), wpe_(pos[k], c));
        EXPECT_NEAR(j["norms"][k].get<double>(), wpe_.row(pos[k]).norm(), 1e-14);  // summation order
        for (int m = 0; m < 3; ++m)
            EXPECT_NEAR(j["cosine_similarity"][k][m].get<double>(), cosine(wpe_.row(pos[k]), wpe_.row(pos[m])), 1e-14);
    }
    EXPECT_FALSE(j.contains("resized_from"));
}

TEST_F(LearnedCli, ResizeMatchesTheDirectFormula) {
    for (bool ac : {false, true}) {
        std::vector<std::string> args = {"compute",  "learned", "--table",     path("gpt2.safetensors"),
                                         "--resize", "2048",    "--positions", "0,1,2,777,2047"};
        if (ac) args.push_back("--align-corners");
        const nlohmann::json j = computeJson(args);
        EXPECT_EQ(j["n_positions"], 2048);
        EXPECT_EQ(j["max_position"], 2047);
        EXPECT_EQ(j["resized_from"], 1024);
        EXPECT_EQ(j["shape"], nlohmann::json({2048, 768}));
        EXPECT_EQ(j["tensor"], "wpe.weight");
        const int pos[5] = {0, 1, 2, 777, 2047};
        for (int k = 0; k < 5; ++k) {
            // torch linear: align_corners=False src = max(0, (i + 0.5) / 2 - 0.5); True src = 1023/2047 · i.
            const double src = ac ? 1023.0 / 2047.0 * pos[k] : std::max(0.0, 0.5 * (pos[k] + 0.5) - 0.5);
            const int i0 = std::min(static_cast<int>(src), 1023), i1 = std::min(i0 + 1, 1023);
            const double l = src - i0;
            const Eigen::RowVectorXd expect = (1 - l) * wpe_.row(i0) + l * wpe_.row(i1);
            for (int c = 0; c < 768; ++c) ASSERT_NEAR(j["rows"][k][c].get<double>(), expect(c), 1e-15) << k << " " << c;
            EXPECT_NEAR(j["norms"][k].get<double>(), expect.norm(), 1e-14);
        }
    }
    EXPECT_TRUE(
        badInput({"compute", "learned", "--table", path("gpt2.safetensors"), "--resize", "2048", "--positions", "2048"},
                 {"--positions", "2048", "resized"}));
    // --n-positions with --resize: the size facts only.
    const nlohmann::json s = computeJson({"compute", "learned", "--n-positions", "512", "--resize", "1024"});
    EXPECT_EQ(s["n_positions"], 1024);
    EXPECT_EQ(s["resized_from"], 512);
}

TEST_F(LearnedCli, ShardedBertFp16AndNpy) {
    const Eigen::MatrixXd pos = smoothTable(512, 768);
    fs::create_directories(dir_ / "bert");
    writeShardedCheckpoint(path("bert"),
                           {{{"bert.embeddings.word_embeddings.weight", "F32", {4, 768}, {}}},
                            {{"bert.embeddings.position_embeddings.weight", "F16", {512, 768}, rowMajor(pos)}}});
    const nlohmann::json j = computeJson(
        {"compute", "learned", "--table", path("bert/model.safetensors.index.json"), "--positions", "5,511"});
    EXPECT_EQ(j["tensor"], "bert.embeddings.position_embeddings.weight");
    EXPECT_EQ(j["dtype"], "F16");
    EXPECT_EQ(j["shape"], nlohmann::json({512, 768}));
    EXPECT_EQ(j["rows"][1][3].get<double>(), core::halfToDouble(toHalfBits(pos(511, 3))));
    writeFile(path("t.npy"), npyBytes(pos, false, true));
    const nlohmann::json n = computeJson({"compute", "learned", "--table", path("t.npy"), "--positions", "3"});
    EXPECT_EQ(n["dtype"], "F64");
    EXPECT_EQ(n["rows"][0][7].get<double>(), pos(3, 7));
    EXPECT_EQ(n["cosine_similarity"], nlohmann::json({{1.0}}));
}

TEST_F(LearnedCli, BadInput) {
    EXPECT_TRUE(badInput({"compute", "learned", "--positions", "3"}, {"--table", "--n-positions"}));
    EXPECT_TRUE(badInput({"compute", "learned", "--table", path("gpt2.safetensors"), "--positions", "1024"},
                         {"--positions", "1024", "T_max = 1024"}));
    EXPECT_TRUE(badInput({"compute", "learned", "--table", path("missing.safetensors")},
                         {"--table", "missing.safetensors", "no such file"}));
    EXPECT_TRUE(badInput({"compute", "learned", "--table", path("gpt2.safetensors"), "--tensor", "nope"},
                         {"--table", "gpt2.safetensors", "tensor", "nope", "wpe.weight [1024, 768]"}));
    EXPECT_TRUE(badInput({"compute", "learned", "--n-positions", "8", "--tensor", "wpe.weight"}, {"--tensor"}));
    EXPECT_TRUE(badInput({"compute", "learned", "--n-positions", "8", "--align-corners"}, {"--align-corners"}));
    EXPECT_TRUE(badInput({"compute", "learned", "--table", path("gpt2.safetensors"), "--n-positions", "512"},
                         {"--n-positions", "512", "1024"}));
    EXPECT_TRUE(
        badInput({"compute", "learned", "--table", path("gpt2.safetensors"), "--resize", "0"}, {"--resize", "0"}));
    // A header whose offsets run past the file: exit 2 naming the file and data_offsets.
    std::string bytes = safetensorsBytes({{"wpe.weight", "F32", {1024, 768}, rowMajor(wpe_)}});
    bytes.resize(bytes.size() - 4);
    writeFile(path("cut.safetensors"), bytes);
    EXPECT_TRUE(badInput({"compute", "learned", "--table", path("cut.safetensors")},
                         {"--table", "cut.safetensors", "wpe.weight", "data_offsets"}));
    // A 2^60-byte header length: refused before any allocation.
    writeFile(path("huge.safetensors"), std::string("\0\0\0\0\0\0\0\x10{}", 10));
    EXPECT_TRUE(badInput({"compute", "learned", "--table", path("huge.safetensors")},
                         {"--table", "huge.safetensors", "header length"}));
    // --config gpt2's n_positions agrees with a 1024-row table.
    const nlohmann::json j = computeJson(
        {"compute", "learned", "--preset", "gpt2", "--table", path("gpt2.safetensors"), "--positions", "0"});
    EXPECT_EQ(j["n_positions"], 1024);
}

}  // namespace
}  // namespace phaselens::test
