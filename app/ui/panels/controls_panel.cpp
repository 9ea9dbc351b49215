#include <imgui.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include "model/scaling_defaults.h"
#include "model/state_io.h"
#include "phaselens/rope_scaling.h"
#include "ui/file_open.h"
#include "ui/ui_context.h"
#include "ui/widgets.h"

namespace phaselens::ui {

namespace {

// The scaling combo shows the core RoPE-type table's labels, in enum order.
const std::array<const char*, core::kRopeTypeCount> kRopeTypeLabels = [] {
    std::array<const char*, core::kRopeTypeCount> out{};
    for (int i = 0; i < core::kRopeTypeCount; ++i) out[i] = core::ropeTypes()[i].label;
    return out;
}();
const char* kPairings[] = {"half-split (HF rotate_half)", "interleaved (Meta / GPT-J)"};
const char* kReductions[] = {"point sample", "mean over block", "min over block", "max over block"};
const char* kQuantities[] = {"sin(p·θ)", "cos(p·θ)", "angle p·θ", "angle mod 2π"};
const char* kSchemes[] = {"RoPE", "sinusoidal"};
const char* kLayouts[] = {"interleaved (Vaswani)", "concatenated [sin | cos]"};
const char* kColormaps[] = {"viridis", "magma", "cividis", "diverging"};
const char* kScoreSchemes[] = {"RoPE", "xPos", "NoPE (mask only)"};
const char* kSources[] = {"all ones", "seeded random", "one token repeated"};
const char* kMasks[] = {"none", "causal", "sliding window"};
const char* kForms[] = {"paper −m(i−j)", "symmetric −m|i−j|", "key index m·j (BLOOM)"};
const char* kThemes[] = {"light", "dark"};
const char* kLongRules[] = {"auto", "seq_len > original (newer HF)", "factor > 1 (HF 4.45)"};
const char* kTemperatureRules[] = {"none", "llama4 (Llama 4 NoPE layers)", "llama4_beta (Ministral 3)"};

// The error of any view, shown at the top of the controls next to the inputs that caused it.
void drawErrors(UiContext& ui) {
    for (size_t v = 0; v < static_cast<size_t>(View::Count); ++v) {
        const CachedView& e = ui.cache.peek(static_cast<View>(v));
        if (e.error.empty()) continue;
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1.0f));
        ImGui::TextWrapped("%s: %s", viewName(static_cast<View>(v)), e.error.c_str());
        ImGui::PopStyleColor();
    }
}

