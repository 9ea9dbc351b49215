#include "golden.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

#include "json_text.h"

#ifndef PHASELENS_GOLDEN_DIR
#error "compile phaselens_golden with -DPHASELENS_GOLDEN_DIR=\"<absolute path of ../shared/golden>\""
#endif

namespace phaselens::test {

namespace fs = std::filesystem;
using nlohmann::json;

// -----------------------------------------------------------------------------
// [SECTION] Location and index
// -----------------------------------------------------------------------------

std::string goldenDir() {
    if (const char* env = std::getenv("PHASELENS_GOLDEN_DIR"); env && *env) return env;
    return PHASELENS_GOLDEN_DIR;
}

json readJsonFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open golden file '" + path + "'");
    std::ostringstream text;
    text << in.rdbuf();
    try {
        return phaselens::json_text::parse(text.str());
    } catch (const json::exception& e) {
        throw std::runtime_error("cannot parse '" + path + "': " + e.what());
    }
}

void PrintTo(const GoldenIndexEntry& entry, std::ostream* os) {
    *os << entry.file << " (" << entry.quantity << ")";
}

std::vector<GoldenIndexEntry> goldenIndex() {
    const std::string path = (fs::path(goldenDir()) / "index.json").string();
    const json index = readJsonFile(path);
    if (!index.contains("files") || !index["files"].is_object())
        throw std::runtime_error("'" + path + "' has no \"files\" object");
    std::vector<GoldenIndexEntry> out;
    for (const auto& [file, entry] : index["files"].items()) {
        GoldenIndexEntry e;
        e.file = file;
        e.quantity = entry.value("quantity", "");
        if (entry.contains("expected"))
            for (const auto& key : entry["expected"]) e.expectedKeys.push_back(key.get<std::string>());
        out.push_back(std::move(e));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.file < b.file; });
    return out;
}

