#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "model/state_io.h"
#include "model/tour.h"
#include "model/views_study.h"
#include "ui/flow_layout.h"
#include "ui/plot_stack.h"
#include "ui/presentation.h"
#include "ui/ui_context.h"
#include "ui/widgets.h"

namespace phaselens::ui {

namespace {

struct StudyEntry {
    View view;
    const char* label;
    const char* paper;
};

constexpr StudyEntry kStudies[] = {
    {View::StudyDecay, "Decay bound", "Su et al. 2021, RoFormer §3.4.3"},
    {View::StudyBaseBound, "B_m vs m", "Men et al. 2024, Base of RoPE Bounds Context Length"},
    {View::StudyBaseWindows, "Valid bases vs L", "Men et al. 2024"},
    {View::StudyCriticalDim, "Critical dimension", "Liu et al. 2023, Scaling Laws of RoPE-based Extrapolation"},
    {View::StudyYarnRamps, "YaRN ramps", "Peng et al. 2023, YaRN"},
    {View::StudyPRope, "p-RoPE", "Barbero et al. 2024, Round and Round We Go!"},
    {View::StudySinks, "Attention sinks", "Xiao et al. 2023, StreamingLLM"},
    {View::StudyPermutation, "Permutation", "Shuffle the tokens: NoPE attention is permutation-equivariant"},
};

// The tour as loaded (window-only: not part of the saved state).
struct TourView {
    bool loaded = false;
    std::vector<TourCard> cards;
    std::string error;
    int index = 0;
    std::vector<ClaimResult> checks;
    int checkedIndex = -1;
};

TourView& tourView() {
    static TourView view;
    return view;
}

void drawTour(AppState& state, UiContext& ui) {
    TourView& t = tourView();
    if (!t.loaded) {
        t.loaded = true;
        try {
            t.cards = loadBuiltInTour();
        } catch (const std::exception& e) {
            t.error = e.what();
        }
    }
    if (!t.error.empty()) {
        ImGui::TextWrapped("tour: %s", t.error.c_str());
        return;
    }
    const int n = static_cast<int>(t.cards.size());
    auto show = [&](int k) {
        t.index = (k % n + n) % n;
        state = t.cards[static_cast<size_t>(t.index)].state;
        ui.selectPanelPending = true;
    };
    if (ImGui::SmallButton("< prev")) show(t.index - 1);
    ImGui::SameLine();
    if (ImGui::SmallButton("show this card")) show(t.index);
    ImGui::SameLine();
    if (ImGui::SmallButton("next >")) show(t.index + 1);
    ImGui::SameLine();
    ImGui::Text("card %d / %d", t.index + 1, n);
    ImGui::SameLine();
    if (ImGui::SmallButton("Save tour as deck")) {
        try {
            writeFileAtomic("phaselens_tour_deck.json", deckToJson(tourDeck(t.cards)).dump(2));
            ui.status = "wrote phaselens_tour_deck.json (phaselens --deck phaselens_tour_deck.json)";
        } catch (const std::exception& e) {
            ui.status = e.what();
        }
    }
    const TourCard& c = t.cards[static_cast<size_t>(t.index)];
    if (t.checkedIndex != t.index) {
        t.checks = checkCard(c);
        t.checkedIndex = t.index;
    }
    ImGui::TextWrapped("Q: %s", c.question.c_str());
    ImGui::TextWrapped("Look: %s", c.look.c_str());
    ImGui::TextWrapped("Try: %s", c.tryThis.c_str());
    for (const ClaimResult& r : t.checks)
        ImGui::TextDisabled("%s %s: %s", r.ok ? "checked" : "FAILED", r.claim.c_str(), r.detail.c_str());
}

}  // namespace

// The paper figures: one selector row, the parameters they share, and the selected figure filling the panel.
void drawStudyPanel(AppState& state, UiContext& ui) {
    const View shown = isStudyView(state.view) ? state.view : View::StudyDecay;
    for (const StudyEntry& e : kStudies) {
        if (&e != &kStudies[0]) sameLineIfFits(checkItemWidth(e.label));
        if (ImGui::RadioButton(e.label, shown == e.view)) state.view = e.view;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", e.paper);
    }
    const float item = ImGui::GetFontSize() * 9;
    ImGui::SetNextItemWidth(item);
    int headDim = state.rope.headDim;
    if (ImGui::SliderInt("head_dim D", &headDim, 4, 512)) state.rope.headDim = headDim + (headDim % 2);
    sameLineIfFits(labeledItemWidth(item, "base B"), ImGui::GetFontSize());
    ImGui::SetNextItemWidth(item);
    sliderDouble("base B", state.rope.base, 10.0, 1e8, true, 0, "%.6g", "rope_theta: θ_i = B^(-2i/D).");
    sameLineIfFits(labeledItemWidth(item, "training L"), ImGui::GetFontSize());
    ImGui::SetNextItemWidth(item);
    sliderInt64("training L", state.trainingContext, 64, 65536, true, 0,
                "Training context: L of the base bound and of the critical dimension.");
    sameLineIfFits(labeledItemWidth(item, "factor s"), ImGui::GetFontSize());
    ImGui::SetNextItemWidth(item);
    sliderDouble("factor s", state.extensionFactor, 1.0, 128.0, true, 0, "%.4g",
                 "Scale of the PI and NTK variants of the decay bound.");
    if (ImGui::CollapsingHeader("Guided tour")) drawTour(state, ui);
    // The rest of the tab, but at least a usable plot (plot_stack.h): with wrapped control rows (150 % UI scale at
    // 1024×640) the tab scrolls instead of squashing the figure.
    const float em = ImGui::GetFontSize();
    const float buttonRow = ui.presentation ? 0.0f : ImGui::GetFrameHeightWithSpacing();
    const float least =
        minFrameHeight(ui.plotViews[static_cast<size_t>(shown)], kStackMinAreaEm * em, 8.0f * em) + buttonRow;
    drawViewPlot(shown, state, ui, 0, std::max(ImGui::GetContentRegionAvail().y, least));
}

}  // namespace phaselens::ui
