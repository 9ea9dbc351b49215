// PhaseLens app — AppState: every slider and toggle of the desktop app, in one plain aggregate.
//
// Each field has its unit and range in a trailing comment. Widgets write these fields; the
// ResultCache (results.h) compares the parts each result depends on and recomputes only what a
// change affects, once per change, never per frame. The "parameter part" (everything except
// window-only UI fields) is what sessions, --state files and export sidecars serialize (state_io.h),
// so a saved state reproduces exactly the same plot.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/view_registry.h"
#include "model/view_window.h"
#include "phaselens/alibi.h"
#include "phaselens/attention.h"
#include "phaselens/heatmap.h"
#include "phaselens/rope.h"
#include "phaselens/rope_scaling.h"
#include "phaselens/sinusoidal.h"
#include "render/colormap.h"

namespace phaselens::model {

enum class LadderScheme { Rope, Sinusoidal };
using LadderQuantity = core::LadderRequest::Quantity;  ///< Sin, Cos, AngleRaw, AngleWrapped
enum class ScoreSource { Ones, Random, RepeatedToken };
enum class ScoreScheme { Rope, Xpos, NoPE };
using render::Colormap;
enum class ThemeChoice { Light, Dark };

struct RopeState {
    int headDim = 128;                 ///< channels per head, even, 2..1024
    double base = 10000.0;             ///< rope_theta, log slider 10 .. 1e8
    double partialRotaryFactor = 1.0;  ///< (0, 1]; rotary_dim = int(head_dim·p)
    core::Pairing pairing = core::Pairing::HalfSplit;
    core::RopeType type = core::RopeType::Default;
    double factor = 1.0;                           ///< scaling factor s >= 1
    int64_t originalMaxPositionEmbeddings = 4096;  ///< L0, the training context of the scaled model
    int64_t dynamicSeqLen = 16384;                 ///< dynamic NTK: current sequence length L
    double betaFast = 32.0;                        ///< YaRN β_fast (rotations)
    double betaSlow = 1.0;                         ///< YaRN β_slow (rotations)
    double mscale = 0.0;                           ///< YaRN mscale (0 = unset)
    double mscaleAllDim = 0.0;                     ///< YaRN mscale_all_dim (0 = unset)
    double lowFreqFactor = 1.0;                    ///< Llama-3 low_freq_factor
    double highFreqFactor = 4.0;                   ///< Llama-3 high_freq_factor
    std::vector<double> shortFactor;               ///< LongRoPE short list (r/2 entries; empty = all ones)
    std::vector<double> longFactor;                ///< LongRoPE long list (r/2 entries; empty = all `factor`)
    core::LongRopeRule longRopeRule = core::LongRopeRule::Auto;
    bool yarnTruncate = true;  ///< YaRN: floor/ceil the correction range (GPT-OSS: rope_scaling.truncate false)

