// The view registry (model/view_registry.h) and the declared inputs of every view (model/state_fields.h):
//  - the field list names every member of AppState (and of its RoPE parameters), read from the header's source;
//  - every view has one complete entry, its name round-trips, its colormap key is a state key;
//  - the property the result cache relies on: perturbing any AppState field that a view does NOT declare as an
//    input leaves that view's output unchanged (numbers as CSV, every drawn text and mark as SVG, the convention
//    paragraph, the warnings, or the error message). A missing declaration means a stale plot; this test finds it.
#include "model/view_registry.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "export/export.h"
#include "model/app_state.h"
#include "model/state_fields.h"
#include "model/state_io.h"
#include "model/views.h"

namespace phaselens::model {
namespace {

// [SECTION] The field list against the struct ---------------------------------------------------------------

std::vector<std::string> membersOf(const std::string& source, const std::string& structName) {
    const size_t at = source.find("struct " + structName + " {");
    EXPECT_NE(at, std::string::npos) << structName;
    const size_t end = source.find("\n};", at);
    std::istringstream body(source.substr(at, end - at));
    std::vector<std::string> out;
    // "    Type name = ...;" or "    Type name;" (one member per line; comments and operator== skipped)
    const std::regex member(R"re(^\s+[A-Za-z_][\w:<>, ]*[\w>]\s+([a-zA-Z_]\w*)\s*(=[^;]*)?;)re");
    std::string line;
    std::getline(body, line);  // the struct line
    for (; std::getline(body, line);) {
        std::smatch m;
        if (line.find("operator") == std::string::npos && std::regex_search(line, m, member)) out.push_back(m[1]);
    }
    return out;
}

std::string sourceOf(const std::string& path) {
    std::ifstream in(path);
    EXPECT_TRUE(in) << path;
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(ViewRegistry, FieldListNamesEveryAppStateMember) {
    const std::string appState = sourceOf(PHASELENS_APP_DIR "/model/app_state.h");
    // AppState::rope is the core's RopeParams: its members come from the core header.
    const std::string ropeParams = sourceOf(PHASELENS_CORE_INCLUDE_DIR "/phaselens/rope_scaling.h");
    std::vector<std::string> expected;
    for (const std::string& m : membersOf(appState, "AppState")) {
        if (m != "rope") {
            expected.push_back(m);
            continue;
        }
        for (const std::string& r : membersOf(ropeParams, "RopeParams")) expected.push_back("rope." + r);
    }
    std::vector<std::string> listed;
    for (int i = 0; i < kFieldCount; ++i) listed.emplace_back(fieldName(static_cast<Field>(i)));
    EXPECT_EQ(listed, expected) << "model/state_fields.h lists AppState's fields in declaration order";
}

// [SECTION] Registry entries ---------------------------------------------------------------------------------

TEST(ViewRegistry, EveryViewHasOneCompleteEntry) {
    const nlohmann::json keys = stateToJson(AppState{});
    std::set<std::string> names;
    for (int i = 0; i < kViewCount; ++i) {
        const View v = static_cast<View>(i);
        const ViewInfo& info = viewInfo(v);
        EXPECT_EQ(info.view, v);
        EXPECT_TRUE(names.insert(info.name).second) << "duplicate name " << info.name;
        EXPECT_EQ(viewFromName(info.name), v);
        EXPECT_LT(static_cast<int>(info.panel), static_cast<int>(Panel::Count)) << info.name;
        EXPECT_NE(std::string(panelTitle(info.panel)), "") << info.name;
        if (info.def.colormapKey != nullptr) {
            EXPECT_TRUE(keys.contains(info.def.colormapKey)) << info.name << ": " << info.def.colormapKey;
            EXPECT_TRUE(
                info.def.inputs.contains(Field::ladderColormap) || info.def.inputs.contains(Field::scoresColormap) ||
                info.def.inputs.contains(Field::biasColormap) || info.def.inputs.contains(Field::learnedColormap))
                << info.name << " draws with a colormap it does not declare as an input";
        }
    }
    EXPECT_EQ(viewNames().size(), static_cast<size_t>(kViewCount));
    EXPECT_THROW(viewFromName("no-such-view"), std::invalid_argument);
}

// [SECTION] Declared inputs: perturb every field ------------------------------------------------------------

// What a user can see of a view: its numbers, its drawing (texts, marks, legend), convention, warnings, or error.
// The ViewResult is drawn with one fixed figure theme: theme and font scale style a figure, not a view's result.
std::string outputOf(View view, const AppState& state) {
    try {
        exporter::Figure fig;
        fig.view = buildView(view, state);
        fig.theme = exporter::figureTheme(ThemeChoice::Light, 1.0f, 480, 320);
        fig.caption = fig.view.convention;
        std::string out = exporter::toCsv(fig, view) + "\n--svg--\n" + exporter::toSvgDocument(fig, 480, 320);
        out += "\n--convention--\n" + fig.view.convention;
        for (const std::string& w : fig.view.warnings) out += "\n--warning--\n" + w;
        return out;
    } catch (const std::exception& e) {
        return std::string("error: ") + e.what();
    }
}

// Two different values of each field type (valid where a simple rule allows; an invalid value is still a
// legitimate probe: a view that does not read the field must not fail because of it).
template <typename T>
std::vector<T> alternatives(const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
        return {!v};
    } else if constexpr (std::is_enum_v<T>) {
        return {static_cast<T>(static_cast<int>(v) == 0 ? 1 : 0)};  // every enum has at least two values
    } else if constexpr (std::is_floating_point_v<T>) {
        return {v == 0 ? T(0.5) : v * T(1.5), v == 0 ? T(2) : v * T(0.75)};
    } else if constexpr (std::is_integral_v<T>) {
        return {v <= 0 ? T(1) : T(v * 2), v <= 0 ? T(0) : T(v / 2)};
    } else if constexpr (std::is_same_v<T, ViewWindows>) {  // every view zoomed to a small window
        ViewWindows zoomed;
        for (DataWindow& w : zoomed.byView) w = {{1.0, 9.0}, {0.0, 3.0}};
        return {zoomed};
    } else if constexpr (requires {
                             typename T::value_type;
                             v.has_value();
                         }) {  // std::optional<number>
        using V = typename T::value_type;
        return {v ? T{} : T{V(1024)}, T{v ? alternatives(*v).front() : V(2)}};
    } else if constexpr (std::is_same_v<T, std::string>) {
        return {v.empty() ? std::string("text:5") : std::string(), std::string("x")};
    } else {  // std::vector<int> / std::vector<double>
        T longer = v, shorter = v;
        longer.push_back(longer.empty() ? 1 : longer.back());
        if (!shorter.empty()) shorter.front() += 1;
        return {longer, shorter};
    }
}

struct Probe {
    Field field;
    AppState state;
};

std::vector<Probe> perturbations(const AppState& base) {
    std::vector<Probe> out;
#define PHASELENS_PROBE(id, path)                       \
    for (const auto& value : alternatives(base.path)) { \
        Probe p{Field::id, base};                       \
        p.state.path = value;                           \
        out.push_back(std::move(p));                    \
    }
    PHASELENS_STATE_FIELDS(PHASELENS_PROBE)
#undef PHASELENS_PROBE
    return out;
}

// AppState::rope is the core's RopeParams, whose operator== is written out member by member (the core is C++17):
// every changed RoPE field must make the parameters, and the state, compare unequal.
TEST(ViewRegistry, EqualityComparesEveryField) {
    const AppState base;
    for (const Probe& p : perturbations(base)) {
        if (!fieldDiffers(p.field, p.state, base)) continue;  // an alternative equal to the base value
        EXPECT_FALSE(p.state == base) << fieldName(p.field);
        if (std::string_view(fieldName(p.field)).starts_with("rope.")) {  // a member of the core's RopeParams
            EXPECT_FALSE(p.state.rope == base.rope) << fieldName(p.field);
        }
    }
}

// Small but representative states: fast to build, every feature switched on somewhere.
AppState smallDefault() {
    AppState s;
    s.contextLength = 512;
    s.trainingContext = 256;
    s.maxPixels = 64;
    s.biasContext = 16;
    s.phasePositions = 32;
    s.learnedPositions = 48;
    s.learnedDim = 12;
    s.learnedResize = 64;
    s.sinusoidalDModel = 32;
    s.mropeGridT = 2;
    s.mropeGridH = 6;
    s.mropeGridW = 8;
    s.mropeQueryRow = 3;
    s.mropeQueryCol = 4;
    s.extensionFactor = 4.0;
    s.rope.originalMaxPositionEmbeddings = 256;
    s.rope.seqLen = 1024;
    s.extensionCurrentLength = 1024;
    return s;
}

AppState smallVaried() {
    AppState s = smallDefault();
    s.view = View::Scores;
    s.title = "A slide title";
    s.rope.type = core::RopeType::Yarn;
    s.rope.factor = 4.0;
    s.scoreSource = ScoreSource::Random;
    s.mask = core::MaskType::SlidingWindow;
    s.slidingWindow = 64;
    s.softmax = true;
    s.alibiSlopeOverride = true;
    s.alibiForm = core::AlibiForm::Symmetric;
    s.positionMarker = 100;
    s.positionStride = 3.0;
    s.mropeInterleaved = true;
    s.mropeRandomQk = true;
    s.mropeTokensPerSecond = 2.0;
    return s;
}

class DeclaredInputs : public ::testing::TestWithParam<int> {};

TEST_P(DeclaredInputs, UndeclaredFieldsLeaveTheOutputUnchanged) {
    const View view = static_cast<View>(GetParam());
    for (const AppState& base : {smallDefault(), smallVaried()}) {
        const std::string reference = outputOf(view, base);
        for (const Probe& p : perturbations(base)) {
            if (viewInputsDiffer(view, base, p.state)) continue;  // declared: the cache recomputes, nothing to check
            const std::string changed = outputOf(view, p.state);
            EXPECT_EQ(changed == reference, true)
                << viewName(view) << ": its output depends on " << fieldName(p.field)
                << ", which is not among its declared inputs (viewDef in views_*.cpp)"
                << (changed.rfind("error: ", 0) == 0 ? "; perturbed state: " + changed.substr(0, 300) : "");
        }
    }
}

INSTANTIATE_TEST_SUITE_P(EveryView, DeclaredInputs, ::testing::Range(0, kViewCount),
                         [](const ::testing::TestParamInfo<int>& info) {
                             std::string name = viewName(static_cast<View>(info.param));
                             for (char& c : name)
                                 if (c == '-') c = '_';
                             return name;
                         });

}  // namespace
}  // namespace phaselens::model
