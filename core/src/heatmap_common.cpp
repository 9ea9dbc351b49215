// Heatmap samplers: axis sampling and the names of reductions, kernel kinds and ladder quantities
// (phaselens/heatmap.h).
#include <stdexcept>
#include <string>

#include "heatmap_internal.h"

namespace phaselens::core {

using namespace heatmap_detail;

// =====================================================================================================
// [SECTION] Axis sampling, reductions, names
// =====================================================================================================

AxisSampling axisSampling(int64_t count, int64_t maxPixels) {
    requireInRange("count", count, 1, kMaxSampledPositions);
    requireMaxPixels(maxPixels);
    AxisSampling a;
    a.count = count;
    a.step = (count + maxPixels - 1) / maxPixels;
    a.pixels = (count + a.step - 1) / a.step;
    return a;
}

const char* reductionName(Reduction r) {
    switch (r) {
        case Reduction::Point:
            return "point";
        case Reduction::Mean:
            return "mean";
        case Reduction::Min:
            return "min";
        case Reduction::Max:
            return "max";
    }
    return "point";
}

Reduction reductionFromName(const std::string& name) {
    if (name == "point") return Reduction::Point;
    if (name == "mean") return Reduction::Mean;
    if (name == "min") return Reduction::Min;
    if (name == "max") return Reduction::Max;
    throw std::invalid_argument("reduction must be one of point, mean, min, max; got '" + name + "'");
}

const char* toeplitzKindName(ToeplitzKernel::Kind kind) {
    switch (kind) {
        case ToeplitzKernel::Cosine:
            return "cosine";
        case ToeplitzKernel::AlibiLinear:
            return "alibi-linear";
        case ToeplitzKernel::AlibiSymmetric:
            return "alibi-symmetric";
        case ToeplitzKernel::T5Bucket:
            return "t5-bucket";
    }
    return "cosine";
}

const char* ladderQuantityName(LadderRequest::Quantity q) {
    switch (q) {
        case LadderRequest::Sin:
            return "sin";
        case LadderRequest::Cos:
            return "cos";
        case LadderRequest::AngleRaw:
            return "angle-raw";
        case LadderRequest::AngleWrapped:
            return "angle-wrapped";
    }
    return "cos";
}

LadderRequest::Quantity ladderQuantityFromName(const std::string& name) {
    if (name == "sin") return LadderRequest::Sin;
    if (name == "cos") return LadderRequest::Cos;
    if (name == "angle-raw" || name == "angle") return LadderRequest::AngleRaw;
    if (name == "angle-wrapped" || name == "wrapped") return LadderRequest::AngleWrapped;
    throw std::invalid_argument("ladder quantity must be one of sin, cos, angle-raw, angle-wrapped; got '" + name +
                                "'");
}

}  // namespace phaselens::core
