// config/learned_table_file.h and config/safetensors_header.h: GPT-2- and BERT-shaped tables in safetensors (single
// file, sharded with an index, folder) and .npy, written by the tests; F16/BF16; finding the tensor by name;
// malformed files refused naming the file and the field; 1,000 mutated headers refused cleanly.
#include "config/learned_table_file.h"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <random>
#include <string>

#include "config/safetensors_header.h"
#include "safetensors_writer.h"

namespace phaselens::test {
namespace {

namespace fs = std::filesystem;

class LearnedTableFileTest : public testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("phaselens_ltf_" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    fs::path dir_;
};

// Runs fn; expects LearnedTableError whose message holds every fragment.
template <class Fn>
testing::AssertionResult refused(Fn&& fn, std::initializer_list<std::string> fragments) {
    try {
        fn();
    } catch (const config::LearnedTableError& e) {
        const std::string msg = e.what();
        for (const auto& f : fragments)
            if (msg.find(f) == std::string::npos) return testing::AssertionFailure() << "'" << msg << "' lacks " << f;
        return testing::AssertionSuccess();
    } catch (const std::exception& e) {
        return testing::AssertionFailure() << "other exception: " << e.what();
    }
    return testing::AssertionFailure() << "did not throw";
}

TEST_F(LearnedTableFileTest, Gpt2ShapedSafetensorsLoadsWpeExactly) {
    const Eigen::MatrixXd wpe = smoothTable(1024, 768);
    writeFile(path("model.safetensors"), safetensorsBytes({{"wte.weight", "F32", {50, 768}, {}},
                                                           {"wpe.weight", "F32", {1024, 768}, rowMajor(wpe)},
                                                           {"h.0.ln_1.weight", "F32", {768}, {}}}));
    const config::LearnedTableFile f = config::loadLearnedTable(path("model.safetensors"));
    EXPECT_EQ(f.tensor, "wpe.weight");
    EXPECT_EQ(f.dtype, "F32");
    EXPECT_EQ(f.format, "safetensors");
    EXPECT_EQ(f.shape, (std::vector<int64_t>{1024, 768}));
    ASSERT_EQ(f.table.rows(), 1024);
    ASSERT_EQ(f.table.cols(), 768);
    EXPECT_EQ(f.table, wpe.cast<float>().cast<double>());
    // The folder form finds model.safetensors.
    EXPECT_EQ(config::loadLearnedTable(dir_.string()).table, f.table);
}

TEST_F(LearnedTableFileTest, BertShapedShardedCheckpointLoadsThroughTheIndex) {
    const Eigen::MatrixXd pos = smoothTable(512, 768);
    writeShardedCheckpoint(dir_.string(),
                           {{{"bert.embeddings.word_embeddings.weight", "F32", {30, 768}, {}},
                             {"bert.embeddings.position_ids", "I64", {1, 512}, {}},
                             {"bert.embeddings.token_type_embeddings.weight", "F32", {2, 768}, {}}},
                            {{"bert.encoder.layer.0.attention.self.query.weight", "F32", {768, 768}, {}},
                             {"bert.embeddings.position_embeddings.weight", "F32", {512, 768}, rowMajor(pos)}}});
    const config::LearnedTableFile f = config::loadLearnedTable(path("model.safetensors.index.json"));
    EXPECT_EQ(f.tensor, "bert.embeddings.position_embeddings.weight");
    EXPECT_EQ(f.file, path("model-00002-of-00002.safetensors"));
    EXPECT_EQ(f.table, pos.cast<float>().cast<double>());
    EXPECT_EQ(config::loadLearnedTable(dir_.string()).table, f.table);  // the folder prefers the index
    // --tensor picks another 2-D tensor; a missing one lists the 2-D tensors with shapes.
    EXPECT_EQ(config::loadLearnedTable(dir_.string(), "bert.embeddings.token_type_embeddings.weight").table.rows(), 2);
    EXPECT_TRUE(refused(
        [&] { config::loadLearnedTable(dir_.string(), "nope"); },
        {"model.safetensors.index.json", "tensor", "'nope'", "bert.embeddings.position_embeddings.weight [512, 768]"}));
}

TEST_F(LearnedTableFileTest, HalfAndBfloat16ConvertExactly) {
    Eigen::MatrixXd w(3, 4);
    w << 1, -2, 0.5, 0.333251953125, 65504, 1e-7, -0.0, 3.140625, 0.1, 0.2, 0.3, 0.4;
    for (const std::string dtype : {"F16", "BF16", "F64"}) {
        writeFile(path("t.safetensors"), safetensorsBytes({{"transformer.wpe.weight", dtype, {3, 4}, rowMajor(w)}}));
        const config::LearnedTableFile f = config::loadLearnedTable(path("t.safetensors"));
        EXPECT_EQ(f.dtype, dtype);
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 4; ++c) {
                const double v = w(r, c);
                const double expect = dtype == "F16"    ? core::halfToDouble(toHalfBits(v))
                                      : dtype == "BF16" ? core::bfloat16ToDouble(toBf16Bits(v))
                                                        : v;
                EXPECT_EQ(f.table(r, c), expect) << dtype << " " << r << "," << c;
            }
        if (dtype == "F16") {
            EXPECT_EQ(f.table(0, 3), 0.333251953125);
            EXPECT_EQ(f.table(1, 0), 65504.0);
        }
        if (dtype == "BF16") EXPECT_EQ(f.table(1, 3), 3.140625);
    }
}

TEST_F(LearnedTableFileTest, NpyFloat32AndFloat64InCAndFortranOrder) {
    const Eigen::MatrixXd w = smoothTable(40, 6);
    for (bool f32 : {true, false})
        for (bool fortran : {false, true}) {
            writeFile(path("t.npy"), npyBytes(w, f32, fortran));
            const config::LearnedTableFile f = config::loadLearnedTable(path("t.npy"));
            EXPECT_EQ(f.format, "npy");
            EXPECT_EQ(f.dtype, f32 ? "F32" : "F64");
            EXPECT_EQ(f.shape, (std::vector<int64_t>{40, 6}));
            EXPECT_EQ(f.table, f32 ? Eigen::MatrixXd(w.cast<float>().cast<double>()) : w) << f32 << fortran;
        }
    EXPECT_TRUE(refused([&] { config::loadLearnedTable(path("t.npy"), "wpe.weight"); }, {"t.npy", "tensor"}));
}

TEST_F(LearnedTableFileTest, FindsUsualNamesAndReportsAmbiguity) {
    EXPECT_TRUE(config::isPositionTableName("wpe.weight"));
    EXPECT_TRUE(config::isPositionTableName("transformer.wpe.weight"));
    EXPECT_TRUE(config::isPositionTableName("model.decoder.embed_positions.weight"));
    EXPECT_TRUE(config::isPositionTableName("vit.embeddings.position_embeddings"));
    EXPECT_TRUE(config::isPositionTableName("text_model.embeddings.position_embedding.weight"));
    EXPECT_FALSE(config::isPositionTableName("xwpe.weight"));
    EXPECT_FALSE(config::isPositionTableName("bert.embeddings.position_ids"));
    // ViT: [1, 197, 768] read as 197 x 768.
    writeFile(path("vit.safetensors"), safetensorsBytes({{"vit.embeddings.position_embeddings", "F32", {1, 197, 8}, {}},
                                                         {"vit.embeddings.cls_token", "F32", {1, 1, 8}, {}}}));
    const config::LearnedTableFile v = config::loadLearnedTable(path("vit.safetensors"));
    EXPECT_EQ(v.table.rows(), 197);
    EXPECT_EQ(v.shape, (std::vector<int64_t>{1, 197, 8}));
    // Encoder-decoder: two tables → ambiguous, listing both and the other 2-D tensors.
    writeFile(path("bart.safetensors"), safetensorsBytes({{"model.encoder.embed_positions.weight", "F32", {10, 4}, {}},
                                                          {"model.decoder.embed_positions.weight", "F32", {10, 4}, {}},
                                                          {"model.shared.weight", "F32", {7, 4}, {}}}));
    EXPECT_TRUE(refused([&] { config::loadLearnedTable(path("bart.safetensors")); },
                        {"bart.safetensors", "tensor", "ambiguous", "model.encoder.embed_positions.weight",
                         "model.decoder.embed_positions.weight", "model.shared.weight [7, 4]", "--tensor"}));
    EXPECT_EQ(config::loadLearnedTable(path("bart.safetensors"), "model.decoder.embed_positions.weight").table.rows(),
              10);
    writeFile(path("none.safetensors"), safetensorsBytes({{"a.weight", "F32", {3, 4}, {}}, {"b", "F32", {4}, {}}}));
    EXPECT_TRUE(refused([&] { config::loadLearnedTable(path("none.safetensors")); },
                        {"none.safetensors", "no position table", "a.weight [3, 4]"}));
    EXPECT_EQ(config::loadLearnedTable(path("none.safetensors"), "b").table.cols(), 1);  // [T] reads as T x 1
    writeFile(path("int.safetensors"), safetensorsBytes({{"wpe.weight", "I64", {3, 4}, {}}}));
    EXPECT_TRUE(refused([&] { config::loadLearnedTable(path("int.safetensors")); },
                        {"int.safetensors", "tensor 'wpe.weight'", "dtype", "I64"}));
}

TEST_F(LearnedTableFileTest, MalformedFilesNameTheFileAndTheField) {
    const std::string good = safetensorsBytes({{"wpe.weight", "F32", {4, 2}, {}}});
    const auto withHeader = [](const std::string& json, size_t dataBytes) {
        std::string s(8, '\0');
        for (int i = 0; i < 8; ++i) s[static_cast<size_t>(i)] = static_cast<char>((json.size() >> (8 * i)) & 0xff);
        return s + json + std::string(dataBytes, '\0');
    };
    struct Case {
        std::string bytes;
        std::vector<std::string> fragments;
    };
    const std::vector<Case> cases = {
        {"", {"header length"}},
        {good.substr(0, 5), {"header length"}},
        {std::string("\xff\xff\xff\xff\xff\xff\xff\x7f", 8) + "{}", {"header length", "exceeds"}},
        {withHeader("{\"wpe.weight\": ", 0), {"header", "not valid JSON"}},
        {withHeader("[1, 2]", 0), {"header", "'{'"}},
        {withHeader(R"({"wpe.weight": {"dtype": "F32", "shape": [4, 2], "data_offsets": [0, 32]}})", 31),
         {"tensor 'wpe.weight'", "data_offsets", "beyond"}},
        {withHeader(R"({"wpe.weight": {"dtype": "F32", "shape": [4, 2], "data_offsets": [0, 30]}})", 40),
         {"data_offsets", "needs 32"}},
        {withHeader(R"({"wpe.weight": {"dtype": "F33", "shape": [4, 2], "data_offsets": [0, 32]}})", 40),
         {"dtype", "F33"}},
        {withHeader(R"({"wpe.weight": {"dtype": "F32", "shape": [4, -2], "data_offsets": [0, 32]}})", 40),
         {"shape[1]", "non-negative"}},
        {withHeader(R"({"wpe.weight": {"dtype": "F32", "shape": [4.5, 2], "data_offsets": [0, 32]}})", 40),
         {"shape[0]"}},
        {withHeader(R"({"wpe.weight": {"dtype": "F32", "shape": [4, 2], "data_offsets": [0]}})", 40), {"data_offsets"}},
        {withHeader(R"({"wpe.weight": {"dtype": "F32", "shape": [4, 2]}})", 40), {"data_offsets"}},
        {withHeader(R"({"wpe.weight": {"shape": [4, 2], "data_offsets": [0, 32]}})", 40), {"dtype"}},
        {withHeader(R"({"wpe.weight": {"dtype": "F32", "shape": [4, 2], "data_offsets": [0, 32], "x": 1}})", 40),
         {"unknown field"}},
        {withHeader(R"({"a": {"dtype": "F32", "shape": [4, 2], "data_offsets": [0, 32]},)"
                    R"( "wpe.weight": {"dtype": "F32", "shape": [4, 2], "data_offsets": [16, 48]}})",
                    48),
         {"data_offsets", "overlaps"}},
        {withHeader(R"({"__metadata__": {"format": 1}})", 0), {"__metadata__"}},
        {withHeader(R"({"wpe.weight": {"dtype": "F32", "shape": [4, 2], "data_offsets": [0, 18446744073709551615]}})",
                    40),
         {"data_offsets"}},
        {withHeader(R"({"wpe.weight": {"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [0, 0]}})",
                    0),
         {"shape", "too large"}},
    };
    for (size_t i = 0; i < cases.size(); ++i) {
        writeFile(path("bad.safetensors"), cases[i].bytes);
        std::vector<std::string> frags = {path("bad.safetensors")};
        frags.insert(frags.end(), cases[i].fragments.begin(), cases[i].fragments.end());
        try {
            config::loadLearnedTable(path("bad.safetensors"));
            ADD_FAILURE() << "case " << i << " loaded";
        } catch (const config::LearnedTableError& e) {
            for (const auto& f : frags)
                EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << i << ": " << e.what();
        }
    }
    // Index problems.
    writeFile(path("model.safetensors.index.json"), R"({"weight_map": {"wpe.weight": "../evil.safetensors"}})");
    EXPECT_TRUE(refused([&] { config::loadLearnedTable(path("model.safetensors.index.json")); },
                        {"model.safetensors.index.json", "weight_map", "not a relative file name"}));
    writeFile(path("model.safetensors.index.json"), R"({"weight_map": {"wpe.weight": 3}})");
    EXPECT_TRUE(refused([&] { config::loadLearnedTable(path("model.safetensors.index.json")); }, {"weight_map"}));
    writeFile(path("model.safetensors.index.json"), R"({"weight_map": {"wpe.weight": "missing.safetensors"}})");
    EXPECT_TRUE(refused([&] { config::loadLearnedTable(path("model.safetensors.index.json")); },
                        {"missing.safetensors", "cannot open"}));
    writeFile(path("s.safetensors"), safetensorsBytes({{"other", "F32", {2, 2}, {}}}));
    writeFile(path("model.safetensors.index.json"), R"({"weight_map": {"wpe.weight": "s.safetensors"}})");
    EXPECT_TRUE(refused([&] { config::loadLearnedTable(path("model.safetensors.index.json")); },
                        {"s.safetensors", "weight_map", "does not hold"}));
    EXPECT_TRUE(refused([&] { config::loadLearnedTable(path("nothing.npy")); }, {"nothing.npy", "no such file"}));
    EXPECT_TRUE(refused([] { config::loadLearnedTable("/dev/zero"); }, {"/dev/zero", "not a regular file"}));
    writeFile(path("bad.npy"), "\x93NUMPY\x01\x00\x10\x00{'descr': '<i4'}");
    EXPECT_TRUE(refused([&] { config::loadLearnedTable(path("bad.npy")); }, {"bad.npy", "npy"}));
}

