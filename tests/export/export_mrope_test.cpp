// The multimodal RoPE views through app/export (GL-free): the CSV of mrope-positions carries the position ids of the
// sequence (authors' get_rope_index), the channel strip's CSV the axis of every pair, the spatial map's CSV one row
// per grid row; the SVG names the axes; the sidecar reproduces the M-RoPE state (label: export).
#include <gtest/gtest.h>

#include <sstream>

#include "export/export.h"
#include "model/state_io.h"

namespace phaselens::exporter {
namespace {

ExportRequest mropeRequest(model::View view, Format format) {
    ExportRequest r;
    r.view = view;
    r.format = format;
    r.path = "out";
    r.width = 800;
    r.height = 500;
    r.state.rope.base = 1.0e6;
    r.state.mropeSequence = "text:3,image:2x3,text:2";
    r.state.mropeResumeMaxHW = false;
    return r;
}

std::vector<std::string> linesStartingWith(const std::string& csv, const std::string& prefix) {
    std::vector<std::string> out;
    std::istringstream in(csv);
    for (std::string line; std::getline(in, line);)
        if (line.rfind(prefix, 0) == 0) out.push_back(line);
    return out;
}

TEST(ExportMrope, PositionsCsvHasTheIdsOfEveryRow) {
    const ExportRequest r = mropeRequest(model::View::MropePositions, Format::Csv);
    const std::string csv = toCsv(buildFigure(r), r.view);
    const std::vector<std::string> h = linesStartingWith(csv, "h (height),");
    ASSERT_EQ(h.size(), 11u) << csv;
    const int expectH[] = {0, 1, 2, 3, 3, 3, 4, 4, 4, 6, 7};
    for (size_t k = 0; k < h.size(); ++k)
        EXPECT_EQ(h[k], "h (height)," + std::to_string(k) + "," + std::to_string(expectH[k])) << csv;
}

TEST(ExportMrope, AxesCsvRowsAreTheTwoLayoutsAndSpatialCsvTheGridRows) {
    ExportRequest r = mropeRequest(model::View::MropeAxes, Format::Csv);
    const std::string axes = toCsv(buildFigure(r), r.view);
    const std::vector<std::string> rows = linesStartingWith(axes, "0,");
    ASSERT_EQ(rows.size(), 1u) << axes;
    EXPECT_EQ(rows[0].substr(0, 12), "0,0,1,0,0,0,") << "chunked row starts with time pairs";
    r = mropeRequest(model::View::MropeSpatial, Format::Csv);
    r.state.mropeGridH = 5;
    r.state.mropeGridW = 7;
    r.state.mropeQueryRow = 2;
    r.state.mropeQueryCol = 3;
    const std::string spatial = toCsv(buildFigure(r), r.view);
    EXPECT_EQ(linesStartingWith(spatial, "4,").size(), 1u) << spatial;
    EXPECT_TRUE(linesStartingWith(spatial, "5,").empty()) << spatial;
}

TEST(ExportMrope, SvgAndSidecarReproduceTheState) {
    const ExportRequest r = mropeRequest(model::View::MropeSpatial, Format::Svg);
    const Figure f = buildFigure(r);
    const std::string svg = toSvgDocument(f, r.width, r.height);
    EXPECT_NE(svg.find("key column (w)"), std::string::npos);
    EXPECT_NE(svg.find("key row (h)"), std::string::npos);
    nlohmann::json side = sidecarJson(r, f);
    ASSERT_TRUE(side.contains("_phaselens")) << side.dump();
    side.erase("_phaselens");
    const model::AppState back = model::stateFromJson(side);
    EXPECT_EQ(back.mropeSequence, r.state.mropeSequence);
    EXPECT_EQ(back.mropeSection, r.state.mropeSection);
}

}  // namespace
}  // namespace phaselens::exporter
