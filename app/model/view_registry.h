// PhaseLens model — the view registry: every plot PhaseLens can draw or export, described once.
//
// PHASELENS_VIEWS(X) lists each view as X(Id, "cli-name", Panel): View::Id, its `--view` name and the tab that shows
// it. The rest of a view's description sits next to its builder (views_<panel>.cpp) as the specialization
// viewDef<View::Id>(): builder, title, the AppState fields it reads, its colormap. buildView, defaultTitle,
// viewName/viewFromName, panelOf and the result cache's comparison are lookups into this table. A view missing its
// viewDef is a link error naming it; tests/ui/views/view_registry_test.cpp perturbs every AppState field and fails
// when a view's output changes while its declared inputs did not.
//
// Add a view: an X line here, viewDef + builder in a views_<panel>.cpp, a test (docs/ARCHITECTURE.md).
#pragma once

#include <string>
#include <vector>

#include "model/state_fields.h"

namespace phaselens::model {

struct AppState;
struct ViewResult;

// clang-format off
#define PHASELENS_VIEWS(X) \
    X(Ladder, "ladder", Ladder) /* position × pair heatmap of sin/cos/angle */ \
    X(Wavelengths, "wavelengths", Ladder) /* wavelength of every pair on a log axis, context and training context marked */ \
    X(PhaseCircle, "phase-circle", Phase) /* unit circle: rotated vector of selected pairs at positions 0..P as trails */ \
    X(PhaseSawtooth, "phase-sawtooth", Phase) /* phase p·θ mod 2π against position, with completed turns */ \
    X(Scores, "scores", Scores) /* attention score matrix (query rows × key columns) */ \
    X(Kernel, "kernel", Scores) /* s(Δ) against offset Δ */ \
    X(Alibi, "alibi", Bias) /* ALiBi bias matrices: every head small, one head large */ \
    X(AlibiSlopes, "alibi-slopes", Bias) /* slope of every head */ \
    X(T5, "t5", Bias) /* T5 bucket-index matrix */ \
    /* Wraparound and aliasing (the state's RoPE or sinusoidal frequencies): */ \
    X(Turns, "turns", Aliasing) /* turns per pair in the training and the target context, pairs without a full turn marked */ \
    X(Aliasing, "aliasing", Aliasing) /* angle step θᵢ·S per sampled position, its apparent frequency and the Nyquist limit π */ \
    X(LadderPoint, "ladder-point", Aliasing) /* the ladder with every pixel point-sampled (moiré once the context exceeds the pixels) */ \
    X(LadderMean, "ladder-mean", Aliasing) /* the same ladder with every pixel the mean over its block of positions */ \
    /* Context extension compared (PI, NTK, dynamic NTK, YaRN, Llama-3, LongRoPE at one factor): */ \
    X(ExtensionScale, "extension-scale", Extension) /* per-pair scale factor θᵢ/θ'ᵢ of every method (band map) */ \
    X(ExtensionWavelengths, "extension-wavelengths", Extension) /* wavelength per pair of every method, training and target contexts marked */ \
    X(ExtensionKernel, "extension-kernel", Extension) /* s(Δ) before and after every method, up to the target context */ \
    X(AttentionFactor, "attention-factor", Extension) /* attention factor and logit multiplier (its square) against the factor */ \
    /* Learned absolute tables (views_learned.h; a checkpoint's table or the seeded synthetic one): */ \
    X(LearnedTable, "learned-table", Learned) /* the table W: positions × dimensions */ \
    X(LearnedSimilarity, "learned-similarity", Learned) /* cosine similarity between positions */ \
    X(LearnedNorms, "learned-norms", Learned) /* row norm against position, positions >= T_max shaded (the cap) */ \
    X(LearnedPca, "learned-pca", Learned) /* first two principal components of the rows vs a sinusoidal table */ \
    X(LearnedSpectrum, "learned-spectrum", Learned) /* power spectrum of each dimension along positions */ \
    X(LearnedSinusoidalSpectrum, "learned-sinusoidal-spectrum", Learned) /* the same for the sinusoidal table of the same width (the ladder) */ \
    X(LearnedResized, "learned-resized", Learned) /* the table resized to learnedResize rows (linear interpolation) */ \
    X(LearnedResizedSimilarity, "learned-resized-similarity", Learned) /* cosine similarity of the resized table */ \
    /* Study figures of the papers (views_study.h): */ \
    X(StudyDecay, "study-decay", Study) /* RoFormer decay bound against Δ, PI/NTK variants */ \
    X(StudyBaseBound, "study-base-bound", Study) /* Men et al.: B_m against m for several bases */ \
    X(StudyBaseWindows, "study-base-windows", Study) /* Men et al.: valid windows of the base against L */ \
    X(StudyCriticalDim, "study-critical-dim", Study) /* Liu et al.: critical dimension on the wavelength plot */ \
    X(StudyYarnRamps, "study-yarn-ramps", Study) /* YaRN ramps of real configs */ \
    X(StudyPRope, "study-p-rope", Study) /* p-RoPE kept frequencies */ \
    X(StudySinks, "study-sinks", Study) /* attention-sink softmax mass */ \
    X(StudyPermutation, "study-permutation", Study) /* permutation equivariance of NoPE attention, broken by a causal mask or RoPE */ \
    /* Multimodal RoPE (views_mrope.h): */ \
    X(MropeAxes, "mrope-axes", Mrope) /* axis of every rotary pair, chunked vs interleaved */ \
    X(MropeLadder, "mrope-ladder", Mrope) /* wavelength per pair, one series per axis */ \
    X(MropePositions, "mrope-positions", Mrope) /* the three position-id rows of a text/image/video sequence */ \
    X(MropeSpatial, "mrope-spatial", Mrope) /* q·k of a query patch against every patch of an H×W grid */ \
    /* Effective logits of the selected layer (views_logits.cpp): */ \
    X(EffectiveLogits, "effective-logits", Scores) /* query temperature multiplier against position, rules compared */
// clang-format on

/// The panels (tabs) of the main window; every view belongs to one.
enum class Panel { Ladder, Phase, Scores, Bias, Aliasing, Extension, Learned, Study, Mrope, Count };

/// Every plot PhaseLens can draw or export (PHASELENS_VIEWS order).
enum class View {
#define PHASELENS_VIEW_ENUM(id, name, panel) id,
    PHASELENS_VIEWS(PHASELENS_VIEW_ENUM)
#undef PHASELENS_VIEW_ENUM
        Count
};
constexpr int kViewCount = static_cast<int>(View::Count);

/// What a view's builder file declares about it (viewDef<View::Id>() next to the builder).
struct ViewDef {
    /// The plot for a consistent state (dependent selections already clamped, see buildView in views.h).
    ViewResult (*build)(View view, const AppState& state) = nullptr;
    /// The title generated from the parameters.
    std::string (*title)(View view, const AppState& state) = nullptr;
    /// Every AppState field the output (plot, title, caption, warnings, errors) depends on, besides the common ones
    /// (kCommonViewInputs) and the custom title (which belongs to the focused view only).
    FieldSet inputs;
    /// The state key (state_io.h) of the colormap a `--colormap` flag sets for this view; nullptr = none.
    const char* colormapKey = nullptr;
};

/// Fields every view reads: the context and training context (validated for every view), the pixel cap and the
/// reduction of a pixel's block.
inline constexpr FieldSet kCommonViewInputs = {Field::contextLength, Field::trainingContext, Field::maxPixels,
                                               Field::reduction};

/// Defined for every view next to its builder.
template <View V>
ViewDef viewDef();

struct ViewInfo {
    View view;
    const char* name;  ///< the `--view` name
    Panel panel;
    ViewDef def;
};

/// The registry entry of `view` (throws std::invalid_argument for View::Count).
const ViewInfo& viewInfo(View view);
/// The `--view` name.
const char* viewName(View view);
/// Throws std::invalid_argument listing valid names.
View viewFromName(const std::string& name);
/// Every `--view` name, in registry order.
std::vector<std::string> viewNames();
Panel panelOf(View view);
const char* panelTitle(Panel panel);

}  // namespace phaselens::model
