#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <filesystem>

#include "ui/ui_context.h"
#include "ui/widgets.h"

namespace phaselens::ui {

namespace {

constexpr const char* kPopupId = "Export plot##export";
constexpr const char* kFormats[] = {"png", "svg", "csv", "npy", "json", "pdf"};
constexpr int kFormatCount = 6;
struct SizePreset {
    const char* label;
    int width, height;
};
constexpr SizePreset kPresets[] = {
    {"1280×720", 1280, 720}, {"1600×1000", 1600, 1000}, {"1920×1080", 1920, 1080}, {"3840×2160", 3840, 2160}};

// Generated title and caption of `view` for `state` (what an export shows when they are not edited).
std::pair<std::string, std::string> generatedTexts(View view, const AppState& state, UiContext& ui) {
    const CachedView& entry = ui.cache.get(view, state);
    return {state.title.empty() || view != state.view ? defaultTitle(view, state) : state.title,
            entry.hasResult ? entry.result.spec.caption : std::string()};
}

// fileName with its extension replaced by the format's.
std::string withExtension(const std::string& fileName, int format) {
    std::filesystem::path p(fileName.empty() ? "plot" : fileName);
    p.replace_extension(kFormats[format]);
    return p.string();
}

void drawProgress(ExportDialogState& d) {
    ImGui::ProgressBar(d.progress, ImVec2(-1, 0), d.stage.c_str());
    ImGui::TextDisabled("exporting… the window resumes between stages");
}

}  // namespace

void openExportDialog(View view, const AppState& state, UiContext& ui) {
    ExportDialogState& d = ui.exportDialog;
    if (d.running) return;  // one export at a time; the open dialog shows its progress
    d.view = view;
    d.compare = ui.compare.enabled && view == state.view;  // what is on screen: the focused view as A | B
    std::tie(d.title, d.caption) = generatedTexts(view, state, ui);
    d.fileName = withExtension(std::string("phaselens-") + viewName(view) + (d.compare ? "-ab" : ""), d.format);
    if (d.folder.empty()) {
        std::error_code ec;
        d.folder = std::filesystem::current_path(ec).string();
    }
    d.message.clear();
    d.failed = false;
    d.openRequested = true;
}

// Called last inside the host window: ImGui 1.86 asserts (FindBlockingModal) when a root window appears in
// the frame in which a modal first appears, after the modal's Begin. Opening the modal after every other
// window of the frame avoids that; later frames are safe because the modal was already active.
void drawExportDialog(AppState& state, UiContext& ui) {
    ExportDialogState& d = ui.exportDialog;
    if (d.openRequested) {
        ImGui::OpenPopup(kPopupId);
        d.openRequested = false;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(kPopupId, nullptr,
                                ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize))
        return;
    ImGui::PushItemWidth(ImGui::GetFontSize() * 22);  // fixed: the window sizes itself to its contents

    ImGui::Text("Plot: %s", viewName(d.view));
    const bool busy = d.running || d.startRequested;
    if (busy) ImGui::BeginDisabled();
    if (ui.compare.enabled && d.view == state.view)
        checkbox("A | B (both panels)", d.compare,
                 "A and B side by side with the same axes, as on screen (phaselens export --compare-*);\n"
                 "csv / npy hold both panels' numbers");
    if (comboIndex("format", d.format, kFormats, kFormatCount,
                   "png: rendered offscreen at the size below; svg: vector plot (heatmap embedded as an image);\n"
                   "csv / npy: the plotted numbers; json: the sidecar alone; pdf: vector PDF (cairo)"))
        d.fileName = withExtension(d.fileName, d.format);
    const bool image = d.format == 0 || d.format == 1 || d.format == 5;
    int size[2] = {d.width, d.height};
    if (ImGui::InputInt2("size (px)", size)) {
        d.width = std::clamp(size[0], 16, 7680);
        d.height = std::clamp(size[1], 16, 4320);
    }
    for (const SizePreset& p : kPresets) {
        if (&p != kPresets) ImGui::SameLine();
        if (ImGui::SmallButton(p.label)) d.width = p.width, d.height = p.height;
    }
    int theme = static_cast<int>(d.theme);
    constexpr const char* kThemes[] = {"light", "dark"};
    if (comboIndex("theme", theme, kThemes, 2, "slide theme of the figure (independent of the window's)"))
        d.theme = static_cast<ThemeChoice>(theme);
    ImGui::SliderFloat("font scale", &d.fontScale, 0.5f, 3.0f, "%.2f");
    tooltip("text size relative to the default: 10 pt with the figure 6.4 in wide, like matplotlib");
    ImGui::SliderFloat("line width", &d.lineWidth, 0.0f, 16.0f, d.lineWidth > 0 ? "%.1f px" : "auto");
    tooltip("series line width in output pixels; auto scales with the figure size");
    if (image) checkbox("transparent background", d.transparent, "alpha 0 outside the data (PNG and SVG)");
    ImGui::InputText("title", &d.title);
    ImGui::InputTextMultiline("caption", &d.caption, ImVec2(ImGui::CalcItemWidth(), ImGui::GetTextLineHeight() * 4));
    checkbox("caption in the image", d.captionInImage,
             "draw the caption under the plot; it is always written to the sidecar .json");
    if (ImGui::SmallButton("regenerate title and caption"))
        std::tie(d.title, d.caption) = generatedTexts(d.view, state, ui);
    ImGui::InputText("folder", &d.folder);
    ImGui::InputText("file", &d.fileName);
    if (d.format != 4)
        checkbox("sidecar .json", d.sidecar,
                 "also write <file>.json: every parameter and convention;\n"
                 "phaselens export --state <file>.json reproduces the plot");
    if (busy) ImGui::EndDisabled();

    ImGui::Separator();
    if (d.running) {
        drawProgress(d);
    } else if (!d.message.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text,
                              d.failed ? ImVec4(1.0f, 0.45f, 0.4f, 1.0f) : ImVec4(0.4f, 0.85f, 0.45f, 1.0f));
        ImGui::TextWrapped("%s", d.message.c_str());
        ImGui::PopStyleColor();
    }
    if (busy) ImGui::BeginDisabled();
    if (ImGui::Button("Export")) {
        d.fileName = withExtension(d.fileName, d.format);
        d.message.clear();
        d.failed = false;
        d.startRequested = true;
        d.stage = "starting";
        d.progress = 0;
    }
    ImGui::SameLine();
    if (ImGui::Button("Close") || (!busy && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)))
        ImGui::CloseCurrentPopup();
    if (busy) ImGui::EndDisabled();
    if (!image) {
        ImGui::SameLine();
        ImGui::TextDisabled("(size and theme only matter for png/svg)");
    }
    ImGui::PopItemWidth();
    ImGui::EndPopup();
}

}  // namespace phaselens::ui
