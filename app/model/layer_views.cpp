// PhaseLens model — what a view shows for a selected layer without positional encoding (layer_selection.h).
#include <string>

#include "model/layer_selection.h"
#include "model/view_registry.h"

namespace phaselens::model {

std::optional<ViewResult> layerWithoutPositionResult(View view, const AppState& s) {
    if (s.layerIndex < 0 || (s.layerPositional != "nope" && s.layerPositional != "none")) return std::nullopt;
    if (!viewInfo(view).def.inputs.contains(Field::ropeBase)) return std::nullopt;  // bias, learned: no RoPE shown
    if ((view == View::Scores || view == View::Kernel) && s.scoreScheme == ScoreScheme::NoPE)
        return std::nullopt;  // a NoPE layer's scores: the mask alone, drawn as usual
    const std::string layer = "layer " + std::to_string(s.layerIndex);
    const std::string why = s.layerPositional == "none"
                                ? layer + " is a linear-attention layer: no positional signal at all"
                                : layer +
                                      " is a NoPE layer: no rotary embedding; q·k depends on content and the "
                                      "mask only (the scores view shows it)";
    ViewResult r;
    r.spec.title = layer + " has no positional encoding";
    r.spec.caption = why + ". Select a RoPE layer in the layer strip ([ and ] step layers).";
    r.spec.x.min = 0.0;
    r.spec.x.max = 1.0;
    r.spec.y.min = 0.0;
    r.spec.y.max = 1.0;
    r.spec.x.grid = r.spec.y.grid = false;
    r.spec.notes.push_back({0.04, 0.6, layer + " has no positional encoding", 0});
    r.spec.notes.push_back({0.04, 0.45, s.layerPositional == "none" ? "(linear attention)" : "(NoPE)", 0});
    r.convention = why;
    return r;
}

}  // namespace phaselens::model
