// The one parameter vocabulary (model/parameters.h): every parameter flag has the same name, kind, range and help in
// `compute`, `export` and the window's command line; the state ranges are the table's; `export --seq-len` (the old
// spelling of the bias-matrix size) is refused with one line naming --bias-context.
#include "model/parameters.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/parameter_flags.h"
#include "cli/quantity.h"
#include "cli_test_util.h"
#include "desktop/window_options.h"
#include "model/app_state.h"
#include "model/state_io.h"
#include "model/state_ranges.h"
#include "phaselens/rope_scaling.h"

namespace phaselens {
namespace {

using model::Parameter;
using test::badInput;
using test::runArgs;

// Whitespace runs as one blank (help text is word-wrapped at 100 columns).
std::string squeeze(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool blank = c == ' ' || c == '\n' || c == '\t';
        if (blank && (out.empty() || out.back() == ' ')) continue;
        out += blank ? ' ' : c;
    }
    return out;
}

// What --help prints for a table entry after the flag: "<help> (<kind>[ <range>]".
std::string expectedHelp(const Parameter& p) {
    std::string kind;
    switch (p.kind) {
        case model::ParamKind::Switch:
            kind = "switch";
            break;
        case model::ParamKind::Integer:
            kind = "integer";
            break;
        case model::ParamKind::Number:
            kind = "number";
            break;
        case model::ParamKind::IntegerList:
            kind = "comma-separated integers";
            break;
        case model::ParamKind::NumberList:
            kind = "comma-separated numbers";
            break;
        case model::ParamKind::Text:
            kind = "text";
            break;
        case model::ParamKind::Choice:
            for (std::string_view c : p.choices) kind += (kind.empty() ? "" : "|") + std::string(c);
            break;
    }
    const std::string range = model::rangeText(p);
    return squeeze(std::string(p.help) + " (" + kind + (range.empty() ? "" : " " + range));
}

bool sameSpec(const cli::FlagSpec& a, const cli::FlagSpec& b, bool compareChoices) {
    return a.name == b.name && a.kind == b.kind && a.metavar == b.metavar && a.help == b.help && a.minInt == b.minInt &&
           a.maxInt == b.maxInt && a.minNumber == b.minNumber && a.maxNumber == b.maxNumber &&
           a.minExclusive == b.minExclusive && (!compareChoices || a.choices == b.choices);
}

TEST(Parameters, TableIsConsistent) {
    std::set<std::string_view> flags, keys;
    for (const Parameter& p : model::parameters()) {
        EXPECT_TRUE(flags.insert(p.flag).second) << p.flag << " twice";
        EXPECT_EQ(p.flag.substr(0, 2), "--") << p.flag;
        EXPECT_NE(p.uses, 0u) << p.flag;
        EXPECT_FALSE(p.help.empty()) << p.flag;
        EXPECT_EQ(p.help.find('\n'), std::string_view::npos) << p.flag;
        if (p.kind != model::ParamKind::Switch) EXPECT_FALSE(p.metavar.empty()) << p.flag;
        EXPECT_LE(p.minInt, p.maxInt) << p.flag;
        EXPECT_LE(p.minNumber, p.maxNumber) << p.flag;
        if (!p.stateKey.empty()) EXPECT_TRUE(keys.insert(p.stateKey).second) << p.stateKey << " twice";
        for (const model::ParamVariant& v : p.variants) {
            EXPECT_FALSE(v.why.empty()) << p.flag << ": a variant says why";
            EXPECT_NE(p.uses & v.command, 0u) << p.flag;
        }
    }
    // Every state key names a field that state_io writes.
    const nlohmann::json state = model::stateToJson(model::AppState{});
    for (std::string_view key : keys) EXPECT_TRUE(state.contains(std::string(key))) << key;
}

// Every core RoPE field is set by exactly one flag of the table (its ropeKey), and every ropeKey names a core field:
// compute rope's "ignored for this type" and "required" checks derive their flag list from it.
TEST(Parameters, EveryRopeFieldHasExactlyOneFlag) {
    std::set<std::string> coreKeys;
    core::forEachRopeField([&](core::RopeField, const char* key, auto) {
        coreKeys.insert(key);
        int flags = 0;
        for (const Parameter& p : model::parameters()) flags += p.ropeKey == key;
        EXPECT_EQ(flags, 1) << key;
    });
    for (const Parameter& p : model::parameters())
        if (!p.ropeKey.empty()) EXPECT_TRUE(coreKeys.count(std::string(p.ropeKey))) << p.flag;
}

TEST(Parameters, ComputeFlagsAreTheTables) {
    std::set<std::string_view> used;
    for (const cli::Quantity& q : cli::allQuantities()) {
        const std::string help = squeeze(runArgs({"compute", q.name, "--help"}).out);
        for (const cli::FlagSpec& spec : q.flags) {
            const Parameter* entry = model::findParameter(spec.name);
            if (entry == nullptr) continue;  // a quantity's own input (--deltas, --positions, --layer, ...)
            ASSERT_NE(entry->uses & model::kCompute, 0u) << spec.name << " in compute " << q.name;
            used.insert(entry->flag);
            const Parameter p = model::parameterFor(spec.name, model::kCompute, q.name);
            const bool choices = !p.choices.empty();
            EXPECT_TRUE(sameSpec(spec, cli::parameterFlag(spec.name, model::kCompute, q.name), choices))
                << "compute " << q.name << " " << spec.name << " differs from the parameter table";
            if (choices || p.kind != model::ParamKind::Choice)
                EXPECT_NE(help.find(expectedHelp(p)), std::string::npos)
                    << "compute " << q.name << " --help lacks [" << expectedHelp(p) << "]";
        }
    }
    for (const Parameter& p : model::parameters())
        if ((p.uses & model::kCompute) != 0) EXPECT_TRUE(used.count(p.flag)) << p.flag << ": no quantity takes it";
}

TEST(Parameters, ExportAndComputeHelpListTheSameRanges) {
    const cli::Quantity* rope = cli::findQuantity("rope");
    ASSERT_NE(rope, nullptr);
    const test::CliRun run = runArgs({"export", "--help"});
    ASSERT_EQ(run.code, 0);
    const std::string exportHelp = squeeze(run.out);
    int shared = 0;
    for (const Parameter& entry : model::parameters()) {
        if ((entry.uses & model::kExport) == 0) continue;
        const Parameter p = model::parameterFor(entry.flag, model::kExport);
        if (p.kind == model::ParamKind::Choice && p.choices.empty()) {  // --rope-type: the command's choices
            EXPECT_NE(exportHelp.find(squeeze(std::string(p.help))), std::string::npos) << p.flag;
            continue;
        }
        EXPECT_NE(
            exportHelp.find(squeeze(std::string(p.flag) + (p.metavar.empty() ? "" : " " + std::string(p.metavar)))),
            std::string::npos)
            << p.flag;
        EXPECT_NE(exportHelp.find(expectedHelp(p)), std::string::npos)
            << "export --help lacks [" << expectedHelp(p) << "]";
        // Where compute takes the flag without a variant, its --help prints the very same text.
        if ((entry.uses & model::kCompute) == 0) continue;
        for (const cli::Quantity& q : cli::allQuantities()) {
            bool takes = false;
            for (const cli::FlagSpec& s : q.flags) takes = takes || s.name == entry.flag;
            if (!takes) continue;
            const Parameter c = model::parameterFor(entry.flag, model::kCompute, q.name);
            if (model::rangeText(c) != model::rangeText(p) || c.kind != p.kind) continue;  // an explicit variant
            EXPECT_NE(squeeze(runArgs({"compute", q.name, "--help"}).out).find(expectedHelp(p)), std::string::npos)
                << "compute " << q.name << " " << p.flag;
            ++shared;
        }
    }
    EXPECT_GT(shared, 20);
}

TEST(Parameters, VariantsAreTheOnlyRangeDifferences) {
    // head_dim: one row of frequencies in compute rope (2..65536); heatmaps in export and the app (2..1024).
    EXPECT_EQ(model::rangeText(model::parameterFor("--head-dim", model::kCompute, "rope")), "2..65536");
    EXPECT_EQ(model::rangeText(model::parameterFor("--head-dim", model::kCompute, "base-bound")), "2..1024");
    EXPECT_EQ(model::rangeText(model::parameterFor("--head-dim", model::kExport)), "2..1024");
    EXPECT_EQ(model::rangeText(model::parameterFor("--rope-theta", model::kExport)), "> 1");
    EXPECT_THROW(model::parameterFor("--head-dim", model::kWindow), std::logic_error);
    EXPECT_THROW(model::parameterFor("--no-such-flag", model::kCompute), std::logic_error);
    // The documented maxima are accepted and one above is refused, in 64 bits.
    EXPECT_TRUE(badInput({"compute", "rope", "--head-dim", "65538", "--rope-theta", "10000"}, {"--head-dim", "65538"}));
    EXPECT_TRUE(badInput({"export", "--view", "ladder", "--out", "/tmp/never.png", "--head-dim", "1026"},
                         {"--head-dim", "1026", "1024"}));
}

TEST(Parameters, ExportSeqLenNamesTheNewFlag) {
    for (const std::vector<std::string>& tail : {std::vector<std::string>{"--seq-len", "48"}, {"--seq-len=48"}}) {
        std::vector<std::string> args = {"export", "--view", "alibi", "--out", "/tmp/phaselens_never_written.csv"};
        args.insert(args.end(), tail.begin(), tail.end());
        EXPECT_TRUE(badInput(args, {"--seq-len", "--bias-context", "48"}));
    }
    // Before any other check: the old spelling is reported even where another flag is wrong too.
    EXPECT_TRUE(badInput({"export", "--seq-len", "48", "--view", "nope-view"}, {"--seq-len", "--bias-context"}));
    // --seq-len keeps its compute meaning.
    EXPECT_EQ(test::computeJson({"compute", "nope", "--seq-len", "3"})["seq_len"], 3);
}

TEST(Parameters, WindowFlagsAreTheTables) {
    const std::vector<cli::FlagSpec> window = desktop::windowFlags();
    std::set<std::string> names;
    for (const cli::FlagSpec& s : window) {
        names.insert(s.name);
        EXPECT_TRUE(sameSpec(s, cli::parameterFlag(s.name, model::kWindow), true)) << s.name;
    }
    for (const Parameter& p : model::parameters())
        EXPECT_EQ(names.count(std::string(p.flag)) == 1, (p.uses & model::kWindow) != 0) << p.flag;
    for (const char* f : {"--state", "--deck", "--view", "--size", "--frames", "--screenshot", "--present", "--theme",
                          "--slide", "--settings-dir", "--quit-after", "--frame-times"})
        EXPECT_TRUE(names.count(f)) << f;
    // --state and --theme mean the same in export and the window: one entry.
    EXPECT_TRUE(
        sameSpec(cli::parameterFlag("--state", model::kExport), cli::parameterFlag("--state", model::kWindow), true));
    EXPECT_TRUE(desktop::isWindowFlag("--frames=3"));
    EXPECT_FALSE(desktop::isWindowFlag("--head-dim"));
}

// One line naming the flag and the value (runDesktop prints it and exits 2).
void expectWindowError(const std::vector<std::string>& args, const std::vector<std::string>& mentions) {
    std::string joined;
    for (const std::string& a : args) joined += " " + a;
    try {
        desktop::parseWindowOptions(args);
        ADD_FAILURE() << joined << ": accepted";
    } catch (const cli::CliError& e) {
        const std::string what = e.what();
        EXPECT_EQ(what.find('\n'), std::string::npos) << what;
        for (const std::string& m : mentions) EXPECT_NE(what.find(m), std::string::npos) << joined << ": " << what;
    }
}

TEST(Parameters, WindowCommandLine) {
    const desktop::WindowOptions o = desktop::parseWindowOptions(
        {"--frames", "5", "--size=1280x720", "--view", "kernel", "--theme", "light", "--quit-after", "2"});
    EXPECT_EQ(o.frames, 5);
    EXPECT_EQ(o.width, 1280);
    EXPECT_EQ(o.height, 720);
    EXPECT_EQ(o.view, "kernel");
    EXPECT_EQ(o.theme, "light");
    EXPECT_EQ(o.quitAfter, 2.0);
    EXPECT_TRUE(desktop::parseWindowOptions({"--deck", "talk.json"}).present);
    expectWindowError({"--state", ""}, {"--state", "''"});
    expectWindowError({"--deck="}, {"--deck"});
    expectWindowError({"--screenshot", ""}, {"--screenshot"});
    expectWindowError({"--view", ""}, {"--view"});
    expectWindowError({"--frames", "0"}, {"--frames", "'0'"});
    expectWindowError({"--frames", "1e3"}, {"--frames", "1e3"});
    expectWindowError({"--size", "10x10"}, {"--size", "10x10"});
    expectWindowError({"--size", "1280"}, {"--size", "1280"});
    expectWindowError({"--size", "99999999999999999999x720"}, {"--size", "99999999999999999999x720"});
    expectWindowError({"--theme", "blue"}, {"--theme", "blue"});
    expectWindowError({"--slide", "-1"}, {"--slide", "-1"});
    expectWindowError({"--frames", "3", "--frames", "4"}, {"--frames", "given twice"});
    expectWindowError({"--frobnicate", "3"}, {"--frobnicate", "3"});
    expectWindowError({"--state", "a.json", "--deck", "b.json"}, {"--deck", "--state"});
}

TEST(Parameters, StateRangesAreTheTables) {
    model::AppState s;
    EXPECT_EQ(model::stateRangeProblem(s), std::nullopt);
    s.rope.headDim = 2048;
    const std::optional<std::string> problem = model::stateRangeProblem(s);
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("rope_head_dim"), std::string::npos) << *problem;
    EXPECT_NE(problem->find("1024"), std::string::npos) << *problem;
    s = model::AppState{};
    s.rope.factor = 2.0e6;  // above the --factor range 1..1e6
    EXPECT_TRUE(model::stateRangeProblem(s));
    s = model::AppState{};
    s.alibiSelectedHead = 127;  // --alibi-head 128 (1-based)
    EXPECT_EQ(model::stateRangeProblem(s), std::nullopt);
    s.alibiSelectedHead = 128;
    EXPECT_TRUE(model::stateRangeProblem(s));
}

}  // namespace
}  // namespace phaselens
