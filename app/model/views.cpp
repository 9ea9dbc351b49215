// PhaseLens model — buildView, titles and input comparison as lookups into the view registry (view_registry.h).
#include "model/views.h"

#include <algorithm>
#include <stdexcept>

#include "model/layer_selection.h"
#include "model/number_format.h"
#include "model/phase_precision.h"
#include "model/state_clamp.h"
#include "phaselens/heatmap.h"

namespace phaselens::model {

std::string defaultTitle(View view, const AppState& s) {
    return viewInfo(view).def.title(view, s);
}

ViewResult buildView(View view, const AppState& state) {
    AppState s = state;  // dependent selections clamped, with a note instead of an error (state_clamp.h)
    const std::vector<ClampNote> notes = clampDependentSelections(s);
    if (view != s.view) s.title.clear();  // a custom (slide) title belongs to the focused plot only
    if (s.contextLength < 1 || s.contextLength > core::kMaxSampledPositions)
        throw std::invalid_argument("context length must be in [1, 2^31], got " + std::to_string(s.contextLength));
    if (s.trainingContext < 1)
        throw std::invalid_argument("training context must be >= 1, got " + std::to_string(s.trainingContext));
    if (auto none = layerWithoutPositionResult(view, s)) return *none;  // a NoPE layer (layer_selection.h)
    ViewResult r = viewInfo(view).def.build(view, s);
    for (const ClampNote& n : notes)
        if (std::find(n.views.begin(), n.views.end(), view) != n.views.end()) r.warnings.push_back(n.text);
    if (auto note = phasePrecisionNote(view, s.contextLength)) r.warnings.push_back(*note);
    return r;
}

bool viewInputsDiffer(View view, const AppState& a, const AppState& b) {
    static const std::string kNoTitle;  // the custom title applies to the focused view only (buildView)
    const std::string& titleA = a.view == view ? a.title : kNoTitle;
    const std::string& titleB = b.view == view ? b.title : kNoTitle;
    // The deep-zoom window (view_window.h): a view that declares it compares only its own window.
    FieldSet inputs = kCommonViewInputs | viewInfo(view).def.inputs;
    const bool zoomable = inputs.contains(Field::windows);
    inputs.remove(Field::windows);
    return titleA != titleB || (zoomable && !(a.windows[view] == b.windows[view])) || fieldsDiffer(inputs, a, b);
}

}  // namespace phaselens::model
