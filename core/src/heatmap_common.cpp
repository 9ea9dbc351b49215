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

std::pair<int64_t, int64_t> resolveWindow(const AxisWindow& w, int64_t n, const char* name) {
    requireInRange("n", n, 1, kMaxSampledPositions);
    const std::string base(name);
    requireInRange((base + ".first").c_str(), w.first, 0, n - 1);
    requireInRange((base + ".count").c_str(), w.count, 0, n - w.first);
    return {w.first, w.count == 0 ? n - w.first : w.count};
}

std::pair<AxisSampling, AxisSampling> windowAxes(int64_t n, const AxisWindow& rows, const AxisWindow& cols,
                                                 int64_t maxPixels) {
    requireMaxPixels(maxPixels);
    const auto r = resolveWindow(rows, n, "rows_window");
    const auto c = resolveWindow(cols, n, "cols_window");
    const int64_t step = (std::max(r.second, c.second) + maxPixels - 1) / maxPixels;
    auto axis = [step](std::pair<int64_t, int64_t> w) {
        AxisSampling a;
        a.first = w.first;
        a.count = w.second;
        a.step = step;
        a.pixels = (w.second + step - 1) / step;
        return a;
    };
    return {axis(r), axis(c)};
}

namespace heatmap_detail {

std::string windowText(const AxisSampling& ax, int64_t n, const char* what) {
    if (ax.first == 0 && ax.count == n) return std::string();
    return std::string(what) + " " + std::to_string(ax.first) + ".." + std::to_string(ax.first + ax.count - 1) +
           " of " + std::to_string(n);
}

}  // namespace heatmap_detail

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