    bool operator==(const RopeState&) const = default;
};

struct AppState {
    // --- what is shown -------------------------------------------------------------------------
    View view = View::Ladder;  ///< the focused plot (export default, presentation mode)
    // --- shared parameters -----------------------------------------------------------------------
    RopeState rope;
    int64_t contextLength = 4096;                       ///< positions shown, log slider 8 .. 2,147,483,648 (2^31)
    int64_t trainingContext = 4096;                     ///< marked on ladders; 1 .. 2,147,483,648
    core::Reduction reduction = core::Reduction::Mean;  ///< how a pixel summarizes a block of positions
    int maxPixels = 1024;                               ///< heatmap resolution cap per axis, 64 .. 4096
    // --- frequency ladder --------------------------------------------------------------------------
    LadderScheme ladderScheme = LadderScheme::Rope;
    LadderQuantity ladderQuantity = LadderQuantity::Cos;
    core::SinusoidalLayout sinusoidalLayout = core::SinusoidalLayout::Interleaved;
    int sinusoidalDModel = 128;  ///< sinusoidal d_model, even, 2..4096 (base shared with RoPE)
    Colormap ladderColormap = Colormap::Diverging;
    double positionStride = 1.0;  ///< S: ladders sample positions 0, S, 2S, ... < C; (0, 1e6].
                                  ///< A pair aliases when θᵢ·S > π (aliasing view, Nyquist line)
    int64_t positionMarker = -1;  ///< position marked on position axes (animations), −1 = none
    // --- rotation phase ------------------------------------------------------------------------------
    std::vector<int> phasePairs = {12, 28, 44};  ///< pairs drawn on the circle/sawtooth (0-based), up to 6
    int64_t phasePositions = 64;                 ///< trail length P: positions 0..P, 1 .. 2,147,483,648
    // --- attention scores ----------------------------------------------------------------------------
    ScoreScheme scoreScheme = ScoreScheme::Rope;
    ScoreSource scoreSource = ScoreSource::Ones;
    uint64_t seed = 1;          ///< random q/k and repeated-token seed
    bool scaleBySqrtD = false;  ///< divide scores by sqrt(head_dim)
    core::MaskType mask = core::MaskType::None;
    int64_t slidingWindow = 256;   ///< keys visible per query under the sliding-window mask
    bool softmax = false;          ///< row softmax over keys
    double xposScaleBase = 512.0;  ///< xPos scale_base (> 0)
    Colormap scoresColormap = Colormap::Viridis;
    // --- bias matrices --------------------------------------------------------------------------------
    int alibiHeads = 8;               ///< 1 .. 128
    int alibiSelectedHead = 0;        ///< 0-based head shown large
    bool alibiSlopeOverride = false;  ///< use alibiSlopeValue for the selected head
    double alibiSlopeValue = 0.5;     ///< per-head override slope (> 0)
    core::AlibiForm alibiForm = core::AlibiForm::Linear;
    bool alibiCausal = true;      ///< mask j > i (the paper's causal matrix)
    int t5NumBuckets = 32;        ///< T5 relative_attention_num_buckets
    int t5MaxDistance = 128;      ///< T5 relative_attention_max_distance
    bool t5Bidirectional = true;  ///< encoder (true) or decoder (false)
    int64_t biasContext = 64;     ///< positions of the bias matrices, 2 .. 2,147,483,648
    Colormap biasColormap = Colormap::Magma;
    // --- context extension compared ------------------------------------------------------------------
    // Every method at one factor s for rope.base / rope.headDim; training context L0 =
    // rope.originalMaxPositionEmbeddings, target context round(s·L0); YaRN, Llama-3 and LongRoPE
    // parameters (betas, freq factors, lists, mscale) come from `rope`.
    double extensionFactor = 8.0;            ///< s compared across the methods, 1 .. 128
    int64_t extensionCurrentLength = 16384;  ///< dynamic NTK's current sequence length L, 1 .. 2^31
    // --- presentation --------------------------------------------------------------------------------
    ThemeChoice theme = ThemeChoice::Dark;
    float fontScale = 1.0f;  ///< 0.5 .. 3
    std::string title;       ///< empty = generated from the parameters
    // --- learned absolute tables (learned-* views) -----------------------------------------------------
    std::string learnedTablePath;     ///< .npy, .safetensors, model.safetensors.index.json or a folder; "" = synthetic
    std::string learnedTensor;        ///< tensor name in the checkpoint; "" = found by its usual name (wpe.weight, ...)
    int64_t learnedPositions = 1024;  ///< synthetic table rows T_max, 2 .. 65536
    int learnedDim = 64;              ///< synthetic table width d, 1 .. 4096
    uint64_t learnedSeed = 1;         ///< synthetic table seed
    int64_t learnedResize = 2048;     ///< rows after resizing (learned-resized*), 1 .. 65536
    bool learnedAlignCorners = false;  ///< resize with align_corners=True
    Colormap learnedColormap = Colormap::Diverging;
    // --- appended by later features ------------------------------------------------------------------
    bool showUnseenVeil = true;  ///< ladder: veil the phases the pretrained model never reached (core/pretraining.h)
    // --- multimodal RoPE (views_mrope.h) ---------------------------------------------------------------
    // head_dim, rope_theta and partial_rotary_factor come from `rope`; sections, sequence and grid from here.
    std::vector<int> mropeSection = {16, 24, 24};  ///< mrope_section [T, H, W] pairs per axis, sum = rotary_dim/2
    bool mropeInterleaved = false;                 ///< Qwen3-VL / Qwen3.5 layout; false = chunked (Qwen2/2.5-VL)
    std::string mropeSequence = "text:3,image:4x6,text:2,video:4x2x3,text:2";  ///< text:N,image:HxW,video:TxHxW
    double mropeTokensPerSecond = 0.0;     ///< vision tokens_per_second (Qwen2.5-VL 2); 0 = unset: t index = frame
    double mropeSecondPerGridT = 1.0;      ///< second_per_grid_t of every video segment, >= 0 (seconds)
    bool mropeResumeMaxHW = true;          ///< overlay: transformers >= PR #43972 resumes text at start + max(H, W)
    bool mropeCastSecondPerGridT = false;  ///< overlay: transformers < PR #48669 truncates second_per_grid_t
    int mropeGridT = 4;                    ///< spatial map: frames T, 1 .. 64
    int mropeGridH = 24;                   ///< spatial map: rows H (LLM tokens after merge), 1 .. 256
    int mropeGridW = 32;                   ///< spatial map: columns W, 1 .. 256
    int mropeQueryFrame = 0;               ///< query patch frame, 0 .. T-1
    int mropeQueryRow = 12;                ///< query patch row, 0 .. H-1
    int mropeQueryCol = 16;                ///< query patch column, 0 .. W-1
    int mropeKeyFrame = 0;                 ///< frame of the keys drawn, 0 .. T-1
    bool mropeRandomQk = false;            ///< seeded random q/k (`seed`) instead of all-ones
    // --- deep zoom (view_window.h) ------------------------------------------------------------------------
    ViewWindows windows;  ///< visible window of each view in data units (zoom/pan, export --x-range/--y-range);
                          ///< whole = everything. Not saved in state files; undo ignores it

    bool operator==(const AppState&) const = default;
};

}  // namespace phaselens::model
