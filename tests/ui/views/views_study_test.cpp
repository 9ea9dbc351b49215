// The study views (views_study.h): valid specs for several states, values against the paper formulas computed
// here independently, and SVG/CSV exports with a sidecar that reloads.
#include "model/views_study.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "export/export.h"
#include "model/state_io.h"
#include "model/views.h"

namespace phaselens::model {
namespace {

namespace fs = std::filesystem;

const View kStudyViews[] = {View::StudyDecay,     View::StudyBaseBound, View::StudyBaseWindows, View::StudyCriticalDim,
                            View::StudyYarnRamps, View::StudyPRope,     View::StudySinks,       View::StudyPermutation};

TEST(StudyViews, BuildValidSpecsForSeveralStates) {
    std::vector<AppState> states(3);
    states[1].rope.headDim = 64;
    states[1].rope.base = 500000;
    states[1].trainingContext = 1024;
    states[1].extensionFactor = 4;
    states[2].rope.headDim = 16;
    states[2].trainingContext = 300;
    states[2].contextLength = 64;
    for (size_t k = 0; k < states.size(); ++k)
        for (View v : kStudyViews) {
            SCOPED_TRACE(std::string(viewName(v)) + " state " + std::to_string(k));
            EXPECT_TRUE(isStudyView(v));
            const ViewResult r = buildView(v, states[k]);
            EXPECT_EQ(plot::validate(r.spec), "");
            EXPECT_FALSE(r.spec.title.empty());
            if (v != View::StudyPermutation)                                      // the demo is not a paper figure
                EXPECT_NE(r.spec.caption.find(" et al. 20"), std::string::npos);  // cites the paper
            EXPECT_FALSE(viewInputsDiffer(v, states[k], states[k]));
            EXPECT_EQ(viewFromName(viewName(v)), v);
        }
    // A training context above the figure's limit is clamped and said so, never an error (issue 14).
    AppState big;
    big.trainingContext = 1 << 17;
    const ViewResult clamped = buildView(View::StudyBaseBound, big);
    ASSERT_EQ(clamped.warnings.size(), 1u);
    EXPECT_NE(clamped.warnings[0].find("shown at L = 65536"), std::string::npos) << clamped.warnings[0];
    EXPECT_NE(clamped.convention.find("L = 65536"), std::string::npos);
}

TEST(StudyViews, DecayCurveIsTheRoFormerBound) {
    AppState s;
    const ViewResult r = buildView(View::StudyDecay, s);
    const plot::LineSeries& base = r.spec.series[0];
    for (size_t k = 0; k < base.x.size(); k += 37) {
        std::complex<double> acc = 0;
        double total = 0;
        for (int j = 0; j < 64; ++j) {
            acc += std::polar(1.0, base.x[k] * std::pow(10000.0, -2.0 * j / 128));
            total += std::abs(acc);
        }
        EXPECT_NEAR(base.y[k], total / 64, 1e-9) << base.x[k];
    }
    EXPECT_NEAR(base.y[0], 31.538166142658085, 1e-9);  // Δ = 1 (golden decay_bound)
    // PI divides θ by s = 8: its bound at Δ is the unscaled bound at Δ/8 (closed form above, Δ/8).
    const plot::LineSeries& pi = r.spec.series[1];
    for (size_t k = 0; k < pi.x.size(); k += 53) {
        std::complex<double> acc = 0;
        double total = 0;
        for (int j = 0; j < 64; ++j) {
            acc += std::polar(1.0, pi.x[k] / 8.0 * std::pow(10000.0, -2.0 * j / 128));
            total += std::abs(acc);
        }
        EXPECT_NEAR(pi.y[k], total / 64, 1e-9) << pi.x[k];
    }
}

TEST(StudyViews, BaseBoundCurvesAreBmAndTheLowestBaseIsValid) {
    AppState s;
    s.trainingContext = 1024;
    const ViewResult r = buildView(View::StudyBaseBound, s);
    ASSERT_EQ(r.spec.series.size(), 3u);
    // Every drawn point of the state base is B_m at its m.
    const plot::LineSeries& state = r.spec.series[0];
    for (size_t k = 0; k < state.x.size(); k += 25) {
        double b = 0;
        for (int i = 0; i < 64; ++i) b += std::cos(state.x[k] * std::pow(10000.0, -2.0 * i / 128));
        EXPECT_NEAR(state.y[k], b, 1e-9);
    }
    double lowest = 1e9, gap = 1e9;
    for (double y : r.spec.series[1].y) lowest = std::min(lowest, y);
    for (double y : r.spec.series[2].y) gap = std::min(gap, y);
    EXPECT_GE(lowest, 0.0);  // the lowest valid base (4293.4 for D = 128, L = 1024)
    EXPECT_LT(gap, 0.0);     // a base in the first gap is invalid
    EXPECT_NE(r.spec.series[1].name.find("4293.4"), std::string::npos);
}

TEST(StudyViews, CriticalDimensionMarked) {
    AppState s;  // D = 128, B = 1e4, L = 4096: Llama 2
    const ViewResult r = buildView(View::StudyCriticalDim, s);
    bool found = false;
    for (const plot::RefLine& l : r.spec.refLines)
        if (l.label.find("d_extra = 92") != std::string::npos) {
            found = true;
            EXPECT_DOUBLE_EQ(l.value, 45.5);
        }
    EXPECT_TRUE(found);
    EXPECT_EQ(r.spec.series[1].x.size(), 46u);  // pairs 0..45 turn fully within 4096 positions
}

TEST(StudyViews, YarnRampsContinuousAndStep) {
    const ViewResult r = buildView(View::StudyYarnRamps, AppState{});
    ASSERT_EQ(r.spec.series.size(), 4u);  // paper ramp + 3 configs
    auto between = [](const plot::LineSeries& l) {
        int n = 0;
        for (double y : l.y) n += (y > 1e-9 && y < 1 - 1e-9);
        return n;
    };
    EXPECT_GT(between(r.spec.series[1]), 5);                       // GPT-OSS: no truncation, a continuous ramp
    EXPECT_GT(between(r.spec.series[2]), 5);                       // DeepSeek-V3
    EXPECT_LE(between(r.spec.series[3]), 1);                       // Kimi K2: β_fast = β_slow = 1, a step
    EXPECT_NE(r.spec.caption.find("1.34657"), std::string::npos);  // 0.1·ln 32 + 1
}

TEST(StudyViews, PRopeCountsAndSinks) {
    const ViewResult p = buildView(View::StudyPRope, AppState{});
    const int want[] = {0, 16, 48, 64};
    for (int k = 0; k < 4; ++k) {
        int kept = 0;
        for (double y : p.spec.series[k].y) kept += !std::isnan(y);
        EXPECT_EQ(kept, want[k]);
    }
    const ViewResult s = buildView(View::StudySinks, AppState{});
    const plot::LineSeries& gap2 = s.spec.series[0];
    for (size_t k = 0; k < gap2.x.size(); k += 20)
        EXPECT_NEAR(gap2.y[k], std::exp(2.0) / (std::exp(2.0) + gap2.x[k] - 1), 1e-12);
}

TEST(StudyViews, PermutationEquivarianceOnlyWithoutMaskAndPositions) {
    for (uint64_t seed : {1u, 2u, 99u}) {
        AppState s;
        s.seed = seed;
        const ViewResult r = buildView(View::StudyPermutation, s);
        ASSERT_EQ(r.spec.series.size(), 3u);
        for (double y : r.spec.series[0].y) EXPECT_LT(y, 1e-12);  // NoPE, no mask: out(PX) = P·out(X)
        EXPECT_GT(*std::max_element(r.spec.series[1].y.begin(), r.spec.series[1].y.end()), 1e-6);  // causal
        EXPECT_GT(*std::max_element(r.spec.series[2].y.begin(), r.spec.series[2].y.end()), 1e-6);  // RoPE
    }
}

TEST(StudyViews, ExportSvgCsvAndSidecar) {
    const fs::path dir = fs::temp_directory_path() / ("phaselens_study_export_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    for (View v : {View::StudyDecay, View::StudyCriticalDim, View::StudyYarnRamps}) {
        for (const char* ext : {"svg", "csv"}) {
            exporter::ExportRequest r;
            r.view = v;
            r.state.view = v;
            r.path = (dir / (std::string(viewName(v)) + "." + ext)).string();
            r.format = *exporter::formatFromPath(r.path);
            r.width = 1200;
            r.height = 800;
            const exporter::ExportResult result = exporter::exportView(r);
            ASSERT_EQ(result.files.size(), 2u);
            EXPECT_GT(fs::file_size(result.files[0]), 100u);
            EXPECT_EQ(loadStateFile(result.files[1]).view, v);
        }
    }
    fs::remove_all(dir);
}

}  // namespace
}  // namespace phaselens::model