std::vector<std::string> goldenFilesOnDisk() {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(goldenDir())) {
        const fs::path p = entry.path();
        if (entry.is_regular_file() && p.extension() == ".json" && p.filename() != "index.json")
            out.push_back(p.filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// -----------------------------------------------------------------------------
// [SECTION] Arrays
// -----------------------------------------------------------------------------

NdArray NdArray::fromJson(const json& value) {
    NdArray a;
    if (value.is_number()) {
        a.data = Eigen::VectorXd::Constant(1, value.get<double>());
        return a;
    }
    if (value.is_boolean()) {
        a.data = Eigen::VectorXd::Constant(1, value.get<bool>() ? 1.0 : 0.0);
        return a;
    }
    if (!value.is_array()) throw std::runtime_error("expected a number or an array, got " + value.dump().substr(0, 80));
    // Shape from the first element at every depth, then a full walk that checks every sub-array.
    for (const json* v = &value; v->is_array(); v = &(*v)[0]) {
        a.shape.push_back(static_cast<Eigen::Index>(v->size()));
        if (v->empty()) break;
    }
    Eigen::Index total = 1;
    for (Eigen::Index n : a.shape) total *= n;
    a.data.resize(total);
    Eigen::Index next = 0;
    std::function<void(const json&, size_t)> walk = [&](const json& v, size_t depth) {
        if (depth == a.shape.size()) {
            if (!v.is_number())
                throw std::runtime_error("non-numeric or ragged array element " + v.dump().substr(0, 80));
            a.data[next++] = v.get<double>();
            return;
        }
        if (!v.is_array() || static_cast<Eigen::Index>(v.size()) != a.shape[depth])
            throw std::runtime_error("ragged array: expected " + std::to_string(a.shape[depth]) +
                                     " elements at depth " + std::to_string(depth));
        for (const auto& child : v) walk(child, depth + 1);
    };
    walk(value, 0);
    return a;
}

Eigen::VectorXd NdArray::vector() const {
    if (rank() != 1) throw std::runtime_error("expected a 1-D array, got shape " + shapeText());
    return data;
}

Eigen::MatrixXd NdArray::matrix() const {
    if (rank() != 2) throw std::runtime_error("expected a 2-D array, got shape " + shapeText());
    Eigen::MatrixXd m(shape[0], shape[1]);
    for (Eigen::Index i = 0; i < shape[0]; ++i)
        for (Eigen::Index j = 0; j < shape[1]; ++j) m(i, j) = data[i * shape[1] + j];
    return m;
}

Eigen::MatrixXd NdArray::slice(Eigen::Index k) const {
    if (rank() != 3) throw std::runtime_error("expected a 3-D array, got shape " + shapeText());
    if (k < 0 || k >= shape[0]) throw std::runtime_error("slice " + std::to_string(k) + " out of " + shapeText());
    Eigen::MatrixXd m(shape[1], shape[2]);
    for (Eigen::Index i = 0; i < shape[1]; ++i)
        for (Eigen::Index j = 0; j < shape[2]; ++j) m(i, j) = data[(k * shape[1] + i) * shape[2] + j];
    return m;
}

std::string NdArray::shapeText() const {
    if (shape.empty()) return "scalar";
    std::string s;
    for (Eigen::Index n : shape) s += "[" + std::to_string(n) + "]";
    return s;
}

std::string NdArray::indexText(Eigen::Index flat) const {
    if (shape.empty()) return "";
    std::vector<Eigen::Index> idx(shape.size());
    for (size_t d = shape.size(); d-- > 0;) {
        idx[d] = shape[d] > 0 ? flat % shape[d] : 0;
        flat = shape[d] > 0 ? flat / shape[d] : 0;
    }
    std::string s;
    for (Eigen::Index i : idx) s += "[" + std::to_string(i) + "]";
    return s;
}

double Tolerance::allowed(double expected) const {
    if (exact) return 0.0;
    double a = abs + rel * std::abs(expected);
    if (expected == 0.0 && abs == 0.0) a = std::max(a, rel);  // floor for b = 0 under a pure relative tolerance
    return a;
}

bool Tolerance::accepts(double actual, double expected) const {
    if (exact) return actual == expected;
    return std::abs(actual - expected) <= allowed(expected);  // false for NaN
}

std::string Tolerance::describe() const {
    if (exact) return "exact";
    std::ostringstream s;
    s.precision(3);
    if (rel > 0) s << "rel " << rel;
    if (rel > 0 && abs > 0) s << " + ";
    if (abs > 0) s << "abs " << abs;
    return s.str();
}

testing::AssertionResult compareArrays(const std::string& what, const NdArray& actual, const NdArray& expected,
                                       const Tolerance& tol) {
    if (actual.shape != expected.shape)
        return testing::AssertionFailure()
               << what << ": shape " << actual.shapeText() << " != expected " << expected.shapeText();
    Eigen::Index bad = 0;
    std::ostringstream msg;
    msg.precision(17);
    for (Eigen::Index k = 0; k < expected.size(); ++k) {
        const double a = actual.data[k], b = expected.data[k];
        if (tol.accepts(a, b)) continue;
        if (bad < 8)
            msg << "\n  " << what << expected.indexText(k) << ": got " << a << ", expected " << b << ", |diff| "
                << std::abs(a - b) << " > allowed " << tol.allowed(b);
        ++bad;
    }
    if (bad == 0) return testing::AssertionSuccess();
    return testing::AssertionFailure() << what << ": " << bad << " of " << expected.size()
                                       << " elements outside tolerance (" << tol.describe() << ")" << msg.str();
}

NdArray toNdArray(double value) {
    NdArray a;
    a.data = Eigen::VectorXd::Constant(1, value);
    return a;
}

NdArray toNdArray(const Eigen::VectorXd& v) {
    NdArray a;
    a.shape = {v.size()};
    a.data = v;
    return a;
}

NdArray toNdArray(const Eigen::VectorXi& v) {
    return toNdArray(Eigen::VectorXd(v.cast<double>()));
}

NdArray toNdArray(const Eigen::MatrixXd& m) {
    NdArray a;
    a.shape = {m.rows(), m.cols()};
    a.data.resize(m.size());
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = 0; j < m.cols(); ++j) a.data[i * m.cols() + j] = m(i, j);
    return a;
}

NdArray toNdArray(const Eigen::MatrixXi& m) {
    return toNdArray(Eigen::MatrixXd(m.cast<double>()));
}

NdArray toNdArray(const std::vector<Eigen::MatrixXd>& slices) {
    NdArray a;
    const Eigen::Index rows = slices.empty() ? 0 : slices[0].rows(), cols = slices.empty() ? 0 : slices[0].cols();
    a.shape = {static_cast<Eigen::Index>(slices.size()), rows, cols};
    a.data.resize(static_cast<Eigen::Index>(slices.size()) * rows * cols);
    Eigen::Index k = 0;
    for (const auto& m : slices) {
        if (m.rows() != rows || m.cols() != cols) throw std::runtime_error("toNdArray: slices differ in shape");
        for (Eigen::Index i = 0; i < rows; ++i)
            for (Eigen::Index j = 0; j < cols; ++j) a.data[k++] = m(i, j);
    }
    return a;
}

// -----------------------------------------------------------------------------
// [SECTION] GoldenCase
// -----------------------------------------------------------------------------

GoldenCase GoldenCase::load(const std::string& fileName) {
    const std::string path = (fs::path(goldenDir()) / fileName).string();
    const json j = readJsonFile(path);
    for (const char* field : {"quantity", "case", "convention", "params", "expected", "tolerance"})
        if (!j.contains(field)) throw std::runtime_error("'" + path + "' has no \"" + field + "\" field");
    GoldenCase g;
    g.fileName_ = fileName;
    g.quantity_ = j["quantity"].get<std::string>();
    g.caseName_ = j["case"].get<std::string>();
    g.convention_ = j["convention"].get<std::string>();
    g.params_ = j["params"];
    g.expected_ = j["expected"];
    g.tolerance_ = j["tolerance"];
    return g;
}

const json& GoldenCase::param(const std::string& key) const {
    if (!params_.contains(key)) throw std::runtime_error(fileName_ + ": params has no \"" + key + "\"");
    return params_[key];
}

double GoldenCase::paramDouble(const std::string& key) const {
    const json& v = param(key);
    if (!v.is_number()) throw std::runtime_error(fileName_ + ": params." + key + " is not a number");
    return v.get<double>();
}

int64_t GoldenCase::paramInt(const std::string& key) const {
    const json& v = param(key);
    if (v.is_number_integer()) return v.get<int64_t>();
    if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>())
        return static_cast<int64_t>(v.get<double>());
    throw std::runtime_error(fileName_ + ": params." + key + " is not an integer");
}

