// PhaseLens core — multimodal rotary position embedding (M-RoPE; Wang et al. 2024, "Qwen2-VL: Enhancing
// Vision-Language Model's Perception of the World at Any Resolution", arXiv:2409.12191, §2.1; Qwen2.5-VL
// technical report arXiv:2502.13923 §2.1.3 for absolute time; Qwen3-VL's interleaved layout).
//
// A token carries three position ids (t, h, w) instead of one. Every rotary pair j (frequency theta_j =
// base^(−2j/r), r = rotary_dim = int(head_dim · partial_rotary_factor), j = 0 .. r/2 − 1) is rotated by the
// id of ONE axis, axis_of_pair[j] ∈ {0 time, 1 height, 2 width}, chosen by mrope_section = [T, H, W]
// (numbers of pairs, T + H + W = r/2):
//   Chunked     (Qwen2-VL, Qwen2.5-VL: HF apply_multimodal_rotary_pos_emb splits cos/sin into the blocks
//               section·2): pairs 0 .. T−1 time, T .. T+H−1 height, T+H .. r/2−1 width.
//               [16, 24, 24] → 0–15 T, 16–39 H, 40–63 W.
//   Interleaved (Qwen3-VL, Qwen3.5, mrope_interleaved: true): pair j is height when j % 3 == 1 and j < 3H,
//               width when j % 3 == 2 and j < 3W, time otherwise. [24, 20, 20] reads T H W T H W … and the
//               pairs 60–63 are time; Qwen3.5 (head_dim 256 × 0.25 → 32 pairs) uses [11, 11, 10].
// Pairing is half-split (pair j = channels (j, j + r/2), HF rotate_half); channels r .. head_dim − 1 are
// not rotated. The frequencies are the default ones (legacy rope_scaling type "mrope" means "default").
//
// Position ids of a sequence (the Qwen2-VL / Qwen2.5-VL authors' get_rope_index, QwenLM qwen-vl-finetune
// rope2d.py): segments text:N, image:H×W, video:T×H×W (grids in LLM tokens, after the 2×2 spatial merge).
//   start(segment 0) = 0; start(k) = max over the three rows of every id of segment k−1, plus 1.
//   text   token n (0-based in the segment): (start + n, start + n, start + n).
//   vision token (f, r, c) — frame f, row r, column c, row-major within each frame, frames in order:
//          (start + tau(f), start + r, start + c); images have one frame and tau = 0.
//   tau(f) = f                                 without tokens_per_second (Qwen2-VL);
//          = floor(f · s · tokens_per_second)   with it (Qwen2.5-VL: 2), s = second_per_grid_t of the video
//                                              segment (default 1.0), computed in float64 as (f·s)·tps.
// So text after a video resumes at the video's largest id + 1, which may be a time id: Qwen2-VL
// text:1,video:4x1x1,text:1 → t 0 1 2 3 4 5, h and w 0 1 1 1 1 5.
// Two transformers behaviours differ and are selectable (MropeIndexOptions) to show the difference:
//   resumeAtStartPlusMaxHW  transformers since PR #43972 (Feb 2026): text after ANY vision segment resumes at
//                           start + max(H, W) (the same as the authors' rule for images, not for videos);
//   castSecondPerGridT      transformers before PR #48669 (Sep 2026): s is cast to an integer (truncated)
//                           before multiplying, so 0.5 s grids collapse to tau = 0.
//
// Scores between two tokens with position ids P (query) and Q (key), q and k of length head_dim:
//   s = Σ_j [ a_j·cos(phi_j) − b_j·sin(phi_j) ] + Σ_{c >= r} q_c·k_c,   phi_j = (P[axis_j] − Q[axis_j])·theta_j,
//   a_j = q_j·k_j + q_{j+r/2}·k_{j+r/2},  b_j = q_{j+r/2}·k_j − q_j·k_{j+r/2}
// which is (R(P) q)·(R(Q) k) with each pair rotated by +id·theta_j of its own axis. For all-ones q = k:
//   s = 2·Σ_j cos(phi_j) + (head_dim − r)   (the M-RoPE kernel; it is 2·r/2 + head_dim − r = head_dim at P = Q).
// The difference of ids is taken exactly in int64 and then multiplied by theta_j in float64.
#pragma once

#include <Eigen/Dense>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace phaselens::core {

/// Axis ids as they appear in axis_of_pair and as the rows of MropePositions.
constexpr int kMropeTime = 0, kMropeHeight = 1, kMropeWidth = 2;
/// "time", "height", "width" (throws std::invalid_argument for any other index).
const char* mropeAxisName(int axis);

enum class MropeLayout { Chunked, Interleaved };
/// "chunked" / "interleaved"; mropeLayoutFromName throws listing the valid names.
const char* mropeLayoutName(MropeLayout layout);
MropeLayout mropeLayoutFromName(const std::string& name);

/// mrope_section = [T, H, W]: numbers of rotary pairs per axis (time, height, width).
using MropeSection = std::array<int, 3>;

/// Throws std::invalid_argument naming mrope_section unless every entry is >= 0 and T + H + W == rotaryPairs
/// (rotary_dim / 2), e.g. "mrope_section [16, 24, 20] must sum to rotary_dim/2 = 64, got 60".
void validateMropeSection(const MropeSection& section, int rotaryPairs);

/// axis_of_pair[j], j = 0 .. rotaryPairs − 1 (see the header comment). Validates the section first.
Eigen::VectorXi mropeAxisOfPair(const MropeSection& section, MropeLayout layout, int rotaryPairs);

