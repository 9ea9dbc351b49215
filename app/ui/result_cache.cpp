#include "ui/result_cache.h"

#include <chrono>
#include <stdexcept>

namespace phaselens::ui {

CachedView& ResultCache::get(View view, const AppState& state) {
    CachedView& entry = views_[static_cast<size_t>(view)];
    if (entry.computed && !viewInputsDiffer(view, entry.inputs, state)) return entry;
    entry.inputs = state;
    entry.computed = true;
    ++entry.computeCount;
    const auto start = std::chrono::steady_clock::now();
    try {
        entry.result = buildView(view, state);
        entry.hasResult = true;
        entry.error.clear();
        ++entry.version;
    } catch (const std::invalid_argument& e) {
        entry.error = e.what();
    }
    entry.lastMillis = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return entry;
}

void ResultCache::clear() {
    views_ = {};
}

}  // namespace phaselens::ui
