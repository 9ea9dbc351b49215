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
/// A position-dependent query temperature (core/query_scale.h): none, Llama 4 (NoPE layers), Ministral 3 / Mistral 4.
enum class QueryTemperature { None, Llama4, Llama4Beta };
/// The position axis of the effective-logits view: logarithmic (positions 1 .. C) or linear (0 .. C).
enum class PositionAxis { Log, Linear };

/// The RoPE parameters of a fresh state: core::RopeParams' defaults (rope_scaling.h: head_dim 128, base 10000, no
/// scaling, beta_fast 32, beta_slow 1, low/high freq factor 1/4, truncate on), plus the two lengths the app always
/// keeps set: L0 = original_max_position_embeddings 4096 (training context of a scaled model; the extension views'
/// L0 and dynamic NTK's M while max_position_embeddings is unset) and dynamic NTK's current length seq_len 16384.
inline core::RopeParams defaultAppRope() {
    core::RopeParams p;
    p.originalMaxPositionEmbeddings = 4096;
    p.seqLen = 16384;
    return p;
}

struct AppState {
    // --- what is shown -------------------------------------------------------------------------
    View view = View::Ladder;  ///< the focused plot (export default, presentation mode)
    // --- shared parameters -----------------------------------------------------------------------
    // RoPE, as the core takes it (rope_scaling.h; ranges in the parameter table): head_dim 2..1024, rope_theta
    // 10 .. 1e8 (log slider), factor >= 1, lengths 1 .. 2^31. Unset optionals: maxPositionEmbeddings (dynamic NTK's M
    // falls back to L0), mscale / mscaleAllDim, attentionFactor (the type's own). seqLen is dynamic NTK's current
    // length; LongRoPE's list choice follows contextLength, and empty LongRoPE lists mean all ones (short) and all
    // `factor` (long) (views.h ropeParams).
    core::RopeParams rope = defaultAppRope();
    core::Pairing ropePairing = core::Pairing::HalfSplit;  ///< channel pairs: half-split (i, i + r/2) or (2i, 2i+1)
    int64_t contextLength = 4096;                          ///< positions shown, log slider 8 .. 2,147,483,648 (2^31)
    int64_t trainingContext = 4096;                        ///< marked on ladders; 1 .. 2,147,483,648
    core::Reduction reduction = core::Reduction::Mean;     ///< how a pixel summarizes a block of positions
    int maxPixels = 1024;                                  ///< heatmap resolution cap per axis, 64 .. 4096
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
    // --- the selected decoder layer of a layered model (layer_selection.h) --------------------------------------
    // A model is a stack of layers (config::LayerPlan); selecting layer K copies its RoPE into `rope` (and the
    // scores' scheme and mask), so every view shows layer K. These fields say which layer that was.
    std::string layerModel;                ///< where the plan came from: "preset:NAME" or a config path; "" = none
    int layerIndex = -1;                   ///< selected decoder layer, 0-based; -1 = none (the model's one-RoPE view)
    std::string layerPositional;           ///< its positional scheme: "rope", "nope", "none" (linear), ...; "" = none
    double ropeProportionalPartial = 0.0;  ///< proportional RoPE (Gemma 4 full layers): p in (0, 1]; 0 = ordinary
    // --- effective logits of the selected layer (views_logits.cpp; set by applyLayer, layer_selection.h) ----------
    // What multiplies q·k before the softmax besides RoPE: the query temperature rule and its constants
    // (core/query_scale.h), the softmax scale (HF self.scaling), the logit softcap and learned sinks.
    QueryTemperature queryTemperature = QueryTemperature::None;  ///< the layer's rule; None = q not rescaled
    double temperatureAttnScale = 0.1;                           ///< llama4 attn_scale (finite)
    double temperatureFloorScale = 8192.0;                       ///< llama4 floor_scale, positions, (0, 2^31]
    double temperatureBeta = 0.1;                                ///< llama4_beta β = llama_4_scaling_beta (finite)
    double temperatureL0 = 8192.0;                     ///< llama4_beta L0 = original_max_position_embeddings, (0, 2^31]
    PositionAxis temperatureAxis = PositionAxis::Log;  ///< position axis of the effective-logits view
    double layerSoftmaxScale = 0.0;  ///< the layer's softmax scale (HF self.scaling), > 0; 0 = unknown (no layer)
    double layerLogitSoftcap = 0.0;  ///< attn_logit_softcapping: s <- cap·tanh(s/cap); 0 = none
    bool layerSinks = false;         ///< learned per-head attention sinks (rows of the softmax sum below 1)

    bool operator==(const AppState&) const = default;
};

}  // namespace phaselens::model