/// The decoder's rotary settings for M-RoPE.
struct MropeParams {
    int headDim = 128;                 ///< channels per head, even, >= 2
    double ropeTheta = 1.0e6;          ///< frequency base B, > 1 (Qwen2/2.5-VL 1e6, Qwen3-VL 5e6)
    double partialRotaryFactor = 1.0;  ///< (0, 1]; rotary_dim = int(head_dim · factor) (Qwen3.5: 0.25)
    MropeSection section{16, 24, 24};  ///< pairs per axis; must sum to rotary_dim / 2
    MropeLayout layout = MropeLayout::Chunked;
};

/// Validates head_dim, partial_rotary_factor, rope_theta and mrope_section (messages name the field).
void validate(const MropeParams& p);
/// r = int(head_dim · partial_rotary_factor) (validated).
int mropeRotaryDim(const MropeParams& p);
/// theta_j = base^(−2j/r), shape r/2 (validated).
Eigen::VectorXd mropeInvFreq(const MropeParams& p);
/// axis_of_pair for p (validated), shape r/2.
Eigen::VectorXi mropeAxisOfPair(const MropeParams& p);

// -----------------------------------------------------------------------------------------------------------------
// Sequences
// -----------------------------------------------------------------------------------------------------------------

enum class MropeSegmentKind { Text, Image, Video };

/// One segment. Text uses `length`; image uses h, w (t = 1); video uses t, h, w. Every count >= 1.
struct MropeSegment {
    MropeSegmentKind kind = MropeSegmentKind::Text;
    int64_t length = 1;  ///< text tokens
    int64_t t = 1;       ///< video frames (temporal grid, after temporal patching)
    int64_t h = 1;       ///< grid rows in LLM tokens (after spatial merge)
    int64_t w = 1;       ///< grid columns in LLM tokens
};

/// Cap on the tokens of one sequence (2^22 = 4,194,304; 3 ids each).
constexpr int64_t kMaxMropeTokens = int64_t{1} << 22;

/// Parses "text:N,image:HxW,video:TxHxW,..." (blanks around items ignored). Throws std::invalid_argument naming
/// `sequence` and the bad item, e.g. "sequence item 2 'image:2' must be image:HxW". Counts are decimal
/// integers >= 1; the total must not exceed kMaxMropeTokens (checked without overflow).
std::vector<MropeSegment> parseMropeSequence(const std::string& spec);
/// The spec text of segments ("text:3,image:2x3,text:2").
std::string mropeSequenceSpec(const std::vector<MropeSegment>& segments);
/// Tokens of one segment (t·h·w for video). Throws naming `sequence` when a count is < 1 or the product
/// exceeds kMaxMropeTokens (checked in int64 without overflow).
int64_t mropeSegmentTokens(const MropeSegment& segment);
/// Total tokens L (validated as above; an empty list is an error).
int64_t mropeSequenceLength(const std::vector<MropeSegment>& segments);
/// Number of video segments.
int mropeVideoCount(const std::vector<MropeSegment>& segments);

/// How the ids of a sequence are built (defaults: the model authors' rule, Qwen2-VL timing).
struct MropeIndexOptions {
    /// tokens_per_second (Qwen2.5-VL vision_config: 2); <= 0 means "not set" (Qwen2-VL: tau = frame index).
    double tokensPerSecond = 0.0;
    /// second_per_grid_t per video segment, in order; empty = 1.0 for every video; one value = every video.
    /// Otherwise the size must equal the number of video segments. Each value finite and >= 0.
    std::vector<double> secondPerGridT;
    bool resumeAtStartPlusMaxHW = false;  ///< transformers >= PR #43972 instead of the authors' max + 1
    bool castSecondPerGridT = false;      ///< transformers < PR #48669: s truncated to an integer first
};

/// The 3 × L position ids (rows t, h, w) of the sequence. Throws std::invalid_argument naming `sequence`,
/// `second_per_grid_t` or `tokens_per_second` for bad input, or when an id would exceed 2^53.
using MropePositions = Eigen::Matrix<int64_t, 3, Eigen::Dynamic>;
MropePositions mropePositionIds(const std::vector<MropeSegment>& segments, const MropeIndexOptions& options = {});

/// The first token index of every segment (size segments.size()), for labelling.
std::vector<int64_t> mropeSegmentOffsets(const std::vector<MropeSegment>& segments);

// -----------------------------------------------------------------------------------------------------------------
// Scores
// -----------------------------------------------------------------------------------------------------------------

/// (R(P) q)·(R(Q) k) for one query/key pair (formula in the header comment). q and k have length head_dim.
double mropeScore(const MropeParams& p, const Eigen::VectorXd& q, const Eigen::VectorXd& k,
                  const Eigen::Vector<int64_t, 3>& queryIds, const Eigen::Vector<int64_t, 3>& keyIds);

/// Scores of one query against every key column of `keyIds` (3 × N): out[n] = mropeScore(q, k, P, keyIds.col(n)).
/// The same k is used for every key (a positional probe, as the all-ones/random views of RoPE).
Eigen::VectorXd mropeScores(const MropeParams& p, const Eigen::VectorXd& q, const Eigen::VectorXd& k,
                            const Eigen::Vector<int64_t, 3>& queryIds, const MropePositions& keyIds);

/// All-ones kernel 2·Σ_j cos(phi_j) + (head_dim − r) against every key column.
Eigen::VectorXd mropeKernelOnes(const MropeParams& p, const Eigen::Vector<int64_t, 3>& queryIds,
                                const MropePositions& keyIds);

}  // namespace phaselens::core
