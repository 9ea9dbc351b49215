#include "cli/compute_config.h"
#include "cli/quantity.h"

namespace phaselens::cli {

const std::vector<Quantity>& allQuantities() {
    // Built once on first use; immutable afterwards (a table, not state).
    static const std::vector<Quantity> kQuantities = {
        // withConfigFlags: --config/--preset/--transformers-rule (compute_config.h).
        withConfigFlags(ropeQuantity()),
        withConfigFlags(phaseQuantity()),
        withConfigFlags(xposQuantity()),
        withConfigFlags(sinusoidalQuantity()),
        withConfigFlags(alibiSlopesQuantity()),
        withConfigFlags(alibiBiasQuantity()),
        withConfigFlags(t5BucketsQuantity()),
        withConfigFlags(learnedQuantity()),
        withConfigFlags(nopeQuantity()),
        presetsQuantity(),
        layersQuantity(),
        logitScaleQuantity(),
        // Study figures (compute_study.cpp).
        baseBoundQuantity(),
        criticalDimQuantity(),
        decayBoundQuantity(),
        mropeQuantity(),
    };
    return kQuantities;
}

const Quantity* findQuantity(const std::string& name) {
    for (const auto& q : allQuantities())
        if (q.name == name) return &q;
    return nullptr;
}

}  // namespace phaselens::cli
