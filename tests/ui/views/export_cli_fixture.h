// A test fixture that runs `phaselens export ...` in-process (cli::runCli) with its own temporary folder, removed
// afterwards. Base is ::testing::Test or a ::testing::TestWithParam<...>.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace phaselens::test {

template <typename Base = ::testing::Test>
class ExportCliFixture : public Base {
  protected:
    void SetUp() override {
        std::string suite = ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name();
        for (char& c : suite)
            if (c == '/') c = '_';  // parameterized suites are named "Prefix/Suite"
        dir = std::filesystem::temp_directory_path() / ("phaselens_" + suite + "_" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
    }
    void TearDown() override { std::filesystem::remove_all(dir); }
    /// Runs `phaselens export <args>`; stdout and stderr land in `out` and `err`. Returns the exit code.
    int run(std::vector<std::string> args) {
        out.str("");
        err.str("");
        args.insert(args.begin(), "export");
        return cli::runCli(args, out, err);
    }
    std::filesystem::path dir;
    std::ostringstream out, err;
};

}  // namespace phaselens::test