bool GoldenCase::paramBool(const std::string& key) const {
    const json& v = param(key);
    if (!v.is_boolean()) throw std::runtime_error(fileName_ + ": params." + key + " is not a boolean");
    return v.get<bool>();
}

std::string GoldenCase::paramString(const std::string& key) const {
    const json& v = param(key);
    if (!v.is_string()) throw std::runtime_error(fileName_ + ": params." + key + " is not a string");
    return v.get<std::string>();
}

Eigen::VectorXd GoldenCase::paramVector(const std::string& key) const {
    return NdArray::fromJson(param(key)).vector();
}

Eigen::MatrixXd GoldenCase::paramMatrix(const std::string& key) const {
    return NdArray::fromJson(param(key)).matrix();
}

std::vector<double> GoldenCase::paramList(const std::string& key) const {
    const Eigen::VectorXd v = paramVector(key);
    return std::vector<double>(v.data(), v.data() + v.size());
}

const json& GoldenCase::expectedJson(const std::string& key) const {
    if (!expected_.contains(key)) throw std::runtime_error(fileName_ + ": expected has no \"" + key + "\"");
    checked_.insert(key);
    return expected_[key];
}

std::vector<std::string> GoldenCase::expectedKeys() const {
    std::vector<std::string> keys;
    for (const auto& item : expected_.items()) keys.push_back(item.key());
    return keys;
}

