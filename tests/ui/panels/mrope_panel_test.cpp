// The Multimodal RoPE tab in the headless UI (drawApp with no window or GL): it draws, computes its four views once,
// recomputes only the affected views when a M-RoPE field changes, and shows a bad section inline.
#include <stdexcept>
#define IM_ASSERT(expr) ((expr) ? (void)0 : throw std::runtime_error("IM_ASSERT failed: " #expr))
#include <gtest/gtest.h>
#include <imgui.h>

#include "headless_app.h"
#include "ui/ui_context.h"

namespace phaselens::ui {
namespace {

class MropePanel : public test::HeadlessApp {};

TEST_F(MropePanel, DrawsItsFourViewsAndRecomputesOnlyWhatChanged) {
    state.view = View::MropeAxes;
    ui.selectPanelPending = true;
    frames(3);
    EXPECT_EQ(panelOf(View::MropeSpatial), Panel::Mrope);
    const View views[] = {View::MropeAxes, View::MropeLadder, View::MropePositions, View::MropeSpatial};
    for (View v : views) {
        EXPECT_EQ(ui.cache.computeCount(v), 1u) << viewName(v);
        const CachedView& e = ui.cache.peek(v);
        EXPECT_TRUE(e.hasResult && e.error.empty()) << viewName(v) << ": " << e.error;
    }
    state.mropeQueryRow = 3;  // only the spatial map reads the query patch
    frames(2);
    EXPECT_EQ(ui.cache.computeCount(View::MropeSpatial), 2u);
    EXPECT_EQ(ui.cache.computeCount(View::MropeAxes), 1u);
    EXPECT_EQ(ui.cache.computeCount(View::MropePositions), 1u);
    state.mropeSection = {16, 24, 20};  // does not sum to 64: drawn scaled, with a warning naming mrope_section
    frames(2);
    const CachedView& w = ui.cache.peek(View::MropeAxes);
    EXPECT_TRUE(w.error.empty()) << w.error;
    ASSERT_GE(w.result.warnings.size(), 1u);
    EXPECT_NE(w.result.warnings[0].find("mrope_section"), std::string::npos);
    EXPECT_NE(w.result.warnings[0].find("scaled"), std::string::npos);
    state.mropeSection = {-4, 34, 34};  // negative: inline error, last plot kept
    frames(2);
    const CachedView& e = ui.cache.peek(View::MropeAxes);
    EXPECT_NE(e.error.find("mrope_section"), std::string::npos) << e.error;
    EXPECT_TRUE(e.hasResult);
}

}  // namespace
}  // namespace phaselens::ui
