// One name per parameter (model/parameters.h): every parameter flag that both `compute` and `export` take has the
// same name, meaning (help), kind and range in both; the older spellings (--base, --scale-base, --layout, --form,
// compute's --seq-len for the dynamic NTK length) are aliases that --help lists and that give byte-identical output.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/parameter_flags.h"
#include "cli/quantity.h"
#include "cli_test_util.h"
#include "model/parameters.h"

namespace phaselens {
namespace {

namespace fs = std::filesystem;
using model::Parameter;
using test::runArgs;

// Every quantity of `compute` that takes table entry `flag`.
std::vector<const cli::Quantity*> computeQuantitiesTaking(std::string_view flag) {
    std::vector<const cli::Quantity*> out;
    for (const cli::Quantity& q : cli::allQuantities())
        for (const cli::FlagSpec& s : q.flags)
            if (s.name == flag) out.push_back(&q);
    return out;
}

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

TEST(ParameterAliases, SharedParametersHaveOneNameMeaningAndRange) {
    int shared = 0;
    for (const Parameter& entry : model::parameters()) {
        if ((entry.uses & model::kCompute) == 0 || (entry.uses & model::kExport) == 0) continue;
        const cli::FlagSpec e = cli::parameterFlag(entry.flag, model::kExport);
        for (const cli::Quantity* q : computeQuantitiesTaking(entry.flag)) {
            SCOPED_TRACE(std::string(entry.flag) + " in compute " + q->name);
            const Parameter c = model::parameterFor(entry.flag, model::kCompute, q->name);
            const cli::FlagSpec s = cli::parameterFlag(entry.flag, model::kCompute, q->name);
            EXPECT_EQ(s.name, e.name);
            EXPECT_EQ(s.help, e.help);
            EXPECT_EQ(s.metavar, e.metavar);
            bool variant = false;
            for (const model::ParamVariant& v : entry.variants)
                for (std::string_view vq : v.quantities) variant = variant || vq == q->name;
            if (!variant) {  // a range that differs is an explicit, explained variant (parameters.h)
                EXPECT_EQ(s.kind, e.kind);
                EXPECT_EQ(s.minInt, e.minInt);
                EXPECT_EQ(s.maxInt, e.maxInt);
                EXPECT_EQ(s.minNumber, e.minNumber);
                EXPECT_EQ(s.maxNumber, e.maxNumber);
                EXPECT_EQ(s.minExclusive, e.minExclusive);
                EXPECT_EQ(model::rangeText(c), model::rangeText(model::parameterFor(entry.flag, model::kExport)));
            }
            ++shared;
        }
    }
    EXPECT_GT(shared, 25);
}

TEST(ParameterAliases, NamesAreUniqueInEveryCommandAndAliasesAreListed) {
    // No quantity and no export flag list spells two flags alike (canonical names and aliases together).
    std::vector<std::pair<std::string, std::vector<cli::FlagSpec>>> lists;
    for (const cli::Quantity& q : cli::allQuantities()) lists.emplace_back("compute " + q.name, q.flags);
    lists.emplace_back("export", cli::parameterFlags(model::kExport));
    lists.emplace_back("window", cli::parameterFlags(model::kWindow));
    for (const auto& [command, specs] : lists) {
        std::set<std::string> names;
        for (const cli::FlagSpec& s : specs) {
            EXPECT_TRUE(names.insert(s.name).second) << command << ": " << s.name;
            for (const std::string& a : s.aliases) EXPECT_TRUE(names.insert(a).second) << command << ": " << a;
        }
    }
    // --help names the canonical flag and its alias.
    for (const Parameter& p : model::parameters())
        for (std::string_view alias : p.aliases) {
            for (const cli::Quantity* q : computeQuantitiesTaking(p.flag)) {
                const std::string help = squeeze(runArgs({"compute", q->name, "--help"}).out);
                EXPECT_NE(help.find(std::string(p.flag)), std::string::npos) << q->name;
                EXPECT_NE(help.find("alias " + std::string(alias)), std::string::npos) << q->name << " " << alias;
            }
            if ((p.uses & model::kExport) == 0) continue;
            const std::string help = squeeze(runArgs({"export", "--help"}).out);
            EXPECT_NE(help.find(std::string(p.flag)), std::string::npos);
            bool refused = false;
            for (const model::RenamedFlag& r : model::renamedFlags())
                refused = refused || (r.command == model::kExport && r.flag == alias);
            EXPECT_EQ(help.find("alias " + std::string(alias)) != std::string::npos, !refused) << alias;
        }
}

// [SECTION] Each alias gives the canonical name's output, byte for byte -------------------------------------

struct AliasCase {
    std::vector<std::string> before;  // the command line up to the parameter
    std::string canonical, alias, value;
    std::vector<std::string> after;  // the rest of the command line
};

// Every alias of the table, in every command that accepts it. `export` cases write CSV to "{out}".
const std::vector<AliasCase>& aliasCases() {
    static const std::vector<AliasCase> kCases = {
        {{"compute", "xpos", "--head-dim", "16"}, "--rope-theta", "--base", "5000", {"--deltas", "0,3,-7"}},
        {{"compute", "sinusoidal", "--d-model", "8", "--positions", "0,2"}, "--rope-theta", "--base", "100", {}},
        {{"compute", "rope", "--head-dim", "32"}, "--rope-theta", "--base", "500000", {}},
        {{"compute", "phase", "--head-dim", "16", "--context", "64"}, "--rope-theta", "--base", "1000", {}},
        {{"export", "--view", "ladder", "--max-pixels", "64", "--context", "256"},
         "--rope-theta",
         "--base",
         "2500",
         {"--out", "{out}", "--no-sidecar"}},
        {{"compute", "xpos", "--head-dim", "16"}, "--xpos-scale-base", "--scale-base", "64", {"--deltas", "0,3,-7"}},
        {{"export", "--view", "scores", "--score-scheme", "xpos", "--max-pixels", "64", "--context", "64"},
         "--xpos-scale-base",
         "--scale-base",
         "64",
         {"--out", "{out}", "--no-sidecar"}},
        {{"compute", "sinusoidal", "--d-model", "8", "--positions", "0,2"},
         "--sinusoidal-layout",
         "--layout",
         "concatenated",
         {}},
        {{"export", "--view", "ladder", "--ladder-scheme", "sinusoidal", "--max-pixels", "64", "--context", "64"},
         "--sinusoidal-layout",
         "--layout",
         "concatenated",
         {"--out", "{out}", "--no-sidecar"}},
        {{"compute", "alibi-bias", "--heads", "2", "--seq-len", "4"}, "--alibi-form", "--form", "symmetric", {}},
        {{"export", "--view", "alibi", "--bias-context", "8"},
         "--alibi-form",
         "--form",
         "key-index",
         {"--out", "{out}", "--no-sidecar"}},
        {{"compute", "rope", "--head-dim", "32", "--rope-theta", "10000", "--rope-type", "dynamic", "--factor", "4",
          "--max-position-embeddings", "512"},
         "--dynamic-seq-len",
         "--seq-len",
         "2048",
         {}},
        {{"compute", "rope", "--head-dim", "16", "--rope-theta", "10000", "--rope-type", "longrope", "--factor", "4",
          "--original-max-position-embeddings", "1024", "--short-factor", "1,1,1,1,1,1,1,1", "--long-factor",
          "1,2,3,4,5,6,7,8"},
         "--dynamic-seq-len",
         "--seq-len",
         "4096",
         {}},
    };
    return kCases;
}

// stdout + exit code + stderr, and for export the bytes of the written file.
std::string outputOf(const AliasCase& c, const std::string& flag, const std::string& valueForm) {
    const fs::path out = fs::temp_directory_path() / ("phaselens_alias_" + std::to_string(::getpid()) + ".csv");
    fs::remove(out);
    std::vector<std::string> args = c.before;
    if (valueForm == "=")
        args.push_back(flag + "=" + c.value);
    else {
        args.push_back(flag);
        args.push_back(c.value);
    }
    for (const std::string& a : c.after) args.push_back(a == "{out}" ? out.string() : a);
    const test::CliRun run = runArgs(args);
    std::string text = std::to_string(run.code) + "\n--stdout--\n" + run.out + "\n--stderr--\n" + run.err;
    if (fs::exists(out)) {
        std::ifstream in(out, std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        text += "\n--file--\n" + bytes.str();
        fs::remove(out);
    }
    return text;
}

TEST(ParameterAliases, EachAliasGivesTheCanonicalOutput) {
    std::set<std::string> covered;
    for (const AliasCase& c : aliasCases()) {
        SCOPED_TRACE(c.before[0] + " " + c.before[1] + " " + c.alias);
        for (const char* form : {" ", "="}) {
            const std::string canonical = outputOf(c, c.canonical, form);
            EXPECT_EQ(canonical.substr(0, 2), "0\n") << canonical;
            EXPECT_EQ(outputOf(c, c.alias, form), canonical);
        }
        covered.insert(c.alias);
    }
    for (const Parameter& p : model::parameters())
        for (std::string_view alias : p.aliases) EXPECT_TRUE(covered.count(std::string(alias))) << alias;
}

TEST(ParameterAliases, AliasAndCanonicalTogetherAreGivenTwice) {
    EXPECT_TRUE(test::badInput({"compute", "xpos", "--head-dim", "16", "--rope-theta", "100", "--base", "200"},
                               {"--base", "given twice", "100", "200"}));
    // A bad value names the spelling typed.
    EXPECT_TRUE(test::badInput({"compute", "xpos", "--head-dim", "16", "--scale-base", "0"}, {"--scale-base", "0"}));
    EXPECT_TRUE(test::badInput({"export", "--view", "alibi", "--out", "/tmp/phaselens_never.csv", "--form", "paper"},
                               {"--form", "paper"}));
}

}  // namespace
}  // namespace phaselens
