#include "cli/quantity.h"

namespace phaselens::cli {

const std::vector<Quantity>& allQuantities() {
    // Built once on first use; immutable afterwards (a table, not state).
    static const std::vector<Quantity> kQuantities = {
        ropeQuantity(),        phaseQuantity(),     xposQuantity(),      sinusoidalQuantity(),
        alibiSlopesQuantity(), alibiBiasQuantity(), t5BucketsQuantity(), nopeQuantity(),
    };
    return kQuantities;
}

const Quantity* findQuantity(const std::string& name) {
    for (const auto& q : allQuantities())
        if (q.name == name) return &q;
    return nullptr;
}

}  // namespace phaselens::cli
