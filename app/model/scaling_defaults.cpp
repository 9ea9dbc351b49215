#include "model/scaling_defaults.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace phaselens::model {

std::string applyScalingDefaults(AppState& s, core::RopeType previous) {
    core::RopeParams& r = s.rope;
    if (r.type == previous || r.type == core::RopeType::Default || r.factor != 1.0) return "";
    double factor = r.type == core::RopeType::Llama3 ? 8.0 : 4.0;
    std::string why = "the usual value for " + std::string(core::ropeTypeName(r.type));
    if (s.contextLength > s.trainingContext) {
        factor = std::clamp(std::round(static_cast<double>(s.contextLength) / static_cast<double>(s.trainingContext)),
                            2.0, 128.0);
        why = "context / training context";
    }
    r.factor = factor;
    char text[32];
    std::snprintf(text, sizeof text, "%g", factor);
    return "scaling " + std::string(core::ropeTypeName(r.type)) + ": factor set to " + text + " (" + why +
           "; at factor 1 every rule changes nothing)";
}

}  // namespace phaselens::model
