// PhaseLens model — the view registry (view_registry.h): one entry per PHASELENS_VIEWS line, completed by the
// viewDef<View::Id>() next to each builder.
#include "model/view_registry.h"

#include <array>
#include <stdexcept>

#include "model/views.h"

namespace phaselens::model {

namespace {

#define PHASELENS_VIEW_COUNT_ONE(id, name, panel) +1
constexpr int kListedViews = 0 PHASELENS_VIEWS(PHASELENS_VIEW_COUNT_ONE);
#undef PHASELENS_VIEW_COUNT_ONE
static_assert(kListedViews == kViewCount, "every View has exactly one PHASELENS_VIEWS entry");

const std::array<ViewInfo, kViewCount>& registry() {
    static const std::array<ViewInfo, kViewCount> table = [] {
        std::array<ViewInfo, kViewCount> t{{
#define PHASELENS_VIEW_ENTRY(id, name, panel) {View::id, name, Panel::panel, viewDef<View::id>()},
            PHASELENS_VIEWS(PHASELENS_VIEW_ENTRY)
#undef PHASELENS_VIEW_ENTRY
        }};
        for (int i = 0; i < kViewCount; ++i) {  // the table is in enum order and every entry is complete
            const ViewInfo& v = t[static_cast<size_t>(i)];
            if (static_cast<int>(v.view) != i || v.def.build == nullptr || v.def.title == nullptr)
                throw std::logic_error(std::string("view registry: incomplete entry ") + v.name);
        }
        return t;
    }();
    return table;
}

}  // namespace

const ViewInfo& viewInfo(View view) {
    const int i = static_cast<int>(view);
    if (i < 0 || i >= kViewCount) throw std::invalid_argument("unknown view " + std::to_string(i));
    return registry()[static_cast<size_t>(i)];
}

const char* viewName(View view) {
    return viewInfo(view).name;
}

View viewFromName(const std::string& name) {
    for (const ViewInfo& v : registry())
        if (name == v.name) return v.view;
    std::string valid;
    for (const ViewInfo& v : registry()) valid += (valid.empty() ? "" : ", ") + std::string(v.name);
    throw std::invalid_argument("unknown view '" + name + "'; valid views: " + valid);
}

std::vector<std::string> viewNames() {
    std::vector<std::string> out;
    for (const ViewInfo& v : registry()) out.emplace_back(v.name);
    return out;
}

Panel panelOf(View view) {
    return viewInfo(view).panel;
}

const char* panelTitle(Panel panel) {
    switch (panel) {
        case Panel::Ladder:
            return "Frequency ladder";
        case Panel::Phase:
            return "Rotation phase";
        case Panel::Scores:
            return "Attention scores";
        case Panel::Bias:
            return "Bias matrices";
        case Panel::Aliasing:
            return "Wraparound & aliasing";
        case Panel::Extension:
            return "Context extension";
        case Panel::Learned:
            return "Learned positions";
        case Panel::Study:
            return "Study";
        case Panel::Mrope:
            return "Multimodal RoPE";
        case Panel::Count:
            break;
    }
    return "";
}

}  // namespace phaselens::model
