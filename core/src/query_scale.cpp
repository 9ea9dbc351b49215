#include "phaselens/query_scale.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "phaselens/validate.h"

namespace phaselens::core {

double yarnMscale(double factor, double mscale) {
    requireFinite("factor", factor);
    requireFinite("mscale", mscale);
    return factor <= 1.0 ? 1.0 : 0.1 * mscale * std::log(factor) + 1.0;
}

double mlaSoftmaxScale(int qkHeadDim, double factor, double mscaleAllDim) {
    if (qkHeadDim < 1) throw std::invalid_argument("qk_head_dim must be >= 1, got " + std::to_string(qkHeadDim));
    const double m = yarnMscale(factor, mscaleAllDim);
    return m * m / std::sqrt(static_cast<double>(qkHeadDim));
}

namespace {
void checkPosition(int64_t position) {
    if (position < 0) throw std::invalid_argument("position must be >= 0, got " + std::to_string(position));
}
}  // namespace

double llama4QueryScale(int64_t position, double attnScale, double floorScale) {
    checkPosition(position);
    requireFinite("attn_scale", attnScale);
    requirePositive("floor_scale", floorScale);
    const double steps = std::floor((static_cast<double>(position) + 1.0) / floorScale);
    return 1.0 + attnScale * std::log1p(steps);
}

double llama4BetaQueryScale(int64_t position, double beta, double originalMaxPositionEmbeddings) {
    checkPosition(position);
    requireFinite("llama_4_scaling_beta", beta);
    requirePositive("original_max_position_embeddings", originalMaxPositionEmbeddings);
    const double steps = std::floor(static_cast<double>(position) / originalMaxPositionEmbeddings);
    return 1.0 + beta * std::log1p(steps);
}

}  // namespace phaselens::core
