// PhaseLens core tests — small helpers shared by the test files of this directory.
#pragma once

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <stdexcept>
#include <string>

namespace phaselens::test {

constexpr double kTwoPi = 6.283185307179586476925286766559;

/// Deterministic uniform(−1, 1) vector.
inline Eigen::VectorXd randomVector(Eigen::Index n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    Eigen::VectorXd v(n);
    for (Eigen::Index i = 0; i < n; ++i) v[i] = u(rng);
    return v;
}

/// Deterministic uniform(−1, 1) matrix.
inline Eigen::MatrixXd randomMatrix(Eigen::Index rows, Eigen::Index cols, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index i = 0; i < rows; ++i)
        for (Eigen::Index j = 0; j < cols; ++j) m(i, j) = u(rng);
    return m;
}

/// Largest |a − b| over two equally shaped matrices (∞ when the shapes differ).
inline double maxAbsDiff(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) return INFINITY;
    if (a.size() == 0) return 0.0;
    return (a - b).cwiseAbs().maxCoeff();
}

/// Runs fn and checks that it throws std::invalid_argument whose message contains every fragment
/// (the parameter name and the offending value, per STYLE.md "Errors").
template <class Fn>
testing::AssertionResult throwsInvalidArgument(Fn&& fn, std::initializer_list<const char*> fragments) {
    try {
        fn();
    } catch (const std::invalid_argument& e) {
        const std::string msg = e.what();
        for (const char* f : fragments)
            if (msg.find(f) == std::string::npos)
                return testing::AssertionFailure() << "message \"" << msg << "\" does not contain \"" << f << "\"";
        return testing::AssertionSuccess() << "threw \"" << msg << "\"";
    } catch (const std::exception& e) {
        return testing::AssertionFailure() << "threw a non-invalid_argument exception: " << e.what();
    } catch (...) {
        return testing::AssertionFailure() << "threw a non-std exception";
    }
    return testing::AssertionFailure() << "did not throw";
}

}  // namespace phaselens::test
