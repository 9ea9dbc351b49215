// Issue 13, defect 7: writeJson streams a document with deferred matrices to a stream, byte-identical to dumpJson
// and to the JSON tree; it reports one unit per row and stops on a cancelled Progress.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/json_output.h"
#include "json_text.h"
#include "phaselens/progress.h"

namespace phaselens::cli {
namespace {

Json document(const Eigen::MatrixXd& a, const Eigen::MatrixXi& b) {
    Json j;
    j["first"] = 1;
    putArray(j, "b", b);
    putArray(j, "a", a);
    std::vector<Eigen::MatrixXd> slices = {a, a * 0.5};
    putArray(j, "slices", std::move(slices));
    j["last"] = "x";
    return j;
}

TEST(JsonWrite, StreamedBytesEqualDumpJson) {
    const Eigen::MatrixXd a = Eigen::MatrixXd::Random(300, 257);
    const Eigen::MatrixXi b = Eigen::MatrixXi::Random(400, 200);
    const std::string dumped = dumpJson(document(a, b));
    std::ostringstream out;
    core::Progress progress;
    writeJson(document(a, b), out, &progress);
    EXPECT_EQ(out.str(), dumped);
    EXPECT_EQ(progress.unitsTotal(), 400 + 300 + 300 + 300);
    EXPECT_EQ(progress.unitsDone(), progress.unitsTotal());
    // The rvalue putArray of slices writes the same as the copying one (one deferred document at a time).
    Json moved;
    putArray(moved, "s", std::vector<Eigen::MatrixXd>{a});
    const std::string movedText = dumpJson(moved);
    const std::vector<Eigen::MatrixXd> lvalue = {a};
    Json fromLvalue;
    putArray(fromLvalue, "s", lvalue);
    EXPECT_EQ(movedText, dumpJson(fromLvalue));
}

TEST(JsonWrite, CancelledProgressStopsTheStream) {
    const Eigen::MatrixXd a = Eigen::MatrixXd::Random(400, 200);
    Json j;
    putArray(j, "a", a);
    core::Progress progress;
    progress.cancel();
    std::ostringstream out;
    EXPECT_THROW(writeJson(j, out, &progress), core::Cancelled);
    EXPECT_LE(progress.unitsDone(), 1);
}

}  // namespace
}  // namespace phaselens::cli
