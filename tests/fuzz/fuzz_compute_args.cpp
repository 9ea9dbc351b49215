// libFuzzer target for `phaselens compute` argument parsing: the input is split into argv tokens (at spaces and
// newlines) and run as `phaselens compute <tokens...>` through cli::runCli with string streams. Contract under
// test (cli.h): exit 0 with one line of JSON on stdout and nothing on stderr, or exit 2 with nothing on stdout and
// exactly one line on stderr. Exit 1 (internal error), any other output shape, a crash, a hang or a sanitizer
// report is a bug. Built and run by run_fuzz.sh (clang++ -fsanitize=fuzzer,address,undefined).
//
// Bounds, so one input cannot ask for a legitimate but huge computation (the CLI allows outputs of up to 2^24
// numbers, ~0.8 GB of JSON text and DOM): --seq-len above 128 and --heads above 32 are skipped, as are --config
// (reads files; covered by tests/hardening) and the `bench` and `export` commands (never reached: the first word
// is always `compute`).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace {

std::vector<std::string> splitTokens(const std::string& text) {
    std::vector<std::string> tokens;
    std::string cur;
    for (char c : text) {
        if (c == ' ' || c == '\n') {
            tokens.push_back(cur);  // empty tokens too: "" is a possible argv entry
            cur.clear();
        } else {
            cur.push_back(c);
        }
    }
    tokens.push_back(cur);
    return tokens;
}

// Value of an integer-looking text (optional sign, digits), or false.
bool integerValue(const std::string& text, long double& value) {
    size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (i == text.size()) return false;
    value = 0;
    for (size_t j = i; j < text.size(); ++j) {
        if (text[j] < '0' || text[j] > '9') return false;
        value = value * 10 + (text[j] - '0');
    }
    if (text[0] == '-') value = -value;
    return true;
}

// True when `flag` is given an integer in (limit, maxValid] (as "--flag V" or "--flag=V"): valid but costly.
// Larger values stay in: the parser rejects them at once, and that path is worth fuzzing.
bool costly(const std::vector<std::string>& tokens, const std::string& flag, long double limit, long double maxValid) {
    for (size_t i = 0; i < tokens.size(); ++i) {
        std::string value;
        if (tokens[i] == flag && i + 1 < tokens.size())
            value = tokens[i + 1];
        else if (tokens[i].rfind(flag + "=", 0) == 0)
            value = tokens[i].substr(flag.size() + 1);
        else
            continue;
        long double v = 0;
        if (integerValue(value, v) && v > limit && v <= maxValid) return true;
    }
    return false;
}

[[noreturn]] void fail(const char* what, const std::vector<std::string>& args, int code, const std::string& out,
                       const std::string& err) {
    std::fprintf(stderr, "contract violated: %s (exit %d)\nargs:", what, code);
    for (const auto& a : args) std::fprintf(stderr, " [%s]", a.c_str());
    std::fprintf(stderr, "\nstdout (%zu bytes): %.300s\nstderr: %.300s\n", out.size(), out.c_str(), err.c_str());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::vector<std::string> tokens = splitTokens(std::string(reinterpret_cast<const char*>(data), size));
    for (const auto& t : tokens)
        if (t == "--config" || t.rfind("--config=", 0) == 0) return 0;
    if (costly(tokens, "--seq-len", 128, 2147483648.0L) || costly(tokens, "--heads", 32, 65536)) return 0;
    std::vector<std::string> args = {"compute"};
    args.insert(args.end(), tokens.begin(), tokens.end());
    std::ostringstream out, err;
    const int code = phaselens::cli::runCli(args, out, err);
    const std::string o = out.str(), e = err.str();
    const auto oneLine = [](const std::string& s) { return !s.empty() && s.find('\n') == s.size() - 1; };
    if (code == 0) {
        if (!e.empty()) fail("exit 0 with output on stderr", args, code, o, e);
        if (o.empty()) fail("exit 0 with nothing on stdout", args, code, o, e);
    } else if (code == 2) {
        if (!o.empty()) fail("exit 2 with output on stdout", args, code, o, e);
        if (!oneLine(e)) fail("exit 2 without exactly one line on stderr", args, code, o, e);
    } else {
        fail("exit code other than 0 and 2", args, code, o, e);
    }
    return 0;
}
