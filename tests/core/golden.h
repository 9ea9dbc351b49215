// PhaseLens tests — loading and comparing the golden cases in ../shared/golden (target phaselens_golden).
//
// A golden case is one JSON file (see ../shared/golden/CONVENTIONS.md):
//   quantity, case, convention (the authority), reference, params, expected (name → number or nested
//   array), tolerance ({"rel": r} | {"abs": a} | {"rel": r, "abs_kernel": k} | {"exact": true}).
// index.json lists every file with its quantity and expected keys.
//
// Typical use:
//   const GoldenCase g = GoldenCase::load("rope__default_d128_b10000.json");
//   EXPECT_TRUE(g.near("inv_freq", computed));  // uses the file's tolerance for that key, marks it checked
//   ...
//   EXPECT_TRUE(g.allExpectedChecked());         // every expected key was compared
//
// Tolerance for an expected key (toleranceFor):
//   exact           a == b.
//   abs_kernel      keys starting with "kernel_" (rope cases): |a − b| <= abs_kernel.
//   rel and/or abs  |a − b| <= abs + rel·|b|; with rel only and b == 0 the floor is |a| <= rel.
// A key with no applicable tolerance is a test failure, never a silent pass.
//
// Contents
//   [SECTION] Location and index
//   [SECTION] Arrays
//   [SECTION] GoldenCase
#pragma once

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace phaselens::test {

// -----------------------------------------------------------------------------
// [SECTION] Location and index
// -----------------------------------------------------------------------------

/// Directory of the golden cases: $PHASELENS_GOLDEN_DIR if set in the environment, else the path
/// compiled in from the CMake cache variable PHASELENS_GOLDEN_DIR.
std::string goldenDir();

/// Parses a JSON file; throws std::runtime_error naming the path on I/O or parse errors.
nlohmann::json readJsonFile(const std::string& path);

struct GoldenIndexEntry {
    std::string file;                       ///< e.g. "rope__default_d128_b10000.json"
    std::string quantity;                   ///< e.g. "rope_inv_freq"
    std::vector<std::string> expectedKeys;  ///< as listed in index.json
};

/// Test-name printing for parameterized tests ("file (quantity)").
void PrintTo(const GoldenIndexEntry& entry, std::ostream* os);

/// Entries of index.json, in file-name order. Throws std::runtime_error when unreadable.
std::vector<GoldenIndexEntry> goldenIndex();

/// File names of every *.json in goldenDir() except index.json, sorted.
std::vector<std::string> goldenFilesOnDisk();

// -----------------------------------------------------------------------------
// [SECTION] Arrays
// -----------------------------------------------------------------------------

/// A rectangular nested JSON array of any depth, flattened in row-major (C) order.
/// A scalar has an empty shape and one element.
struct NdArray {
    std::vector<Eigen::Index> shape;
    Eigen::VectorXd data;

    /// Parses a number or a rectangular nested array of numbers; throws std::runtime_error on ragged
    /// or non-numeric input.
    static NdArray fromJson(const nlohmann::json& value);

    Eigen::Index rank() const { return static_cast<Eigen::Index>(shape.size()); }
    Eigen::Index size() const { return data.size(); }
    /// Rank-1 view (throws unless rank 1).
    Eigen::VectorXd vector() const;
    /// Rank-2 view, [i][j] → (i, j) (throws unless rank 2).
    Eigen::MatrixXd matrix() const;
    /// Rank-3 slice [k][·][·] as a matrix (throws unless rank 3 and k in range).
    Eigen::MatrixXd slice(Eigen::Index k) const;
    /// "[3][8][8]"-style shape text.
    std::string shapeText() const;
    /// Index text of flat element `flat`, e.g. "[2][0][7]".
    std::string indexText(Eigen::Index flat) const;
};

/// Element-wise tolerance. Build with GoldenCase::toleranceFor or directly.
struct Tolerance {
    bool exact = false;
    double rel = 0.0;  ///< relative part, |a − b| <= rel·|b|
    double abs = 0.0;  ///< absolute part
    /// Whether a (actual) matches b (expected).
    bool accepts(double actual, double expected) const;
    /// Allowed |a − b| at b.
    double allowed(double expected) const;
    std::string describe() const;
};

/// Compares actual against expected element-wise (same shape required). On failure the message names
/// `what`, the shapes or up to 8 mismatching elements (index, actual, expected, |diff|, allowed) and
/// the total count of mismatches.
testing::AssertionResult compareArrays(const std::string& what, const NdArray& actual, const NdArray& expected,
                                       const Tolerance& tol);

/// Conversions of computed results into NdArray for compareArrays.
NdArray toNdArray(double value);
NdArray toNdArray(const Eigen::VectorXd& v);
NdArray toNdArray(const Eigen::VectorXi& v);
NdArray toNdArray(const Eigen::MatrixXd& m);
NdArray toNdArray(const Eigen::MatrixXi& m);
/// Stacks equally sized matrices into a [k][rows][cols] array (e.g. per-head [h][i][j] tensors).
NdArray toNdArray(const std::vector<Eigen::MatrixXd>& slices);

// -----------------------------------------------------------------------------
// [SECTION] GoldenCase
// -----------------------------------------------------------------------------

class GoldenCase {
  public:
    /// Loads goldenDir()/fileName. Throws std::runtime_error on I/O errors or a missing field.
    static GoldenCase load(const std::string& fileName);

    const std::string& fileName() const { return fileName_; }
    const std::string& quantity() const { return quantity_; }
    const std::string& caseName() const { return caseName_; }
    const std::string& convention() const { return convention_; }

    // Parameters (throw std::runtime_error naming the file and key when missing or mistyped).
    const nlohmann::json& params() const { return params_; }
    bool hasParam(const std::string& key) const { return params_.contains(key); }
    double paramDouble(const std::string& key) const;
    int64_t paramInt(const std::string& key) const;
    bool paramBool(const std::string& key) const;
    std::string paramString(const std::string& key) const;
    Eigen::VectorXd paramVector(const std::string& key) const;
    Eigen::MatrixXd paramMatrix(const std::string& key) const;
    std::vector<double> paramList(const std::string& key) const;

    // Expected values. Every accessor marks the key as checked (see allExpectedChecked).
    bool hasExpected(const std::string& key) const { return expected_.contains(key); }
    std::vector<std::string> expectedKeys() const;
    NdArray expected(const std::string& key) const;
    double expectedScalar(const std::string& key) const;
    Eigen::VectorXd expectedVector(const std::string& key) const;
    Eigen::MatrixXd expectedMatrix(const std::string& key) const;
    /// Rows of a possibly ragged list of lists (e.g. ALiBi slopes for several head counts).
    std::vector<Eigen::VectorXd> expectedRows(const std::string& key) const;

    /// Tolerance for one expected key per the rules in the header comment; nullopt if none applies.
    std::optional<Tolerance> toleranceFor(const std::string& key) const;

    /// Compares a computed value with expected[key] using toleranceFor(key); marks the key checked.
    /// `label` is appended to the message (e.g. "pairing half-split").
    testing::AssertionResult near(const std::string& key, const NdArray& actual, const std::string& label = "") const;
    testing::AssertionResult near(const std::string& key, double actual, const std::string& label = "") const {
        return near(key, toNdArray(actual), label);
    }
    testing::AssertionResult near(const std::string& key, const Eigen::VectorXd& actual,
                                  const std::string& label = "") const {
        return near(key, toNdArray(actual), label);
    }
    testing::AssertionResult near(const std::string& key, const Eigen::MatrixXd& actual,
                                  const std::string& label = "") const {
        return near(key, toNdArray(actual), label);
    }
    /// Compares row `row` of a ragged expected list of lists (label "key[row]").
    testing::AssertionResult nearRow(const std::string& key, size_t row, const Eigen::VectorXd& actual) const;

    /// Marks a key as checked without comparing (for keys consumed as inputs, e.g. kernel_delta).
    void markChecked(const std::string& key) const { checked_.insert(key); }
    /// Expected keys no accessor or comparison has touched yet.
    std::vector<std::string> uncheckedKeys() const;
    testing::AssertionResult allExpectedChecked() const;

  private:
    const nlohmann::json& param(const std::string& key) const;
    const nlohmann::json& expectedJson(const std::string& key) const;

    std::string fileName_, quantity_, caseName_, convention_;
    nlohmann::json params_, expected_, tolerance_;
    mutable std::set<std::string> checked_;
};

}  // namespace phaselens::test
