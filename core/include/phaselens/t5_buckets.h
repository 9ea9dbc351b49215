// PhaseLens core — T5 relative-position buckets (Raffel et al. 2020, "Exploring the Limits of Transfer
// Learning", arXiv:1910.10683; HF T5Attention._relative_position_bucket / Mesh TensorFlow).
//
// relative_position = key position − query position (positive = the key is in the future).
//   bidirectional:  nb = num_buckets/2; bucket offset nb when relative_position > 0; r = |relative_position|
//   unidirectional: nb = num_buckets;   r = max(−relative_position, 0) (every future key → bucket 0)
//   max_exact = nb/2 (integer division). r < max_exact → bucket r; otherwise
//   max_exact + trunc(ln(r/max_exact) / ln(max_distance/max_exact) · (nb − max_exact)), capped at nb − 1.
// The reference evaluates the logarithm in float32 (torch); this implementation does the same so that
// ids on bucket boundaries match the reference exactly.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace phaselens::core {

struct T5BucketParams {
    int numBuckets = 32;    ///< >= 2 (bidirectional: even and >= 4)
    int maxDistance = 128;  ///< > max_exact
    bool bidirectional = true;
};

/// Throws std::invalid_argument naming num_buckets or max_distance.
void validate(const T5BucketParams& params);

/// Bucket id for one relative position (key − query).
int t5Bucket(const T5BucketParams& params, int64_t relativePosition);

/// Bucket ids for many relative positions.
Eigen::VectorXi t5Buckets(const T5BucketParams& params, const std::vector<int64_t>& relativePositions);

/// Nq × Nk matrix of bucket ids, [i][j] = bucket(j − i).
Eigen::MatrixXi t5BucketMatrix(const T5BucketParams& params, int64_t nq, int64_t nk);

}  // namespace phaselens::core
