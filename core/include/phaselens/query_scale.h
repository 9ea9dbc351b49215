// PhaseLens core — what multiplies q·k before the softmax beyond RoPE: MLA's YaRN mscale and the
// position-dependent query temperatures of Llama 4 and Ministral 3 / Mistral 4. Pure float64 functions.
//
//   mscale(s, m)        = 0.1·m·ln(s) + 1 for s > 1, else 1 (DeepSeek-V2/V3 yarn_get_mscale).
//   MLA softmax scale   = qk_head_dim^(−1/2) · mscale(s, mscale_all_dim)²  (DeepSeek-V3: 192^(−1/2)·(0.1 ln 40 + 1)²
//                         = 0.13523), applied when the rope is scaled and mscale_all_dim is non-zero.
//   llama4 temperature  = 1 + attn_scale · ln(1 + floor((p + 1) / floor_scale))   (HF Llama4TextAttention, Meta
//                         llama-models llama4/model.py; NoPE layers only; p is the absolute 0-based position)
//   llama4_beta         = 1 + β · ln(1 + floor(p / L0))   (HF get_llama_4_attn_scale, Ministral 3 / Mistral 4, every
//                         layer; L0 = original_max_position_embeddings; called with 0-based position_ids)
// The two temperatures differ by one position: with floor_scale = L0 = 8192 the first rises at p = 8191, the
// second at p = 8192. Both multiply q (so the logits) and are 1 at p = 0.
#pragma once

#include <cstdint>

namespace phaselens::core {

/// 0.1·m·ln(s) + 1 when s > 1, else 1. Throws std::invalid_argument unless s and m are finite.
double yarnMscale(double factor, double mscale);

/// qkHeadDim^(−1/2) · yarnMscale(factor, mscaleAllDim)². qkHeadDim >= 1 (named "qk_head_dim" when rejected).
double mlaSoftmaxScale(int qkHeadDim, double factor, double mscaleAllDim);

/// Llama 4 query temperature at absolute position p >= 0 (attn_scale finite, floor_scale > 0).
double llama4QueryScale(int64_t position, double attnScale, double floorScale);

/// Ministral 3 / Mistral 4 query temperature at absolute position p >= 0 (beta finite, original length > 0).
double llama4BetaQueryScale(int64_t position, double beta, double originalMaxPositionEmbeddings);

}  // namespace phaselens::core
