#include "model/phase_precision.h"

#include <cmath>
#include <cstdio>

#include "model/number_format.h"

namespace phaselens::model {

double phaseRoundingBound(int64_t context) {
    return std::ldexp(static_cast<double>(context), -53);
}

bool viewShowsContextPhases(View view) {
    return view == View::Ladder || view == View::LadderPoint || view == View::LadderMean || view == View::Scores ||
           view == View::Kernel || view == View::ExtensionKernel;
}

std::optional<std::string> phasePrecisionNote(View view, int64_t context) {
    if (context <= kPhasePrecisionNoteAbove || !viewShowsContextPhases(view)) return std::nullopt;
    char bound[32];
    std::snprintf(bound, sizeof bound, "%.2g", phaseRoundingBound(context));
    return "float64 phases: p·θ is rounded by up to |p|·θ·2^-53 <= " + std::string(bound) +
           " rad at p = " + groupedInteger(context) +
           " (θ <= 1), so the last digits of sin/cos and scores there are not exact";
}

}  // namespace phaselens::model