NdArray GoldenCase::expected(const std::string& key) const {
    return NdArray::fromJson(expectedJson(key));
}

double GoldenCase::expectedScalar(const std::string& key) const {
    const NdArray a = expected(key);
    if (a.rank() != 0) throw std::runtime_error(fileName_ + ": expected." + key + " is not a scalar");
    return a.data[0];
}

Eigen::VectorXd GoldenCase::expectedVector(const std::string& key) const {
    return expected(key).vector();
}

Eigen::MatrixXd GoldenCase::expectedMatrix(const std::string& key) const {
    return expected(key).matrix();
}

std::vector<Eigen::VectorXd> GoldenCase::expectedRows(const std::string& key) const {
    const json& v = expectedJson(key);
    if (!v.is_array()) throw std::runtime_error(fileName_ + ": expected." + key + " is not a list of lists");
    std::vector<Eigen::VectorXd> rows;
    for (const auto& row : v) rows.push_back(NdArray::fromJson(row).vector());
    return rows;
}

std::optional<Tolerance> GoldenCase::toleranceFor(const std::string& key) const {
    Tolerance t;
    if (tolerance_.value("exact", false)) {
        t.exact = true;
        return t;
    }
    if (key.rfind("kernel_", 0) == 0 && tolerance_.contains("abs_kernel")) {
        t.abs = tolerance_["abs_kernel"].get<double>();
        return t;
    }
    const bool hasRel = tolerance_.contains("rel"), hasAbs = tolerance_.contains("abs");
    if (!hasRel && !hasAbs) return std::nullopt;
    if (hasRel) t.rel = tolerance_["rel"].get<double>();
    if (hasAbs) t.abs = tolerance_["abs"].get<double>();
    return t;
}

testing::AssertionResult GoldenCase::near(const std::string& key, const NdArray& actual,
                                          const std::string& label) const {
    const std::optional<Tolerance> tol = toleranceFor(key);
    const std::string what = fileName_ + " " + key + (label.empty() ? "" : " (" + label + ")");
    if (!tol)
        return testing::AssertionFailure() << what << ": no tolerance applies (tolerance " << tolerance_.dump() << ")";
    NdArray exp;
    try {
        exp = expected(key);
    } catch (const std::exception& e) {
        return testing::AssertionFailure() << what << ": " << e.what();
    }
    return compareArrays(what, actual, exp, *tol);
}

testing::AssertionResult GoldenCase::nearRow(const std::string& key, size_t row, const Eigen::VectorXd& actual) const {
    const std::vector<Eigen::VectorXd> rows = expectedRows(key);
    const std::string what = fileName_ + " " + key + "[" + std::to_string(row) + "]";
    if (row >= rows.size()) return testing::AssertionFailure() << what << ": only " << rows.size() << " rows";
    const std::optional<Tolerance> tol = toleranceFor(key);
    if (!tol) return testing::AssertionFailure() << what << ": no tolerance applies";
    return compareArrays(what, toNdArray(actual), toNdArray(rows[row]), *tol);
}

std::vector<std::string> GoldenCase::uncheckedKeys() const {
    std::vector<std::string> out;
    for (const auto& key : expectedKeys())
        if (!checked_.count(key)) out.push_back(key);
    return out;
}

testing::AssertionResult GoldenCase::allExpectedChecked() const {
    const std::vector<std::string> left = uncheckedKeys();
    if (left.empty()) return testing::AssertionSuccess();
    testing::AssertionResult r = testing::AssertionFailure();
    r << fileName_ << ": expected keys never compared:";
    for (const auto& k : left) r << " " << k;
    return r;
}

}  // namespace phaselens::test
