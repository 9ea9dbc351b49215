// PhaseLens CLI — the one place where results become JSON.
//
// Objects keep insertion order (nlohmann::ordered_json), so "quantity" and the parameters come first.
// Doubles are written by nlohmann's shortest round-trip formatter: parsing the text back yields the
// identical IEEE double (at most 17 significant digits), and integral doubles keep a ".0"
// (1.0 → "1.0"), so they stay distinguishable from integers. Integer data (rotary_dim, bucket ids,
// masks) is stored as JSON integers, booleans as true/false.
//
// Non-finite doubles have no JSON spelling (nlohmann would write null). Every helper here refuses
// them by throwing NonFiniteOutput naming the key and the element, so a bad result can never reach
// stdout looking like data.
//
// Shapes: a vector (one compile-time row or column) becomes a flat array; any other matrix becomes an
// array of rows, row 0 first ([i][j] = m(i, j)); a list of matrices becomes [k][i][j].
#pragma once

#include <Eigen/Dense>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace phaselens::cli {

using Json = nlohmann::ordered_json;

/// A computed value is NaN or ±inf (the inputs pushed a formula beyond double range).
class NonFiniteOutput : public std::runtime_error {
  public:
    explicit NonFiniteOutput(const std::string& message) : std::runtime_error(message) {}
};

/// Throws NonFiniteOutput("output <what> is not finite (<value>)") unless value is finite.
void requireFiniteOutput(const std::string& what, double value);

namespace detail {

template <typename Scalar>
Json scalarToJson(Scalar value, const std::string& what) {
    if constexpr (std::is_same_v<Scalar, bool>) {
        return Json(value);
    } else if constexpr (std::is_integral_v<Scalar>) {
        return Json(static_cast<int64_t>(value));
    } else {
        requireFiniteOutput(what, static_cast<double>(value));
        return Json(static_cast<double>(value));
    }
}

template <typename Derived>
Json denseToJson(const Eigen::DenseBase<Derived>& m, const std::string& key) {
    Json out = Json::array();
    const bool isVector = Derived::ColsAtCompileTime == 1 || Derived::RowsAtCompileTime == 1;
    if (isVector) {
        for (Eigen::Index k = 0; k < m.size(); ++k)
            out.push_back(scalarToJson(m.derived().coeff(k), key + "[" + std::to_string(k) + "]"));
        return out;
    }
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        Json row = Json::array();
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            row.push_back(
                scalarToJson(m.derived().coeff(i, j), key + "[" + std::to_string(i) + "][" + std::to_string(j) + "]"));
        out.push_back(std::move(row));
    }
    return out;
}

}  // namespace detail

/// object[key] = the vector or matrix as JSON arrays (see the header comment for shapes).
template <typename Derived>
void putArray(Json& object, const std::string& key, const Eigen::DenseBase<Derived>& value) {
    object[key] = detail::denseToJson(value, key);
}

/// object[key] = [k][i][j] for a list of equally shaped matrices (e.g. per-head bias).
void putArray(Json& object, const std::string& key, const std::vector<Eigen::MatrixXd>& slices);

/// object[key] = a flat array of doubles / integers.
void putArray(Json& object, const std::string& key, const std::vector<double>& values);
void putArray(Json& object, const std::string& key, const std::vector<int64_t>& values);

/// object[key] = one finite double (written with a decimal point or exponent, e.g. 1.0).
void putNumber(Json& object, const std::string& key, double value);

/// One line of JSON, no trailing newline, doubles in round-trip form.
std::string dumpJson(const Json& value);

}  // namespace phaselens::cli
