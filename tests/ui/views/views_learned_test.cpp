// The learned-* views (views_learned.h) through model::buildView: values against the core on a table the test writes
// (GPT-2-shaped safetensors) and on the synthetic table, the cap, resizing, errors naming the file, the state
// round trip of the learned fields, and opening/dropping a table file in the window state.
#include "model/views_learned.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "model/learned_state.h"
#include "model/state_io.h"
#include "model/views.h"
#include "phaselens/learned_analysis.h"
#include "safetensors_writer.h"
#include "ui/file_open.h"
#include "ui/ui_context.h"

namespace phaselens::ui {
namespace {

namespace fs = std::filesystem;

const View kLearnedViews[] = {View::LearnedTable,   View::LearnedSimilarity,       View::LearnedNorms,
                              View::LearnedPca,     View::LearnedSpectrum,         View::LearnedSinusoidalSpectrum,
                              View::LearnedResized, View::LearnedResizedSimilarity};

class LearnedViews : public testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("phaselens_lviews_" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        table_ = test::smoothTable(1024, 96).cast<float>().cast<double>();
        test::writeFile(path("model.safetensors"),
                        test::safetensorsBytes({{"transformer.wpe.weight", "F32", {1024, 96}, test::rowMajor(table_)},
                                                {"transformer.wte.weight", "F32", {10, 96}, {}}}));
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string path(const std::string& n) const { return (dir_ / n).string(); }
    fs::path dir_;
    Eigen::MatrixXd table_;
};

TEST_F(LearnedViews, EveryViewBuildsAndValidatesForTheSyntheticAndAFile) {
    AppState synthetic;
    AppState file;
    file.learnedTablePath = path("model.safetensors");
    for (const AppState* s : {&synthetic, &file})
        for (View v : kLearnedViews) {
            const ViewResult r = buildView(v, *s);
            EXPECT_EQ(plot::validate(r.spec), "") << viewName(v);
            EXPECT_FALSE(r.spec.title.empty());
            EXPECT_NE(r.convention.find(s == &file ? "transformer.wpe.weight [1024, 96] F32" : "synthetic"),
                      std::string::npos)
                << viewName(v) << ": " << r.convention;
            EXPECT_TRUE(isLearnedView(v));
        }
    EXPECT_EQ(std::string(viewName(View::LearnedResizedSimilarity)), "learned-resized-similarity");
    EXPECT_EQ(viewFromName("learned-pca"), View::LearnedPca);
}

TEST_F(LearnedViews, TableHeatmapHoldsTheEntriesAndSimilarityTheCosines) {
    AppState s;
    s.learnedTablePath = path("model.safetensors");
    s.maxPixels = 1024;
    const ViewResult t = buildView(View::LearnedTable, s);
    ASSERT_TRUE(t.spec.heatmap);
    EXPECT_EQ(t.spec.heatmap->rows, 1024);
    EXPECT_EQ(t.spec.heatmap->cols, 96);
    EXPECT_EQ(t.spec.heatmap->sampling, "exact");
    EXPECT_EQ(t.spec.heatmap->values[5 * 96 + 7], static_cast<float>(table_(5, 7)));
    EXPECT_DOUBLE_EQ(t.spec.heatmap->vmax, table_.cwiseAbs().maxCoeff());
    const ViewResult c = buildView(View::LearnedSimilarity, s);
    const Eigen::MatrixXd cos = core::tableCosineSimilarity(table_);
    EXPECT_EQ(c.spec.heatmap->rows, 1024);
    EXPECT_NEAR(c.spec.heatmap->values[3 * 1024 + 900], cos(3, 900), 1e-6);
    // More positions than pixels: every 4th position, point-sampled.
    s.maxPixels = 256;
    const ViewResult small = buildView(View::LearnedSimilarity, s);
    EXPECT_EQ(small.spec.heatmap->rows, 256);
    EXPECT_EQ(small.spec.heatmap->sampling, "point");
    EXPECT_NEAR(small.spec.heatmap->values[2 * 256 + 100], cos(8, 400), 1e-6);
    const ViewResult mean = buildView(View::LearnedTable, s);
    EXPECT_EQ(mean.spec.heatmap->rows, 256);
    EXPECT_NEAR(mean.spec.heatmap->values[0], table_.block(0, 0, 4, 1).mean(), 1e-7);
}

TEST_F(LearnedViews, NormsMarkTheCap) {
    AppState s;
    s.learnedTablePath = path("model.safetensors");
    s.contextLength = 4096;
    const ViewResult n = buildView(View::LearnedNorms, s);
    ASSERT_EQ(n.spec.series.size(), 1u);
    ASSERT_EQ(n.spec.series[0].y.size(), 1024u);
    EXPECT_NEAR(n.spec.series[0].y[17], table_.row(17).norm(), 1e-12);
    ASSERT_EQ(n.spec.shaded.size(), 1u);
    EXPECT_EQ(n.spec.shaded[0].x0, 1024.0);
    EXPECT_EQ(n.spec.shaded[0].x1, 4096.0);
    EXPECT_NE(n.spec.shaded[0].label.find("no embedding"), std::string::npos);
    ASSERT_EQ(n.spec.refLines.size(), 1u);
    EXPECT_EQ(n.spec.refLines[0].value, 1024.0);
}

TEST_F(LearnedViews, ResizedViewsMatchTheCore) {
    AppState s;
    s.learnedTablePath = path("model.safetensors");
    s.learnedResize = 1536;
    s.maxPixels = 2048;
    for (bool ac : {false, true}) {
        s.learnedAlignCorners = ac;
        const Eigen::MatrixXd r = core::resizeTableLinear(table_, 1536, ac);
        const ViewResult v = buildView(View::LearnedResized, s);
        EXPECT_EQ(v.spec.heatmap->rows, 1536);
        EXPECT_EQ(v.spec.heatmap->values[1000 * 96 + 50], static_cast<float>(r(1000, 50)));
        EXPECT_NE(v.convention.find(ac ? "align_corners=True" : "align_corners=False"), std::string::npos);
        EXPECT_EQ(buildView(View::LearnedResizedSimilarity, s).spec.heatmap->rows, 1536);
    }
    s.learnedResize = 0;
    EXPECT_THROW(buildView(View::LearnedResized, s), std::invalid_argument);
}

TEST_F(LearnedViews, PcaAndSpectraAgainstTheSinusoidalLadder) {
    AppState s;  // synthetic 1024 x 64
    const ViewResult p = buildView(View::LearnedPca, s);
    ASSERT_EQ(p.spec.series.size(), 2u);
    EXPECT_EQ(p.spec.series[1].x.size(), 1024u);
    double ms = 0;
    for (size_t i = 0; i < 1024; ++i)
        ms += p.spec.series[1].x[i] * p.spec.series[1].x[i] + p.spec.series[1].y[i] * p.spec.series[1].y[i];
    EXPECT_NEAR(ms / 1024, 1.0, 1e-9);  // unit RMS radius
    const ViewResult sp = buildView(View::LearnedSinusoidalSpectrum, s);
    ASSERT_TRUE(sp.spec.heatmap);
    EXPECT_EQ(sp.spec.heatmap->rows, 513);
    EXPECT_EQ(sp.spec.heatmap->cols, 64);
    // Sorted by peak frequency: the last column's peak is the highest frequency of the ladder (ω0 = 1 rad/pos →
    // k = 1024/2π ≈ 163).
    int peak = 0;
    for (int k = 0; k < 513; ++k)
        if (sp.spec.heatmap->values[static_cast<size_t>(k * 64 + 63)] >
            sp.spec.heatmap->values[static_cast<size_t>(peak * 64 + 63)])
            peak = k;
    EXPECT_NEAR(peak, 1024 / (2 * M_PI), 1.0);
}

TEST_F(LearnedViews, BadFileIsAnErrorNamingTheFileAndField) {
    std::string bytes = test::safetensorsBytes({{"wpe.weight", "F32", {8, 4}, {}}});
    bytes.resize(bytes.size() - 1);
    test::writeFile(path("cut.safetensors"), bytes);
    AppState s;
    s.learnedTablePath = path("cut.safetensors");
    try {
        buildView(View::LearnedTable, s);
        FAIL() << "no error";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("cut.safetensors"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("data_offsets"), std::string::npos);
    }
}

TEST_F(LearnedViews, StateRoundTripAndOpeningAFile) {
    AppState s;
    s.learnedTablePath = path("model.safetensors");
    s.learnedTensor = "transformer.wpe.weight";
    s.learnedResize = 777;
    s.learnedAlignCorners = true;
    s.learnedSeed = 9;
    s.view = View::LearnedPca;
    EXPECT_EQ(stateFromJson(stateToJson(s)), s);
    EXPECT_TRUE(viewInputsDiffer(View::LearnedTable, s, AppState{}));
    EXPECT_FALSE(viewInputsDiffer(View::LearnedTable, s, s));

    UiContext ui;
    AppState w;
    EXPECT_TRUE(isLearnedTableFile(path("model.safetensors")));
    EXPECT_FALSE(isLearnedTableFile(path("config.json")));
    loadDroppedFiles({path("model.safetensors")}, w, ui);
    EXPECT_EQ(w.learnedTablePath, path("model.safetensors"));
    EXPECT_EQ(w.view, View::LearnedTable);
    EXPECT_EQ(ui.learned.recentFiles.front(), path("model.safetensors"));
    EXPECT_FALSE(openLearnedTable(path("missing.npy"), w, ui));
    EXPECT_EQ(w.learnedTablePath, path("model.safetensors"));  // unchanged
    EXPECT_NE(ui.learned.error.find("missing.npy"), std::string::npos);
}

}  // namespace
}  // namespace phaselens::ui