// 1,000 seeded mutations of a valid GPT-2-like header (byte flips, insertions, deletions, truncation, length-field
// edits): each either parses to entries that pass every check or is refused with std::invalid_argument — no
// other exception, no crash (the same harness as tests/fuzz/fuzz_safetensors.cpp, deterministic here).
TEST(SafetensorsHeaderMutations, ThousandMutatedHeadersAreRefusedCleanly) {
    const std::string base = safetensorsBytes({{"wte.weight", "F32", {8, 4}, {}},
                                               {"wpe.weight", "F16", {16, 4}, {}},
                                               {"h.0.attn.bias", "BF16", {1, 1, 4, 4}, {}},
                                               {"pos_ids", "I64", {1, 16}, {}}});
    std::mt19937_64 rng(20261205);
    const char* tokens[] = {"{",    "}",      "[", "]", ",", ":", "\"", "-1", "1e30", "18446744073709551616",
                            "null", "\"F16\""};
    int refusedCount = 0, accepted = 0;
    for (int i = 0; i < 1000; ++i) {
        std::string b = base;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const size_t at = b.empty() ? 0 : rng() % b.size();
            switch (rng() % 6) {
                case 0:
                    if (!b.empty()) b[at] = static_cast<char>(rng() & 0xff);
                    break;
                case 1:
                    b.insert(at, tokens[rng() % (sizeof tokens / sizeof *tokens)]);
                    break;
                case 2:
                    b.erase(at, 1 + rng() % 8);
                    break;
                case 3:
                    b.resize(at);
                    break;
                case 4:  // a random length field
                    if (b.size() >= 8) b[rng() % 8] = static_cast<char>(rng() & 0xff);
                    break;
                default:  // a digit inside the header changed (offsets and shapes)
                    if (!b.empty() && std::isdigit(static_cast<unsigned char>(b[at])))
                        b[at] = static_cast<char>('0' + rng() % 10);
                    break;
            }
        }
        try {
            const std::vector<core::SafetensorsEntry> entries = config::parseSafetensorsBytes(b);
            EXPECT_NO_THROW(core::validateSafetensorsEntries(entries, b.size()));
            ++accepted;
        } catch (const std::invalid_argument&) {
            ++refusedCount;
        } catch (const std::exception& e) {
            ADD_FAILURE() << "mutation " << i << " threw a non-invalid_argument exception: " << e.what();
        }
    }
    EXPECT_EQ(refusedCount + accepted, 1000);
    EXPECT_GT(refusedCount, 700);  // most mutations break something the checks catch
}

}  // namespace
}  // namespace phaselens::test
