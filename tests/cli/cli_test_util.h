// PhaseLens CLI tests — running runCli in-process and checking the output contract.
#pragma once

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "json_text.h"

namespace phaselens::test {

struct CliRun {
    int code = -1;
    std::string out, err;
};

/// runCli on `args` (argv[1..]) with string streams.
inline CliRun runArgs(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    CliRun r;
    r.code = cli::runCli(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

/// Runs a command that must succeed; returns the parsed JSON (plain nlohmann::json: numbers parse back
/// to the identical double when written with round-trip precision).
inline nlohmann::json computeJson(const std::vector<std::string>& args) {
    const CliRun r = runArgs(args);
    EXPECT_EQ(r.code, 0) << "stderr: " << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    EXPECT_FALSE(r.out.empty());
    EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "expected one line of JSON";
    return phaselens::json_text::parse(r.out);
}

/// The bad-input contract: exit 2, nothing on stdout, exactly one line on stderr containing every
/// string in `mustContain` (typically the flag and the value as typed).
inline testing::AssertionResult badInput(const std::vector<std::string>& args,
                                         const std::vector<std::string>& mustContain) {
    const CliRun r = runArgs(args);
    std::string cmd;
    for (const auto& a : args) cmd += " " + a;
    if (r.code != 2) return testing::AssertionFailure() << cmd << ": exit " << r.code << ", stderr: " << r.err;
    if (!r.out.empty()) return testing::AssertionFailure() << cmd << ": stdout not empty: " << r.out;
    if (r.err.empty() || r.err.back() != '\n' || r.err.find('\n') != r.err.size() - 1)
        return testing::AssertionFailure() << cmd << ": stderr is not exactly one line: [" << r.err << "]";
    for (const auto& s : mustContain)
        if (r.err.find(s) == std::string::npos)
            return testing::AssertionFailure() << cmd << ": stderr lacks '" << s << "': " << r.err;
    return testing::AssertionSuccess();
}

/// A double as the shortest text that reads back to the same value (for building command lines).
inline std::string formatArg(double v) {
    char buf[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

/// A JSON list of numbers as "a,b,c".
inline std::string joinList(const nlohmann::json& list) {
    std::string s;
    for (const auto& v : list)
        s += (s.empty() ? "" : ",") +
             (v.is_number_integer() ? std::to_string(v.get<int64_t>()) : formatArg(v.get<double>()));
    return s;
}

/// An Eigen vector as "a,b,c" (shortest round-trip text per element).
inline std::string joinList(const Eigen::VectorXd& v) {
    std::string s;
    for (Eigen::Index i = 0; i < v.size(); ++i) s += (s.empty() ? "" : ",") + formatArg(v[i]);
    return s;
}

}  // namespace phaselens::test
