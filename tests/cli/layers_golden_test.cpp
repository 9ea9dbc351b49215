// `compute layers`, `compute rope --layer` and `compute logit-scale` against ../shared/golden/layers: every case of
// layers/index.json whose quantity is layers, rope_layer or logit_scale (discovered, so new cases are checked without
// editing this file). Floats: relative 1e-10 (kernels absolute 1e-8); integers, strings, booleans, null: exact.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cli_test_util.h"

namespace phaselens::test {
namespace {

using nlohmann::json;

std::string layersDir() {
    const char* env = std::getenv("PHASELENS_GOLDEN_DIR");
    return std::string(env && *env ? env : PHASELENS_GOLDEN_DIR) + "/layers";
}

json readJson(const std::string& path) {
    std::ifstream in(path);
    EXPECT_TRUE(in.good()) << path;
    std::stringstream ss;
    ss << in.rdbuf();
    return json::parse(ss.str());
}

/// Exact for integers, strings, booleans and null; floats within rel (or abs when abs > 0).
testing::AssertionResult same(const json& got, const json& want, const std::string& path, double rel, double abs) {
    if (want.is_null() || want.is_boolean() || want.is_string()) {
        if (got == want) return testing::AssertionSuccess();
        return testing::AssertionFailure() << path << ": got " << got.dump() << ", want " << want.dump();
    }
    if (want.is_number()) {
        if (!got.is_number()) return testing::AssertionFailure() << path << ": got " << got.dump();
        if (want.is_number_integer() && !got.is_number_integer())
            return testing::AssertionFailure() << path << ": integer expected, got " << got.dump();
        const double g = got.get<double>(), w = want.get<double>();
        const double tol = abs > 0 ? abs : rel * std::fabs(w);
        if (std::fabs(g - w) <= tol) return testing::AssertionSuccess();
        return testing::AssertionFailure() << path << ": got " << got.dump() << ", want " << want.dump();
    }
    if (want.is_array()) {
        if (!got.is_array() || got.size() != want.size())
            return testing::AssertionFailure() << path << ": got " << got.dump().substr(0, 200);
        for (size_t i = 0; i < want.size(); ++i) {
            auto r = same(got[i], want[i], path + "[" + std::to_string(i) + "]", rel, abs);
            if (!r) return r;
        }
        return testing::AssertionSuccess();
    }
    for (const auto& [key, value] : want.items()) {
        if (!got.is_object() || !got.contains(key)) return testing::AssertionFailure() << path << ": missing " << key;
        auto r = same(got[key], value, path + "." + key, rel, abs);
        if (!r) return r;
    }
    if (got.size() != want.size())
        return testing::AssertionFailure() << path << ": extra keys in " << got.dump().substr(0, 300);
    return testing::AssertionSuccess();
}

std::string text(const json& v) {
    if (v.is_array()) return joinList(v);
    if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
    return v.is_string() ? v.get<std::string>() : formatArg(v.get<double>());
}

std::vector<std::string> argsOf(const json& params) {
    std::vector<std::string> args = {"compute", params.at("command").get<std::string>(),
                                     "--config=" + layersDir() + "/configs/" + params.at("config").get<std::string>()};
    for (const auto& [key, value] : params.items()) {
        if (key == "command" || key == "config") continue;
        args.push_back("--" + key + "=" + text(value));
    }
    return args;
}

TEST(CliLayersGolden, EveryLayersRopeLayerAndLogitScaleCase) {
    const json index = readJson(layersDir() + "/index.json");
    int checked = 0;
    for (const auto& [file, entry] : index.at("files").items()) {
        const std::string quantity = entry.at("quantity");
        if (quantity != "layers" && quantity != "rope_layer" && quantity != "logit_scale") continue;
        SCOPED_TRACE(file);
        const json g = readJson(layersDir() + "/" + file);
        const json out = computeJson(argsOf(g.at("params")));
        for (const auto& key : entry.at("expected")) {
            const std::string k = key.get<std::string>();
            ASSERT_TRUE(out.contains(k)) << k;
            const double abs = k.rfind("kernel_", 0) == 0 ? 1e-8 : 0.0;
            EXPECT_TRUE(same(out[k], g.at("expected").at(k), k, 1e-10, abs));
        }
        ++checked;
    }
    EXPECT_GE(checked, 17);
}

TEST(CliLayersGolden, V4AndV5Gemma3GiveTheSameTable) {
    const json v4 = computeJson({"compute", "layers", "--config=" + layersDir() + "/configs/gemma3_27b_it_v4.json"});
    const json v5 = computeJson({"compute", "layers", "--config=" + layersDir() + "/configs/gemma3_27b_it_v5.json"});
    EXPECT_TRUE(same(v5["layers"], v4["layers"], "layers", 0.0, 0.0));
}

TEST(CliLayersGolden, ScoutIsAcceptedWithAWarningNamingBothFactors) {
    for (const char* rule : {"newest", "legacy"}) {
        const json out = computeJson({"compute", "layers", "--transformers-rule", rule,
                                      "--config=" + layersDir() + "/configs/llama4_scout_17b_16e_instruct.json"});
        bool named = false;
        for (const auto& w : out["warnings"]) {
            const std::string s = w.get<std::string>();
            named = named ||
                    (s.find("high_freq_factor") != std::string::npos && s.find("low_freq_factor") != std::string::npos);
        }
        EXPECT_TRUE(named) << rule << ": " << out["warnings"].dump();
    }
}

TEST(CliLayersGolden, BadLayerAndPositions) {
    const std::string scout = "--config=" + layersDir() + "/configs/llama4_scout_17b_16e_instruct.json";
    EXPECT_TRUE(badInput({"compute", "rope", scout, "--layer", "3"}, {"--layer", "3", "no rotary embedding"}));
    EXPECT_TRUE(badInput({"compute", "rope", scout, "--layer", "48"}, {"--layer", "48", "num_layers = 48"}));
    EXPECT_TRUE(badInput({"compute", "logit-scale", scout, "--layer", "48", "--positions", "0"}, {"--layer", "48"}));
    EXPECT_TRUE(badInput({"compute", "logit-scale", scout, "--layer", "3", "--positions", "0,-1"}, {"--positions"}));
    EXPECT_TRUE(badInput({"compute", "layers"}, {"--config"}));
    EXPECT_TRUE(
        badInput({"compute", "rope", "--head-dim", "64", "--rope-theta", "10000", "--layer", "0"}, {"--layer"}));
}

}  // namespace
}  // namespace phaselens::test
