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
#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "phaselens/progress.h"

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

/// Matrices of at least this many numbers are not built as JSON trees (16 M numbers took 1.3 GB and a minute):
/// deferMatrix checks them now and dumpJson / writeJson write their text row by row, byte-identical to nlohmann's.
constexpr Eigen::Index kDeferCells = Eigen::Index{1} << 16;

/// Appends row `i`'s compact JSON text (an array, no separator) to `out`.
using RowWriter = std::function<void(std::string& out, Eigen::Index i)>;
/// Registers an array of `rows` rows written by `writeRow`; returns the placeholder dumpJson / writeJson replace
/// with "[row0,row1,...]". Everything that could fail must be checked before (nothing on stdout on bad input).
Json deferRows(Eigen::Index rows, RowWriter writeRow);
/// Appends one row's compact JSON text (nlohmann's number format).
void appendJsonRow(std::string& out, const Json& row);
/// Appends "[v0,v1,...]" for count values at values[k·stride], byte-identical to nlohmann's dump of the same
/// numbers as a JSON array (doubles: its Grisu2 to_chars, which the tree's dump calls; they must be finite;
/// integers: decimal), without building a JSON value.
void appendNumberRow(std::string& out, const double* values, Eigen::Index count, Eigen::Index stride);
void appendNumberRow(std::string& out, const int* values, Eigen::Index count, Eigen::Index stride);
void appendNumberRow(std::string& out, const int64_t* values, Eigen::Index count, Eigen::Index stride);

/// A placeholder for the matrix `m` (doubles checked finite now, named "<key>[i][j]") that dumpJson replaces.
template <typename Scalar>
Json deferMatrix(Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> m, const std::string& key) {
    if constexpr (std::is_floating_point_v<Scalar>)
        for (Eigen::Index i = 0; i < m.rows(); ++i)
            for (Eigen::Index j = 0; j < m.cols(); ++j)
                if (!std::isfinite(static_cast<double>(m(i, j))))
                    requireFiniteOutput(key + "[" + std::to_string(i) + "][" + std::to_string(j) + "]",
                                        static_cast<double>(m(i, j)));
    const Eigen::Index rows = m.rows();
    if constexpr (std::is_same_v<Scalar, double> || std::is_same_v<Scalar, int> || std::is_same_v<Scalar, int64_t>) {
        return deferRows(rows, [m = std::move(m)](std::string& out, Eigen::Index i) {
            appendNumberRow(out, m.data() + i, m.cols(), m.rows());  // column-major: row i strides by rows()
        });
    } else {
        return deferRows(rows, [m = std::move(m), row = Json::array()](std::string& out, Eigen::Index i) mutable {
            row.clear();
            for (Eigen::Index j = 0; j < m.cols(); ++j) row.push_back(scalarToJson(m(i, j), std::string()));
            appendJsonRow(out, row);
        });
    }
}

template <typename Derived>
Json denseToJson(const Eigen::DenseBase<Derived>& m, const std::string& key) {
    Json out = Json::array();
    const bool isVector = Derived::ColsAtCompileTime == 1 || Derived::RowsAtCompileTime == 1;
    using Scalar = typename Derived::Scalar;
    if constexpr (std::is_arithmetic_v<Scalar> && !std::is_same_v<Scalar, bool>)
        if (!isVector && m.size() >= kDeferCells)
            return deferMatrix<Scalar>(Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>(m.derived()), key);
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

/// object[key] = [k][i][j] for a list of equally shaped matrices (e.g. per-head bias). The rvalue form moves
/// large slices into their deferred writers instead of copying them.
void putArray(Json& object, const std::string& key, const std::vector<Eigen::MatrixXd>& slices);
void putArray(Json& object, const std::string& key, std::vector<Eigen::MatrixXd>&& slices);

/// object[key] = a flat array of doubles / integers.
void putArray(Json& object, const std::string& key, const std::vector<double>& values);
void putArray(Json& object, const std::string& key, const std::vector<int64_t>& values);

/// object[key] = one finite double (written with a decimal point or exponent, e.g. 1.0).
void putNumber(Json& object, const std::string& key, double value);

/// One line of JSON, no trailing newline, doubles in round-trip form. Deferred matrices (deferMatrix) are
/// written in place of their placeholders, one row at a time (no JSON tree of the whole matrix).
std::string dumpJson(const Json& value);

/// The same bytes as dumpJson(value), written to `out` as they are produced: deferred matrices row by row
/// through a 1 MiB buffer, so a large result never exists as one string. progress (optional): start(rows of
/// all deferred matrices), advance(1) per row, which also polls cancellation (core::Cancelled; the bytes
/// written so far stay written). Throws std::ios_base::failure when `out` fails.
void writeJson(const Json& value, std::ostream& out, core::Progress* progress = nullptr);

}  // namespace phaselens::cli