void drawRopeControls(AppState& s, UiContext& ui) {
    core::RopeParams& r = s.rope;
    comboEnum(
        "ladder scheme", s.ladderScheme, kSchemes, 2,
        "RoPE: theta_i = base^(-2i/r) per pair. Sinusoidal (Vaswani): omega_k = base^(-2k/d) in sin/cos channels.");
    sliderDouble("base", r.base, 10.0, 1e8, true, 0, "%.6g",
                 "rope_theta / sinusoidal base. theta_i = base^(-2i/rotary_dim): a larger base slows every pair "
                 "except pair 0 (wavelength 2*pi*base^(2i/r)).");
    sliderInt("head dim", r.headDim, 2, 512, 2,
              "Channels per head d. rotary_dim r = int(d * partial_rotary_factor) must be even; r/2 pairs.");
    sliderDouble("partial rotary", r.partialRotaryFactor, 0.05, 1.0, false, 0.05, "%.3f",
                 "partial_rotary_factor (GPT-NeoX rotary_pct): only the first r = int(d*p) channels rotate; "
                 "frequencies use r, not d: theta_i = base^(-2i/r).");
    comboEnum("pairing", s.ropePairing, kPairings, 2,
              "Which channels form pair i: half-split (i, i + r/2) as HF LLaMA/GPT-NeoX, or interleaved (2i, 2i+1) "
              "as Meta LLaMA/GPT-J. Same frequencies, different vectors.");
    const core::RopeType previousType = r.type;
    if (comboEnum("scaling", r.type, kRopeTypeLabels.data(), core::kRopeTypeCount,
                  "linear: theta/s. ntk: base' = base*s^(r/(r-2)). dynamic: base' = base*(s*L/M-(s-1))^(r/(r-2)). "
                  "yarn: ramp between theta and theta/s over the correction range. llama3: keep / blend / divide by "
                  "wavelength band. longrope: theta_i / f_i per pair. Choosing a type at factor 1 sets a factor "
                  "(context / training context, or the type's usual value) and says so.")) {
        const std::string note = applyScalingDefaults(s, previousType);
        if (!note.empty()) ui.status = note;
    }
    // Each type shows the fields it reads (core::RopeTypeInfo::uses).
    using F = core::RopeField;
    const core::RopeFieldSet uses = core::ropeTypeInfo(r.type).uses;
    if (uses.has(F::Factor))
        sliderDouble("factor s", r.factor, 1.0, 128.0, true, 0, "%.4g",
                     "Scaling factor s >= 1: the target context over the training context.");
    if (uses.has(F::OriginalMaxPositionEmbeddings)) {
        int64_t l0 = r.originalMaxPositionEmbeddings.value_or(defaultAppRope().originalMaxPositionEmbeddings.value());
        if (sliderInt64("original length", l0, 64, kMaxContext, true, 0,
                        "original_max_position_embeddings L0 (the model's training context; dynamic NTK's M unless "
                        "max_position_embeddings is set)."))
            r.originalMaxPositionEmbeddings = l0;
    }
    if (uses.has(F::MaxPositionEmbeddings) && r.type == core::RopeType::Dynamic)
        optionalSliderInt64("max positions M", r.maxPositionEmbeddings, r.originalMaxPositionEmbeddings.value_or(1), 64,
                            kMaxContext, true, 0,
                            "max_position_embeddings M of dynamic NTK; unset: M = L0 (the original length).");
    // Only dynamic NTK takes its own current length; LongRoPE's list choice follows the context length.
    if (r.type == core::RopeType::Dynamic) {
        int64_t len = r.seqLen.value_or(defaultAppRope().seqLen.value());
        if (sliderInt64("current length L", len, 1, kMaxContext, true, 0,
                        "Dynamic NTK recomputes base' for the current sequence length L = max(seq_len, M)."))
            r.seqLen = len;
    }
    if (uses.has(F::BetaFast))
        sliderDouble("beta fast", r.betaFast, 1.0, 128.0, true, 0, "%.3g",
                     "Pairs completing more than beta_fast turns in L0 keep theta (extrapolate): "
                     "low = floor(r*ln(L0/(2*pi*beta_fast))/(2 ln base)).");
    if (uses.has(F::BetaSlow))
        sliderDouble("beta slow", r.betaSlow, 0.01, 32.0, true, 0, "%.3g",
                     "Pairs completing fewer than beta_slow turns in L0 use theta/s (interpolate): "
                     "high = ceil(r*ln(L0/(2*pi*beta_slow))/(2 ln base)).");
    if (uses.has(F::Mscale))
        optionalSliderDouble(
            "mscale", r.mscale, 1.0, 0.0, 4.0, false, 0.1, "%.3g",
            "DeepSeek-V3 style: attention factor = (0.1*mscale*ln s + 1)/(0.1*mscale_all_dim*ln s + 1) when both are "
            "set and non-zero (else 0.1 ln s + 1). Logits scale by its square.");
    if (uses.has(F::MscaleAllDim))
        optionalSliderDouble("mscale all dim", r.mscaleAllDim, 1.0, 0.0, 4.0, false, 0.1, "%.3g", "See mscale.");
    if (uses.has(F::LowFreqFactor))
        sliderDouble("low freq factor", r.lowFreqFactor, 0.1, 16.0, true, 0, "%.3g",
                     "Wavelengths above L0/low_freq_factor are divided by the factor.");
    if (uses.has(F::HighFreqFactor))
        sliderDouble("high freq factor", r.highFreqFactor, 0.1, 64.0, true, 0, "%.3g",
                     "Wavelengths below L0/high_freq_factor are kept; between the two bands theta blends "
                     "linearly in frequency: s = (L0/lambda - low)/(high - low).");
    if (uses.has(F::LongRopeRule))
        comboEnum("long/short rule", r.longRopeRule, kLongRules, 3,
                  "Which LongRoPE list is active: newer transformers use long iff seq_len > L0; 4.45 used long "
                  "whenever factor > 1. Auto: by seq_len (= the context length here).");
    optionalSliderDouble("attention factor", r.attentionFactor, 1.0, 0.01, 16.0, true, 0, "%.4g",
                         "rope_scaling.attention_factor: multiplies cos and sin (logits by its square). Unset: the "
                         "type's own (yarn 0.1 ln s + 1, longrope sqrt(1 + ln s / ln L0), else 1).");
}

void drawContextControls(AppState& s) {
    sliderInt64("context", s.contextLength, 8, kMaxContext, true, 0,
                "Positions shown (C). Above the heatmap's pixel count each pixel summarizes a block of positions.");
    sliderInt64("training context", s.trainingContext, 8, kMaxContext, true, 0,
                "T: marked on ladders; pairs with T*theta < 2*pi never complete a turn in training.");
    comboEnum("pixel shows", s.reduction, kReductions, 4,
              "How one pixel summarizes its block of positions: point sampling shows aliasing (moire); mean, min "
              "and max show the envelope.");
    sliderInt("max pixels", s.maxPixels, 64, 4096, 64, "Heatmap resolution cap per axis (values computed per pixel).");
}

