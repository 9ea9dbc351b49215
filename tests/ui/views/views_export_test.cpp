// Every new view exports (no GL here: SVG, CSV, NPY and the sidecar JSON; PNG and GIF are in
// export_animation_test.cpp, label render) for the default state and for a few edge states.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "export/export.h"
#include "model/state_io.h"
#include "model/views.h"

namespace phaselens::model {
namespace {

namespace fs = std::filesystem;

const View kNewViews[] = {View::Turns,           View::Aliasing,       View::LadderPoint,
                          View::LadderMean,      View::ExtensionScale, View::ExtensionWavelengths,
                          View::ExtensionKernel, View::AttentionFactor};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(NewViews, BuildValidSpecsForManyStates) {
    std::vector<AppState> states(6);
    states[1].ladderScheme = LadderScheme::Sinusoidal;
    states[2].positionStride = 0.5;
    states[2].contextLength = 1 << 20;
    states[3].rope.type = core::RopeType::Yarn;
    states[3].rope.factor = 4;
    states[3].positionStride = 7;
    states[4].rope.headDim = 64;
    states[4].rope.partialRotaryFactor = 0.5;
    states[4].extensionFactor = 1;  // nothing to extend: every scale is 1
    states[5].trainingContext = 8;
    states[5].contextLength = 8;
    states[5].extensionFactor = 100;
    states[5].rope.base = 500000;
    for (size_t k = 0; k < states.size(); ++k)
        for (View v : kNewViews) {
            SCOPED_TRACE(std::string(viewName(v)) + " state " + std::to_string(k));
            const ViewResult r = buildView(v, states[k]);
            EXPECT_EQ(plot::validate(r.spec), "");
            EXPECT_FALSE(r.spec.title.empty());
            EXPECT_FALSE(r.convention.empty());
            EXPECT_FALSE(viewInputsDiffer(v, states[k], states[k]));
        }
}

TEST(NewViews, ExportSvgCsvNpyAndSidecar) {
    const fs::path dir = fs::temp_directory_path() / ("phaselens_views_export_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    for (View v : kNewViews) {
        SCOPED_TRACE(viewName(v));
        for (const char* ext : {"svg", "csv", "npy"}) {
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
            // The sidecar reloads as the same state with this view.
            const AppState back = loadStateFile(result.files[1]);
            EXPECT_EQ(back.view, v);
            if (std::string(ext) == "csv") {
                const std::string csv = slurp(result.files[0]);
                const bool heatmap = v == View::LadderPoint || v == View::LadderMean;
                EXPECT_NE(csv.find(heatmap ? "row,y0,y1" : "series,x,y"), std::string::npos);
                if (v == View::ExtensionScale) {
                    EXPECT_NE(csv.find("PI (linear)"), std::string::npos);
                    EXPECT_NE(csv.find("LongRoPE"), std::string::npos);
                }
            }
            if (std::string(ext) == "svg") {
                EXPECT_NE(slurp(result.files[0]).find("<svg"), std::string::npos);
            }
        }
    }
    fs::remove_all(dir);
}

}  // namespace
}  // namespace phaselens::model
