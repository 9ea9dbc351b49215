#include "desktop/app_export.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "export/compare_export.h"
#include "json_text.h"
#include "model/state_io.h"

namespace phaselens::exporter {

namespace fs = std::filesystem;

ExportRequest requestFromDialog(const ui::ExportDialogState& d, const model::AppState& state, ui::UiContext& ui) {
    ExportRequest r;
    r.view = d.view;
    r.state = state;
    r.state.view = d.view;
    r.state.theme = d.theme;
    r.state.fontScale = d.fontScale;
    const std::string generatedTitle = state.title.empty() ? model::defaultTitle(d.view, state) : state.title;
    if (d.title != generatedTitle) r.state.title = d.title;
    const model::CachedView& entry = ui.cache.get(d.view, state);
    if (!entry.hasResult || d.caption != entry.result.spec.caption) r.caption = d.caption;
    r.format = static_cast<Format>(d.format);
    r.path = (fs::path(d.folder) / d.fileName).string();
    r.width = d.width;
    r.height = d.height;
    r.lineWidth = d.lineWidth;
    r.transparent = d.transparent;
    r.sidecar = d.sidecar;
    r.captionInImage = d.captionInImage;
    return r;
}

ExportResult exportDialogComparison(const ui::ExportDialogState& d, const model::AppState& state, ui::UiContext& ui,
                                    render::GlContext* gl) {
    const ExportRequest request = requestFromDialog(d, state, ui);
    model::CompareStates states;
    try {
        // B from the picker, built from the request's state exactly as `export --compare-*` builds it.
        states = model::compareStates(request.state, model::compareSourceOf(ui.compare), ui.model.rule);
    } catch (const std::exception& e) {
        throw ExportError(ErrorKind::BadInput, std::string("B: ") + e.what());
    }
    return exportComparison(request, states, gl);
}

DialogExportRunner::DialogExportRunner(std::string settingsPath) : settingsPath_(std::move(settingsPath)) {}

DialogExportRunner::~DialogExportRunner() = default;

void DialogExportRunner::attach(ui::UiContext& ui) const {
    if (settingsPath_.empty()) return;
    try {
        std::error_code ec;
        if (!fs::exists(settingsPath_, ec)) return;
        const nlohmann::json j = phaselens::json_text::parse(model::readJsonInput(settingsPath_));
        if (j.contains("folder") && j["folder"].is_string() && fs::is_directory(j["folder"].get<std::string>(), ec))
            ui.exportDialog.folder = j["folder"].get<std::string>();
    } catch (const std::exception&) {
        // an unreadable file only loses the remembered folder; it is rewritten after the next export
    }
}

void DialogExportRunner::rememberFolder(const std::string& folder) const {
    if (settingsPath_.empty()) return;
    try {
        std::error_code ec;
        fs::create_directories(fs::path(settingsPath_).parent_path(), ec);
        model::writeFileAtomic(settingsPath_, phaselens::json_text::dump(nlohmann::json{{"folder", folder}}, 2) + "\n");
    } catch (const std::exception&) {
        // remembering the folder is a convenience; the export itself succeeded
    }
}

void DialogExportRunner::betweenFrames(const model::AppState& state, ui::UiContext& ui, render::GlContext& gl) {
    ui::ExportDialogState& d = ui.exportDialog;
    try {
        if (!job_) {
            if (!d.startRequested) return;
            d.startRequested = false;
            if (d.compare) {  // A | B: one stage, the CLI's code path (compare_export.h)
                d.running = true;
                const ExportResult r = exportDialogComparison(d, state, ui, &gl);
                std::string files;
                for (const std::string& f : r.files) files += (files.empty() ? "" : ", ") + f;
                d.message = "wrote " + files;
                for (const std::string& w : r.warnings) d.message += "\nnote: " + w;
                d.failed = false;
                d.progress = 1.0f;
                ui.status = "exported " + (r.files.empty() ? std::string() : r.files.front());
                rememberFolder(d.folder);
                d.running = false;
                return;
            }
            job_ = std::make_unique<ExportJob>(requestFromDialog(d, state, ui), &gl);
            d.running = true;
            d.progress = 0;
            d.stage = job_->stage();
            return;  // the first stage runs after the next frame has shown "computing"
        }
        job_->step();
        d.progress = job_->progress();
        d.stage = job_->stage();
        if (!job_->done()) return;
        const ExportResult& r = job_->result();
        std::string files;
        for (const std::string& f : r.files) files += (files.empty() ? "" : ", ") + f;
        d.message = "wrote " + files;
        for (const std::string& w : r.warnings) d.message += "\nnote: " + w;
        d.failed = false;
        ui.status = "exported " + job_->request().path;
        rememberFolder(d.folder);
    } catch (const std::exception& e) {
        d.message = std::string("export failed: ") + e.what();
        d.failed = true;
        d.startRequested = false;
        ui.status = d.message;
    }
    d.running = false;
    job_.reset();
}

}  // namespace phaselens::exporter
