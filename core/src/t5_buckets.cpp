#include "phaselens/t5_buckets.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace phaselens::core {

void validate(const T5BucketParams& p) {
    const int minBuckets = p.bidirectional ? 4 : 2;
    if (p.numBuckets < minBuckets || p.numBuckets > (1 << 20))
        throw std::invalid_argument("num_buckets must be in [" + std::to_string(minBuckets) + ", 1048576], got " +
                                    std::to_string(p.numBuckets));
    if (p.bidirectional && p.numBuckets % 2 != 0)
        throw std::invalid_argument("num_buckets must be even when bidirectional, got " + std::to_string(p.numBuckets));
    const int nb = p.bidirectional ? p.numBuckets / 2 : p.numBuckets;
    const int maxExact = nb / 2;
    if (p.maxDistance <= maxExact)
        throw std::invalid_argument("max_distance must be > max_exact = " + std::to_string(maxExact) + ", got " +
                                    std::to_string(p.maxDistance));
}

int t5Bucket(const T5BucketParams& p, int64_t rel) {
    validate(p);
    // |rel| beyond 2^62 lands in the last bucket anyway; clamping keeps −rel from overflowing.
    rel = std::clamp<int64_t>(rel, -(int64_t{1} << 62), int64_t{1} << 62);
    int nb = p.numBuckets;
    int bucket = 0;
    int64_t r;
    if (p.bidirectional) {
        nb /= 2;
        if (rel > 0) bucket += nb;
        r = rel < 0 ? -rel : rel;
    } else {
        r = rel < 0 ? -rel : 0;
    }
    const int maxExact = nb / 2;
    if (r < maxExact) return bucket + static_cast<int>(r);
    // float32 evaluation, as torch does: log(float(r)/max_exact) / float(log(max_distance/max_exact)) * (nb −
    // max_exact)
    const float ratio = static_cast<float>(r) / static_cast<float>(maxExact);
    const float denom = static_cast<float>(std::log(static_cast<double>(p.maxDistance) / maxExact));
    const float scaled = std::log(ratio) / denom * static_cast<float>(nb - maxExact);
    const int64_t large = std::min<int64_t>(maxExact + static_cast<int64_t>(scaled), nb - 1);
    return bucket + static_cast<int>(large);
}

Eigen::VectorXi t5Buckets(const T5BucketParams& p, const std::vector<int64_t>& rel) {
    validate(p);
    Eigen::VectorXi out(static_cast<Eigen::Index>(rel.size()));
    for (size_t k = 0; k < rel.size(); ++k) out[static_cast<Eigen::Index>(k)] = t5Bucket(p, rel[k]);
    return out;
}

Eigen::MatrixXi t5BucketMatrix(const T5BucketParams& p, int64_t nq, int64_t nk) {
    validate(p);
    if (nq < 0 || nk < 0) throw std::invalid_argument("seq_len must be >= 0");
    Eigen::MatrixXi m(nq, nk);
    for (int64_t j = 0; j < nk; ++j)
        for (int64_t i = 0; i < nq; ++i) m(i, j) = t5Bucket(p, j - i);
    return m;
}

}  // namespace phaselens::core
