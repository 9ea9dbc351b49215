#include "phaselens/alibi.h"

#include <cmath>
#include <stdexcept>

#include "internal.h"
#include "phaselens/validate.h"

namespace phaselens::core {

const char* alibiFormName(AlibiForm form) {
    switch (form) {
        case AlibiForm::Linear:
            return "linear";
        case AlibiForm::Symmetric:
            return "symmetric";
        case AlibiForm::KeyIndex:
            return "key-index";
    }
    return "linear";
}

AlibiForm alibiFormFromName(const std::string& name) {
    if (name == "linear") return AlibiForm::Linear;
    if (name == "symmetric") return AlibiForm::Symmetric;
    if (name == "key-index" || name == "key_index") return AlibiForm::KeyIndex;
    throw std::invalid_argument("alibi form must be one of linear, symmetric, key-index; got '" + name + "'");
}

Eigen::VectorXd alibiSlopes(int numHeads) {
    requireInRange("heads", numHeads, 1, kMaxAlibiHeads);
    int c = 1;
    while (c * 2 <= numHeads) c *= 2;  // largest power of two <= numHeads
    Eigen::VectorXd m(numHeads);
    for (int h = 0; h < c; ++h) m[h] = std::exp2(-8.0 * (h + 1) / c);
    for (int j = 0; j < numHeads - c; ++j) m[c + j] = std::exp2(-8.0 * (2 * j + 1) / (2.0 * c));
    return m;
}

double alibiBiasValue(double slope, int64_t i, int64_t j, AlibiForm form) {
    const double d = static_cast<double>(i - j);
    switch (form) {
        case AlibiForm::Linear:
            return -slope * d;
        case AlibiForm::Symmetric:
            return -slope * std::abs(d);
        case AlibiForm::KeyIndex:
            return slope * static_cast<double>(j);
    }
    return 0.0;
}

Eigen::MatrixXd alibiBias(double slope, int64_t n, AlibiForm form) {
    requireFinite("slope", slope);
    if (n < 0) throw std::invalid_argument("seq_len must be >= 0, got " + std::to_string(n));
    Eigen::MatrixXd b = detail::largeMatrix(n, n);
    if (n == 0) return b;
    // Linear and Symmetric depend on i − j only: the 2n − 1 values once, then one copy per column
    // (the same numbers as alibiBiasValue). KeyIndex is constant down a column.
    Eigen::VectorXd byOffset(2 * n - 1);  // byOffset[t] = value at i − j = t − (n − 1)
    if (form != AlibiForm::KeyIndex)
        for (int64_t t = 0; t < 2 * n - 1; ++t) byOffset[t] = alibiBiasValue(slope, t, n - 1, form);
    const int threads = n >= 256 ? detail::resolveThreadCount(0) : 1;
    detail::parallelChunks(n, threads, 1, [&](int64_t c0, int64_t c1) {
        for (int64_t j = c0; j < c1; ++j) {
            if (form == AlibiForm::KeyIndex)
                b.col(j).setConstant(alibiBiasValue(slope, 0, j, form));
            else
                b.col(j) = byOffset.segment(n - 1 - j, n);  // b(i, j) = byOffset[i − j + n − 1]
        }
    });
    return b;
}

}  // namespace phaselens::core
