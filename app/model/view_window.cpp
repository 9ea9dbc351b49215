// PhaseLens model — deep zoom windows (view_window.h).
#include "model/view_window.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "plot/plot_spec.h"

namespace phaselens::model {

core::AxisWindow sampleWindow(const AxisRange& range, int64_t n, double unit) {
    if (range.whole() || n < 1 || !(unit > 0) || !std::isfinite(range.lo) || !std::isfinite(range.hi)) return {};
    const double lo = std::floor(range.lo / unit), hi = std::ceil(range.hi / unit);
    const double nd = static_cast<double>(n);
    const int64_t first = static_cast<int64_t>(std::clamp(lo, 0.0, nd - 1.0));
    const int64_t end = static_cast<int64_t>(std::clamp(hi, static_cast<double>(first + 1), nd));
    if (first == 0 && end == n) return {};
    return {first, end - first};
}

std::pair<int64_t, int64_t> offsetWindow(const AxisRange& range, int64_t whole0, int64_t whole1) {
    if (range.whole() || !std::isfinite(range.lo) || !std::isfinite(range.hi)) return {whole0, whole1};
    const double lo = std::floor(range.lo), hi = std::ceil(range.hi) - 1.0;
    const int64_t first =
        static_cast<int64_t>(std::clamp(lo, static_cast<double>(whole0), static_cast<double>(whole1)));
    const int64_t last = static_cast<int64_t>(std::clamp(hi, static_cast<double>(first), static_cast<double>(whole1)));
    return {first, last};
}

void showWindow(plot::PlotSpec& spec, const DataWindow& window) {
    if (!window.x.whole()) spec.x.min = window.x.lo, spec.x.max = window.x.hi;
    if (!window.y.whole()) spec.y.min = window.y.lo, spec.y.max = window.y.hi;
}

AxisRange parseRangeFlag(const char* flag, const std::string& text) {
    auto fail = [&](const std::string& why) {
        return std::invalid_argument(std::string(flag) + ": expected A:B with integers A <= B (" + why + "), got '" +
                                     text + "'");
    };
    const size_t colon = text.find(':');
    if (colon == std::string::npos || text.find(':', colon + 1) != std::string::npos) throw fail("one colon");
    auto integer = [&](const std::string& part) {
        if (part.empty() || part.size() > 12) throw fail("integers of at most 12 digits");
        size_t k = part[0] == '-' ? 1 : 0;
        if (k == part.size()) throw fail("integers");
        for (; k < part.size(); ++k)
            if (part[k] < '0' || part[k] > '9') throw fail("integers");
        return std::strtoll(part.c_str(), nullptr, 10);
    };
    const long long a = integer(text.substr(0, colon)), b = integer(text.substr(colon + 1));
    if (a > b) throw fail("A <= B");
    return {static_cast<double>(a), static_cast<double>(b) + 1.0};
}

}  // namespace phaselens::model
