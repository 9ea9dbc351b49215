// PhaseLens export — the window side: runs the export dialog's requests (ui::ExportDialogState) in the
// desktop loop, between frames, one ExportJob stage per frame, so the dialog can draw its progress bar.
//
//     exporter::DialogExportRunner exportRunner(configDir / "export.json");   // "" = remember nothing
//     exportRunner.attach(uiContext);                        // restores the last export folder
//     while (...) {
//         ... ImGui frame, render, swapBuffers ...
//         exportRunner.betweenFrames(state, uiContext, *context);   // GL context current, no ImGui frame open
//     }
//
// PNG exports borrow the window's GL context; PngRenderer draws them with its own ImGui context and
// font atlas and restores the window's ImGui context afterwards (export.h, PngRenderer).
#pragma once

#include <memory>
#include <string>

#include "export/export.h"
#include "ui/ui_context.h"

namespace phaselens::exporter {

/// The request of the dialog's current settings for `state`. The title and caption are passed on only
/// when they differ from the generated ones (so a sidecar stays "generated" and follows its parameters).
ExportRequest requestFromDialog(const ui::ExportDialogState& dialog, const model::AppState& state, ui::UiContext& ui);

/// The dialog's A | B export (ExportDialogState::compare): requestFromDialog's request with B built from
/// ui.compare's picker by model::compareStates, written by exporter::exportComparison — the code path of
/// `phaselens export --compare-preset/--compare-config/--compare-layer`, so the same state gives the same bytes.
/// Throws ExportError.
ExportResult exportDialogComparison(const ui::ExportDialogState& dialog, const model::AppState& state,
                                    ui::UiContext& ui, render::GlContext* gl);

class DialogExportRunner {
  public:
    /// `settingsPath`: JSON file remembering the last export folder ({"folder": "..."}); "" = none.
    explicit DialogExportRunner(std::string settingsPath = {});
    ~DialogExportRunner();

    /// Sets ui.exportDialog.folder from the settings file (if the folder still exists).
    void attach(ui::UiContext& ui) const;

    /// Starts a job when the dialog asked for one, else runs the next stage of the running job, and writes
    /// running / progress / stage / message / failed back into ui.exportDialog (and a line into ui.status).
    /// Never throws: a failure becomes the dialog's message.
    void betweenFrames(const model::AppState& state, ui::UiContext& ui, render::GlContext& gl);

  private:
    void rememberFolder(const std::string& folder) const;
    std::string settingsPath_;
    std::unique_ptr<ExportJob> job_;
};

}  // namespace phaselens::exporter