void drawViewControls(AppState& s) {
    if (ImGui::CollapsingHeader("Ladder", ImGuiTreeNodeFlags_DefaultOpen)) {
        comboEnum("quantity", s.ladderQuantity, kQuantities, 4, "Value per (pair i, position p).");
        if (ImGui::RadioButton("angle raw", s.ladderQuantity == LadderQuantity::AngleRaw))
            s.ladderQuantity = LadderQuantity::AngleRaw;
        ImGui::SameLine();
        if (ImGui::RadioButton("angle mod 2π", s.ladderQuantity == LadderQuantity::AngleWrapped))
            s.ladderQuantity = LadderQuantity::AngleWrapped;
        tooltip("The ladder's angle p*theta_i, raw (grows without bound) or wrapped to [0, 2*pi).");
        comboEnum("ladder colors", s.ladderColormap, kColormaps, 4, "Colormap (diverging suits signed sin/cos).");
        if (s.ladderScheme == LadderScheme::Sinusoidal) {
            sliderInt("d_model", s.sinusoidalDModel, 2, 1024, 2, "Sinusoidal width d (even).");
            comboEnum("layout", s.sinusoidalLayout, kLayouts, 2,
                      "Channel order of the table: Vaswani interleaved or fairseq/GPT-J concatenated.");
        }
    }
    if (ImGui::CollapsingHeader("Rotation phase")) {
        for (size_t i = 0; i < s.phasePairs.size(); ++i) {
            char label[32];
            std::snprintf(label, sizeof label, "pair %zu", i + 1);
            sliderInt(label, s.phasePairs[i], 0, 511, 1, "Pair index i (0 = fastest).");
        }
        if (s.phasePairs.size() < 6 && ImGui::SmallButton("add pair")) s.phasePairs.push_back(0);
        if (!s.phasePairs.empty()) {
            ImGui::SameLine();
            if (ImGui::SmallButton("remove pair")) s.phasePairs.pop_back();
        }
        sliderInt64("trail positions", s.phasePositions, 1, kMaxContext, true, 0,
                    "P: the circle shows the rotated unit vector at positions 0..P.");
    }
    if (ImGui::CollapsingHeader("Attention scores", ImGuiTreeNodeFlags_DefaultOpen)) {
        comboEnum("scores scheme", s.scoreScheme, kScoreSchemes, 3,
                  "RoPE: (R_m q)·(R_n k). xPos: RoPE times zeta_i^((m-n)/scale_base). NoPE: only the causal mask.");
        comboEnum("q, k", s.scoreSource, kSources, 3,
                  "all ones: 2*af^2*sum cos(delta*theta_i); random: seeded N(0,1) per position; repeated: one "
                  "random token at every position (Toeplitz).");
        int seed = static_cast<int>(s.seed);
        if (s.scoreSource != ScoreSource::Ones && sliderInt("seed", seed, 0, 9999, 1, "Random vectors' seed."))
            s.seed = static_cast<uint64_t>(seed);
        checkbox("÷ sqrt(d)", s.scaleBySqrtD, "Scale logits by 1/sqrt(head_dim).");
        ImGui::SameLine();
        checkbox("softmax", s.softmax, "Row softmax over keys (numerically stable; masked keys get 0).");
        comboEnum("mask", s.mask, kMasks, 3, "causal: key j visible iff j <= i. sliding window: 0 <= i - j < w.");
        if (s.mask == core::MaskType::SlidingWindow)
            sliderInt64("window", s.slidingWindow, 1, kMaxContext, true, 0, "Keys visible per query.");
        if (s.scoreScheme == ScoreScheme::Xpos)
            sliderDouble("xPos scale base", s.xposScaleBase, 2.0, 1e5, true, 0, "%.4g",
                         "zeta_i = (2i + 0.4d)/(1.4d); queries x zeta^(n/scale_base), keys x zeta^(-n/scale_base).");
        comboEnum("scores colors", s.scoresColormap, kColormaps, 4, "Colormap of the score matrix.");
    }
    if (ImGui::CollapsingHeader("Effective logits")) drawEffectiveLogitsControls(s);
    if (ImGui::CollapsingHeader("Bias matrices", ImGuiTreeNodeFlags_DefaultOpen)) {
        sliderInt("ALiBi heads", s.alibiHeads, 1, 128, 1,
                  "n heads: slopes 2^(-8h/n) for powers of two; otherwise the 2^floor(log2 n) sequence then every "
                  "other slope of the next power of two.");
        int head = s.alibiSelectedHead + 1;
        if (sliderInt("head", head, 1, std::max(1, s.alibiHeads), 1, "Head shown large (1-based)."))
            s.alibiSelectedHead = head - 1;
        checkbox("override slope", s.alibiSlopeOverride, "Replace the selected head's slope m.");
        if (s.alibiSlopeOverride)
            sliderDouble("slope m", s.alibiSlopeValue, 1e-4, 4.0, true, 0, "%.5g", "bias = -m*(i-j).");
        comboEnum("form", s.alibiForm, kForms, 3,
                  "Paper: -m(i-j) on j <= i. fairseq/BLOOM add m*j: differs by m*i per row, same softmax.");
        checkbox("causal", s.alibiCausal, "Mask keys j > i.");
        sliderInt64("bias context", s.biasContext, 2, kMaxContext, true, 0, "Positions of the bias matrices.");
        sliderInt("T5 buckets", s.t5NumBuckets, 2, 256, 2, "relative_attention_num_buckets.");
        sliderInt("T5 max distance", s.t5MaxDistance, 2, 4096, 8, "relative_attention_max_distance.");
        checkbox("T5 bidirectional", s.t5Bidirectional,
                 "Encoder: half the buckets for future keys. Decoder: every future key in bucket 0.");
        comboEnum("bias colors", s.biasColormap, kColormaps, 4, "Colormap of the bias matrices.");
    }
    if (ImGui::CollapsingHeader("Presentation")) {
        comboEnum("theme", s.theme, kThemes, 2, "Plot theme (light suits slides).");
        float scale = s.fontScale;
        if (ImGui::SliderFloat("font scale", &scale, 0.5f, 3.0f, "%.2f")) s.fontScale = scale;
        tooltip("Plot text size.");
    }
}

}  // namespace

