// Issue 13, defect 7 (part): large matrices are written row by row (cli/json_output.h deferMatrix), byte-identical
// to the JSON tree they replace, in every position of the document.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/cli.h"
#include "cli/json_output.h"
#include "json_text.h"
#include "phaselens/alibi.h"

namespace phaselens::cli {
namespace {

TEST(JsonStream, DeferredMatricesMatchTheTree) {
    const Eigen::MatrixXd a = Eigen::MatrixXd::Random(300, 257);
    Eigen::MatrixXi b = Eigen::MatrixXi::Random(400, 200);
    Json tree;
    tree["first"] = 1;
    Json rowsA = Json::array(), rowsB = Json::array();
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
        Json r = Json::array();
        for (Eigen::Index j = 0; j < a.cols(); ++j) r.push_back(a(i, j));
        rowsA.push_back(r);
    }
    for (Eigen::Index i = 0; i < b.rows(); ++i) {
        Json r = Json::array();
        for (Eigen::Index j = 0; j < b.cols(); ++j) r.push_back(static_cast<int64_t>(b(i, j)));
        rowsB.push_back(r);
    }
    tree["b"] = rowsB;  // out of insertion order on purpose: placeholders are found by position
    tree["a"] = rowsA;
    tree["last"] = "x";
    Json deferred;
    deferred["first"] = 1;
    putArray(deferred, "b", b);
    putArray(deferred, "a", a);
    deferred["last"] = "x";
    EXPECT_EQ(dumpJson(deferred), phaselens::json_text::dump(tree));
    EXPECT_EQ(dumpJson(deferred), phaselens::json_text::dump(deferred));  // nothing left deferred: plain dump
}

TEST(JsonStream, NonFiniteValuesAreStillRefusedByName) {
    Eigen::MatrixXd m = Eigen::MatrixXd::Zero(300, 300);
    m(7, 9) = std::nan("");
    Json j;
    try {
        putArray(j, "m", m);
        FAIL();
    } catch (const NonFiniteOutput& e) {
        EXPECT_NE(std::string(e.what()).find("m[7][9]"), std::string::npos) << e.what();
    }
}

TEST(JsonStream, ComputeAlibiBiasIsParsableAndExact) {
    std::ostringstream out, err;
    ASSERT_EQ(runCli({"compute", "alibi-bias", "--heads", "2", "--seq-len", "300"}, out, err), 0) << err.str();
    const nlohmann::json j = phaselens::json_text::parse(out.str());
    const Eigen::VectorXd slopes = core::alibiSlopes(2);
    const Eigen::MatrixXd bias = core::alibiBias(slopes[1], 300, core::AlibiForm::Linear);
    ASSERT_EQ(j["bias"].size(), 2u);
    EXPECT_EQ(j["bias"][1][299][3].get<double>(), bias(299, 3));
}

}  // namespace
}  // namespace phaselens::cli
