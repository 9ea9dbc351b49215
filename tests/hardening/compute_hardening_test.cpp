// Bad input on every numeric flag of every `phaselens compute` quantity, in-process through cli::runCli: NaN and
// infinities, values just outside each flag's range (negative or zero sizes, contexts above 2^31, huge head
// counts), int64/double overflow, and values inside the parser's range that the core may reject. The contract
// (cli.h): exit 2 with one line on stderr naming the flag and nothing on stdout, or exit 0 with one line of JSON;
// never exit 1, never a crash.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/quantity.h"

namespace phaselens::test {
namespace {

using Args = std::vector<std::string>;

struct CliRun {
    int code = -1;
    std::string out, err;
};

CliRun run(const Args& args) {
    std::ostringstream out, err;
    CliRun r;
    r.code = cli::runCli(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

std::string joined(const Args& args) {
    std::string s;
    for (const auto& a : args) s += " " + a;
    return s;
}

// A valid command line for each quantity (every required flag, small outputs).
const std::map<std::string, Args>& baselines() {
    static const std::map<std::string, Args> base = {
        {"rope", {"--head-dim", "64", "--rope-theta", "10000", "--deltas", "0,3"}},
        {"phase", {"--head-dim", "64", "--rope-theta", "10000", "--context", "4096"}},
        {"xpos", {"--head-dim", "16", "--deltas", "-2,5"}},
        {"sinusoidal", {"--d-model", "8", "--positions", "0,1,7"}},
        {"alibi-slopes", {"--heads", "8"}},
        {"alibi-bias", {"--heads", "2", "--seq-len", "4"}},
        {"t5-buckets",
         {"--num-buckets", "32", "--max-distance", "128", "--bidirectional", "--relative-positions", "-3,5"}},
        {"learned", {"--n-positions", "16", "--positions", "0,15"}},
        {"nope", {"--seq-len", "4"}},
        {"presets", {}},
        {"mrope",
         {"--mrope-section", "8,12,12", "--head-dim", "64", "--rope-theta", "10000", "--sequence", "text:2,video:2x2x2",
          "--tokens-per-second", "2", "--second-per-grid-t", "0.5"}},
        {"layers", {"--preset", "gemma-3-27b-it"}},
        {"logit-scale", {"--preset", "llama-4-scout-17b-16e-instruct", "--layer", "3", "--positions", "0,8191"}},
        {"base-bound", {"--head-dim", "16", "--context", "64", "--bases", "500,10000"}},
        {"critical-dim", {"--head-dim", "128", "--rope-theta", "10000", "--training-context", "4096"}},
        {"decay-bound", {"--head-dim", "64", "--rope-theta", "10000", "--deltas", "0,5"}},
    };
    return base;
}

// The baseline with `flag` set to `value` (replacing its value when the baseline has it).
Args withFlag(const std::string& quantity, const std::string& flag, const std::string& value) {
    Args args = {"compute", quantity};
    const Args& base = baselines().at(quantity);
    bool replaced = false;
    for (size_t i = 0; i < base.size(); ++i) {
        if (base[i] == flag && i + 1 < base.size()) {
            args.push_back(flag + "=" + value);
            ++i;
            replaced = true;
        } else {
            args.push_back(base[i]);
        }
    }
    if (!replaced) args.push_back(flag + "=" + value);
    return args;
}

testing::AssertionResult contract(const Args& args, const CliRun& r) {
    if (r.code == 0) {
        if (!r.err.empty() || r.out.empty() || r.out.find('\n') != r.out.size() - 1)
            return testing::AssertionFailure() << joined(args) << ": exit 0 but stdout/stderr malformed: " << r.err;
        return testing::AssertionSuccess();
    }
    if (r.code == 2) {
        if (!r.out.empty()) return testing::AssertionFailure() << joined(args) << ": exit 2 with stdout output";
        if (r.err.empty() || r.err.find('\n') != r.err.size() - 1)
            return testing::AssertionFailure() << joined(args) << ": exit 2 without exactly one stderr line: " << r.err;
        return testing::AssertionSuccess();
    }
    return testing::AssertionFailure() << joined(args) << ": exit " << r.code << ", stderr: " << r.err;
}

testing::AssertionResult rejected(const Args& args, const std::string& flag) {
    const CliRun r = run(args);
    if (r.code != 2)
        return testing::AssertionFailure()
               << joined(args) << ": expected exit 2, got " << r.code << " (stderr: " << r.err << ")";
    if (auto c = contract(args, r); !c) return c;
    if (r.err.find(flag) == std::string::npos)
        return testing::AssertionFailure() << joined(args) << ": message does not name " << flag << ": " << r.err;
    return testing::AssertionSuccess();
}

bool isNumeric(cli::ValueKind k) {
    return k == cli::ValueKind::Integer || k == cli::ValueKind::Number || k == cli::ValueKind::IntegerList ||
           k == cli::ValueKind::NumberList;
}
bool isList(cli::ValueKind k) {
    return k == cli::ValueKind::IntegerList || k == cli::ValueKind::NumberList;
}

TEST(ComputeHardening, EveryQuantityHasAValidBaseline) {
    for (const auto& q : cli::allQuantities()) {
        ASSERT_TRUE(baselines().count(q.name)) << "add a valid baseline for the new quantity '" << q.name << "'";
        Args base = {"compute", q.name};
        base.insert(base.end(), baselines().at(q.name).begin(), baselines().at(q.name).end());
        const CliRun r = run(base);
        EXPECT_EQ(r.code, 0) << joined(base) << ": " << r.err;
    }
}

TEST(ComputeHardening, NanAndInfinitiesAreRejectedOnEveryNumericFlag) {
    int checked = 0;
    for (const auto& q : cli::allQuantities())
        for (const auto& spec : q.flags) {
            if (!isNumeric(spec.kind)) continue;
            for (std::string bad : {"nan", "NaN", "-nan", "inf", "-inf", "+inf", "Infinity", "1e400", "-1e400"}) {
                const std::string value = isList(spec.kind) ? "1," + bad : bad;
                EXPECT_TRUE(rejected(withFlag(q.name, spec.name, value), spec.name));
                ++checked;
            }
        }
    EXPECT_GT(checked, 100);
}

TEST(ComputeHardening, IntegersJustOutsideTheirRangeAreRejected) {
    // min − 1 covers zero and negative sizes (--seq-len 0, --heads 0, --head-dim 1); max + 1 covers contexts above
    // 2^31 and huge head counts (--heads 65537); 2^63 overflows int64.
    int checked = 0;
    for (const auto& q : cli::allQuantities())
        for (const auto& spec : q.flags) {
            if (spec.kind != cli::ValueKind::Integer && spec.kind != cli::ValueKind::IntegerList) continue;
            std::vector<std::string> bad = {
                "9223372036854775808", "-9223372036854775809", "1.5", "1e3", "0x10", "12abc"};
            if (spec.minInt > INT64_MIN) bad.push_back(std::to_string(spec.minInt - 1));
            if (spec.maxInt < INT64_MAX) bad.push_back(std::to_string(spec.maxInt + 1));
            for (const auto& b : bad) {
                const std::string value = spec.kind == cli::ValueKind::IntegerList ? "1," + b : b;
                EXPECT_TRUE(rejected(withFlag(q.name, spec.name, value), spec.name));
                ++checked;
            }
        }
    EXPECT_GT(checked, 50);
}

TEST(ComputeHardening, AnyValueGivesExitZeroOrTwo) {
    // In-range values the core may still reject (a base of 1, a zero factor, subnormals, the double extremes):
    // exit 0 with one JSON object or exit 2 with one line, never an internal error.
    for (const auto& q : cli::allQuantities())
        for (const auto& spec : q.flags) {
            if (!isNumeric(spec.kind)) continue;
            for (std::string v : {"0", "-0", "-1", "1", "2", "3", "0.5", "1e-320", "-1e-320", "1e308", "-1e308",
                                  "1.7976931348623157e308", "2147483647", "2147483648", "-2147483648", "4294967296",
                                  "9007199254740993", "4503599627370497"}) {
                const std::string value = isList(spec.kind) ? v + ",0" : v;
                const Args args = withFlag(q.name, spec.name, value);
                // Skip only the requests whose answer is legitimately large (the 2^24-number output cap allows them).
                if ((spec.name == "--seq-len" || spec.name == "--heads") && v.size() > 4 && v[0] != '-') continue;
                const CliRun r = run(args);
                EXPECT_TRUE(contract(args, r));
                if (r.code == 0) {  // one JSON object (non-finite numbers would have been refused as bad input)
                    EXPECT_TRUE(nlohmann::json::accept(r.out)) << joined(args) << ": " << r.out.substr(0, 200);
                }
            }
        }
}

TEST(ComputeHardening, HugeOutputsAreRefusedBeforeAnyWork) {
    EXPECT_TRUE(rejected({"compute", "alibi-bias", "--heads", "65536", "--seq-len", "2147483648"}, "--seq-len"));
    EXPECT_TRUE(rejected({"compute", "alibi-bias", "--heads", "65536", "--seq-len", "64"}, "--seq-len"));
    EXPECT_TRUE(rejected({"compute", "nope", "--seq-len", "2147483648"}, "--seq-len"));
    EXPECT_TRUE(rejected({"compute", "alibi-slopes", "--heads", "65537"}, "--heads"));
    EXPECT_TRUE(rejected({"compute", "phase", "--head-dim", "64", "--rope-theta", "10000", "--context", "2147483649"},
                         "--context"));
}

TEST(ComputeHardening, UnreadableConfigFilesAreBadInput) {
    EXPECT_TRUE(rejected({"compute", "rope", "--config", "/nonexistent/config.json"}, "/nonexistent/config.json"));
    EXPECT_TRUE(rejected({"compute", "rope", "--config", "/"}, "/"));
    EXPECT_TRUE(rejected({"compute", "rope", "--preset", "no-such-model"}, "no-such-model"));
}

TEST(BenchCommand, BadFlagsAreBadInput) {
    EXPECT_TRUE(rejected({"bench", "--repeats", "0"}, "--repeats"));
    EXPECT_TRUE(rejected({"bench", "--repeats", "nan"}, "--repeats"));
    EXPECT_TRUE(rejected({"bench", "--repeats", "1001"}, "--repeats"));
    EXPECT_TRUE(rejected({"bench", "--repeats", "-3"}, "--repeats"));
    EXPECT_TRUE(rejected({"bench", "--only"}, "--only"));
    EXPECT_TRUE(rejected({"bench", "--frob"}, "--frob"));
    const CliRun help = run({"bench", "--help"});
    EXPECT_EQ(help.code, 0);
    EXPECT_NE(help.out.find("--repeats"), std::string::npos);
    EXPECT_TRUE(help.err.empty());
}

TEST(BenchCommand, PrintsOneMedianLinePerSelectedWorkload) {
    const CliRun r = run({"bench", "--only", "heatmap_1m", "--repeats", "1"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(r.err.empty());
    std::istringstream lines(r.out);
    std::string line;
    int timed = 0;
    while (std::getline(lines, line)) {
        if (line.rfind("#", 0) == 0) continue;  // metadata
        std::istringstream fields(line);
        std::string name;
        double seconds = -1;
        fields >> name >> seconds;
        EXPECT_EQ(name, "phaselens.heatmap_1m") << line;
        EXPECT_GT(seconds, 0.0) << line;
        EXPECT_TRUE(fields.eof()) << line;
        ++timed;
    }
    EXPECT_EQ(timed, 1) << r.out;
    const CliRun none = run({"bench", "--only", "no-such-workload"});
    EXPECT_EQ(none.code, 0);
    EXPECT_EQ(none.out.find("phaselens."), std::string::npos) << none.out;
}

}  // namespace
}  // namespace phaselens::test