void drawEffectiveLogitsControls(AppState& s) {
    comboEnum("temperature", s.queryTemperature, kTemperatureRules, 3,
              "The layer's query temperature (drawn thick in the Scores tab; the other rule thin): llama4 "
              "multiplies q by 1 + attn_scale*ln(1 + floor((p+1)/floor_scale)), llama4_beta by "
              "1 + beta*ln(1 + floor(p/L0)). Selecting a layer sets these from its config.");
    sliderDouble("attn_scale", s.temperatureAttnScale, 0.0, 2.0, false, 0.01, "%.4g",
                 "llama4 rule: attn_scale (Llama 4 Scout: 0.1).");
    sliderDouble("floor_scale", s.temperatureFloorScale, 1.0, 2147483648.0, true, 0, "%.6g",
                 "llama4 rule: floor_scale in positions (Llama 4 Scout: 8192).");
    sliderDouble("beta", s.temperatureBeta, 0.0, 2.0, false, 0.01, "%.4g",
                 "llama4_beta rule: beta = llama_4_scaling_beta (Ministral 3: 0.1).");
    sliderDouble("L0", s.temperatureL0, 1.0, 2147483648.0, true, 0, "%.6g",
                 "llama4_beta rule: L0 = the rope dict's original_max_position_embeddings (Ministral 3: 16384).");
    sliderDouble("softmax scale", s.layerSoftmaxScale, 0.0, 1.0, false, 0.001, "%.5g",
                 "The layer's scale on q.k before the softmax (1/sqrt(head_dim), query_pre_attn_scalar^-0.5, "
                 "MLA qk_head_dim^-0.5*mscale^2); 0 = unknown.");
    sliderDouble("logit softcap", s.layerLogitSoftcap, 0.0, 100.0, false, 0.5, "%.4g",
                 "attn_logit_softcapping: s <- cap*tanh(s/cap) (Gemma 2: 50); 0 = none.");
    checkbox("attention sinks", s.layerSinks, "Learned per-head sinks (GPT-OSS): softmax rows sum below 1.");
}

void drawControlsPanel(AppState& state, UiContext& ui) {
    ImGui::PushItemWidth(-ImGui::GetFontSize() * 8.5f);
    drawModelPanel(state, ui);                  // model_panel.cpp: config.json / presets at the top
    syncLayerPlan(ui.model, ui.layers, state);  // a model loaded just now: its layers in the same frame (one step)
    drawLayerControls(state, ui);               // layer_panel.cpp: the layer strip, Compare A/B
    drawErrors(ui);
    if (ImGui::CollapsingHeader("Encoding", ImGuiTreeNodeFlags_DefaultOpen)) drawRopeControls(state, ui);
    if (ImGui::CollapsingHeader("Context", ImGuiTreeNodeFlags_DefaultOpen)) drawContextControls(state);
    drawViewControls(state);
    drawAnimationControls(state, ui);  // panels/animation_panel.cpp: parameter sweeps, GIF / PNG sequence
    ImGui::PopItemWidth();
}

}  // namespace phaselens::ui
