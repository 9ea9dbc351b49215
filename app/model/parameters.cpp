#include "model/parameters.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

// The table uses designated initializers: every field not named keeps its default on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace phaselens::model {

namespace {

using K = ParamKind;

constexpr std::int64_t kMaxPositions = std::int64_t{1} << 31;  // contexts, lengths, windows (positions)
constexpr std::int64_t kMaxHeadDimRow = 65536;                 // one row of frequencies (compute)
constexpr double kBig = 1.0e300;                               // "any finite value" for bases and scales

// The variant of --head-dim for quantities that compute one row of D/2 frequencies.
ParamVariant headDimRow() {
    return {.command = kCompute,
            .quantities = {"rope", "phase", "xpos", "mrope", "critical-dim", "decay-bound"},
            .kind = K::Integer,
            .minInt = 2,
            .maxInt = kMaxHeadDimRow,
            .why = "one row of D/2 frequencies; the app and export draw D/2 x positions heatmaps"};
}

std::vector<Parameter> buildTable() {
    const unsigned CE = kCompute | kExport, E = kExport, C = kCompute, W = kWindow, EW = kExport | kWindow;
    return {
        // clang-format off
        // --- RoPE ---------------------------------------------------------------------------------------------
        {.flag = "--head-dim", .metavar = "D", .help = "channels per attention head, even", .kind = K::Integer,
         .uses = CE, .minInt = 2, .maxInt = 1024, .even = true, .stateKey = "rope_head_dim",
         .variants = {headDimRow()}},
        {.flag = "--rope-theta", .metavar = "B",
         .help = "frequency base rope_theta (also the xPos and sinusoidal base); theta_i = B^(-2i/rotary_dim) "
         "rad/position",
         .kind = K::Number, .uses = CE, .minNumber = 1.0, .minExclusive = true, .stateKey = "rope_theta",
         .aliases = {"--base"}},
        {.flag = "--partial-rotary-factor", .metavar = "P",
         .help = "fraction of head channels that rotate; rotary_dim = int(D*P)", .kind = K::Number, .uses = CE,
         .minNumber = 0.0, .maxNumber = 1.0, .minExclusive = true, .stateKey = "partial_rotary_factor"},
        {.flag = "--pairing", .metavar = "L", .help = "channel pairing layout", .kind = K::Choice, .uses = E,
         .stateKey = "pairing", .choices = {"half-split", "interleaved"}},
        // Choices: the RoPE-type names (supplied by each command from the core's list).
        {.flag = "--rope-type", .metavar = "T", .help = "frequency scaling for context extension", .kind = K::Choice,
         .uses = CE, .stateKey = "rope_type"},
        {.flag = "--factor", .metavar = "S",
         .help = "scaling factor s; compute: required for linear, ntk, dynamic, llama3 (yarn and longrope default to "
         "max/original position embeddings)", .kind = K::Number, .uses = CE, .minNumber = 1.0, .maxNumber = 1.0e6,
         .stateKey = "factor", .ropeKey = "factor"},
        {.flag = "--original-max-position-embeddings", .metavar = "L",
         .help = "pretraining context L0 in positions (yarn, llama3, longrope; dynamic fallback for M)",
         .kind = K::Integer, .uses = CE, .minInt = 1, .maxInt = kMaxPositions,
         .stateKey = "original_max_position_embeddings", .ropeKey = "original_max_position_embeddings"},
        {.flag = "--max-position-embeddings", .metavar = "M",
         .help = "model context in positions (dynamic; yarn/longrope: factor = M/L and fallback for L; the app: "
         "dynamic NTK's M, unset = L)",
         .kind = K::Integer, .uses = CE, .minInt = 1, .maxInt = kMaxPositions, .stateKey = "max_position_embeddings", .ropeKey = "max_position_embeddings"},
        {.flag = "--seq-len", .metavar = "N", .help = "sequence length in positions: the N x N matrices",
         .kind = K::Integer, .uses = C, .minInt = 1, .maxInt = kMaxPositions},
        {.flag = "--dynamic-seq-len", .metavar = "N",
         .help = "current sequence length in positions: dynamic NTK's L (compute rope: also the longrope list "
         "choice; the app's longrope follows --context)", .kind = K::Integer, .uses = CE, .minInt = 1,
         .maxInt = kMaxPositions, .stateKey = "dynamic_seq_len", .aliases = {"--seq-len"}, .ropeKey = "seq_len"},
        {.flag = "--beta-fast", .metavar = "F", .help = "yarn: rotations at which interpolation stops, >= beta-slow",
         .kind = K::Number, .uses = CE, .stateKey = "beta_fast", .ropeKey = "beta_fast"},
        {.flag = "--beta-slow", .metavar = "F", .help = "yarn: rotations at which extrapolation stops, > 0",
         .kind = K::Number, .uses = CE, .stateKey = "beta_slow", .ropeKey = "beta_slow"},
        {.flag = "--truncate", .metavar = "B",
         .help = "yarn: floor/ceil the correction range (HF rope_scaling.truncate)", .kind = K::Choice, .uses = C,
         .choices = {"true", "false"}, .ropeKey = "truncate"},
        {.flag = "--mscale", .metavar = "M",
         .help = "yarn (DeepSeek-V3): with --mscale-all-dim, attention factor = (0.1 M ln s + 1)/(0.1 M_all ln s + "
         "1); 0 = unset", .kind = K::Number, .uses = CE, .stateKey = "mscale", .ropeKey = "mscale"},
        {.flag = "--mscale-all-dim", .metavar = "M_all",
         .help = "yarn (DeepSeek-V3): M_all above; used only when both are non-zero; 0 = unset", .kind = K::Number,
         .uses = CE, .stateKey = "mscale_all_dim", .ropeKey = "mscale_all_dim"},
        {.flag = "--low-freq-factor", .metavar = "F", .help = "llama3: wavelengths above L/F are divided by s, > 0",
         .kind = K::Number, .uses = CE, .stateKey = "low_freq_factor", .ropeKey = "low_freq_factor"},
        {.flag = "--high-freq-factor", .metavar = "F",
         .help = "llama3: wavelengths below L/F are kept, > 0 (<= low-freq-factor: no blend band, as transformers)",
         .kind = K::Number, .uses = CE, .stateKey = "high_freq_factor", .ropeKey = "high_freq_factor"},
        {.flag = "--short-factor", .metavar = "LIST",
         .help = "longrope: rotary_dim/2 per-pair divisors used for short contexts", .kind = K::NumberList, .uses = CE,
         .stateKey = "short_factor", .ropeKey = "short_factor"},
        {.flag = "--long-factor", .metavar = "LIST",
         .help = "longrope: rotary_dim/2 per-pair divisors used for long contexts", .kind = K::NumberList, .uses = CE,
         .stateKey = "long_factor", .ropeKey = "long_factor"},
        {.flag = "--longrope-rule", .metavar = "R",
         .help = "longrope list choice: seq-len = long iff N > L; factor-above-one = long iff s > 1; auto = seq-len "
         "when a sequence length is given, else factor-above-one", .kind = K::Choice, .uses = CE,
         .stateKey = "longrope_rule", .choices = {"auto", "seq-len", "factor-above-one"}, .ropeKey = "longrope_rule"},
        {.flag = "--attention-factor", .metavar = "A",
         .help = "override of the factor multiplying cos and sin (logits scale by A^2); default per type (yarn "
         "0.1 ln s + 1, longrope sqrt(1 + ln s / ln L), else 1); state files: 0 = unset", .kind = K::Number,
         .uses = CE, .minNumber = 0.0, .maxNumber = kBig, .minExclusive = true, .stateKey = "attention_factor"},
        // --- Shared -------------------------------------------------------------------------------------------
        {.flag = "--context", .metavar = "C", .help = "context length in positions", .kind = K::Integer, .uses = CE,
         .minInt = 1, .maxInt = kMaxPositions, .stateKey = "context_length"},
        {.flag = "--training-context", .metavar = "T",
         .help = "training context in positions (marked on the plots; compute phase: default the --context value)",
         .kind = K::Integer, .uses = CE, .minInt = 1, .maxInt = kMaxPositions, .stateKey = "training_context",
         .variants = {{.command = kCompute, .quantities = {"critical-dim"}, .kind = K::Number, .minNumber = 0.0,
         .maxNumber = kBig, .minExclusive = true, .why = "the formula takes a real L (log(L/2pi))"}}},
        {.flag = "--reduction", .metavar = "R", .help = "what one heatmap pixel shows of its block of positions",
         .kind = K::Choice, .uses = E, .stateKey = "reduction", .choices = {"point", "mean", "min", "max"}},
        {.flag = "--max-pixels", .metavar = "N", .help = "heatmap samples per axis", .kind = K::Integer, .uses = E,
         .minInt = 64, .maxInt = 4096, .stateKey = "max_pixels"},
        // --- Ladder and phase ---------------------------------------------------------------------------------
        {.flag = "--ladder-scheme", .metavar = "S", .help = "frequencies of the ladder and phase views",
         .kind = K::Choice, .uses = E, .stateKey = "ladder_scheme", .choices = {"rope", "sinusoidal"}},
        {.flag = "--ladder-quantity", .metavar = "Q", .help = "ladder value", .kind = K::Choice, .uses = E,
         .stateKey = "ladder_quantity", .choices = {"sin", "cos", "angle-raw", "angle-wrapped"}},
        {.flag = "--sinusoidal-layout", .metavar = "L", .help = "sinusoidal channel order", .kind = K::Choice,
         .uses = CE, .stateKey = "sinusoidal_layout", .choices = {"interleaved", "concatenated"},
         .aliases = {"--layout"}},
        {.flag = "--d-model", .metavar = "D", .help = "sinusoidal model width d_model, even", .kind = K::Integer,
         .uses = CE, .minInt = 2, .maxInt = 4096, .even = true, .stateKey = "sinusoidal_d_model",
         .variants = {{.command = kCompute, .quantities = {"sinusoidal"}, .kind = K::Integer, .minInt = 2,
         .maxInt = kMaxHeadDimRow, .why = "rows only at the given --positions, no heatmap"}}},
        {.flag = "--phase-pairs", .metavar = "LIST", .help = "pairs on the phase views (0-based, up to 6)",
         .kind = K::IntegerList, .uses = E, .minInt = 0, .maxInt = 1 << 20, .stateKey = "phase_pairs"},
        {.flag = "--phase-positions", .metavar = "P", .help = "phase-circle trail length in positions",
         .kind = K::Integer, .uses = E, .minInt = 1, .maxInt = kMaxPositions, .stateKey = "phase_positions"},
        {.flag = "--position-stride", .metavar = "S",
         .help = "positions advanced per sample: ladders sample 0, S, 2S, ...; a pair aliases when theta_i*S > pi",
         .kind = K::Number, .uses = CE, .minNumber = 0.0, .maxNumber = 1.0e6, .minExclusive = true,
         .stateKey = "position_stride"},
        {.flag = "--extension-factor", .metavar = "S", .help = "factor s of the extension-* and attention-factor views",
         .kind = K::Number, .uses = E, .minNumber = 1.0, .maxNumber = 1.0e6, .stateKey = "extension_factor"},
        {.flag = "--extension-current-length", .metavar = "L",
         .help = "dynamic NTK's current length in the extension views (positions)", .kind = K::Integer, .uses = E,
         .minInt = 1, .maxInt = kMaxPositions, .stateKey = "extension_current_length"},
        // --- Scores and kernel --------------------------------------------------------------------------------
        {.flag = "--score-scheme", .metavar = "S", .help = "positional scheme of the scores", .kind = K::Choice,
         .uses = E, .stateKey = "score_scheme", .choices = {"rope", "xpos", "nope"}},
        {.flag = "--score-source", .metavar = "S", .help = "q and k vectors", .kind = K::Choice, .uses = E,
         .stateKey = "score_source", .choices = {"ones", "random", "repeated-token"}},
        {.flag = "--seed", .metavar = "N", .help = "seed of random / repeated-token vectors", .kind = K::Integer,
         .uses = E, .minInt = 0, .maxInt = INT64_MAX, .stateKey = "seed"},
        {.flag = "--scale-by-sqrt-d", .help = "divide scores by sqrt(head_dim)", .kind = K::Switch, .uses = E,
         .stateKey = "scale_by_sqrt_d"},
        {.flag = "--mask", .metavar = "M", .help = "attention mask", .kind = K::Choice, .uses = E, .stateKey = "mask",
         .choices = {"none", "causal", "sliding-window"}},
        {.flag = "--sliding-window", .metavar = "W", .help = "keys visible per query with --mask sliding-window",
         .kind = K::Integer, .uses = E, .minInt = 1, .maxInt = kMaxPositions, .stateKey = "sliding_window"},
        {.flag = "--softmax", .help = "row softmax over keys", .kind = K::Switch, .uses = E, .stateKey = "softmax"},
        {.flag = "--xpos-scale-base", .metavar = "SB", .help = "xPos scale_base (decay length scale, positions)",
         .kind = K::Number, .uses = CE, .minNumber = 0.0, .maxNumber = kBig, .minExclusive = true,
         .stateKey = "xpos_scale_base", .aliases = {"--scale-base"}},
        // --- Bias matrices ------------------------------------------------------------------------------------
        {.flag = "--heads", .metavar = "H", .help = "number of ALiBi attention heads", .kind = K::Integer, .uses = CE,
         .minInt = 1, .maxInt = 128, .stateKey = "alibi_heads", .variants = {{.command = kCompute,
         .quantities = {"alibi-slopes", "alibi-bias"}, .kind = K::Integer, .minInt = 1, .maxInt = 65536,
         .why = "numbers only (the 2^24 output cap bounds the matrices); the app draws a panel per " "head"}}},
        {.flag = "--alibi-head", .metavar = "K", .help = "ALiBi head shown (1-based)", .kind = K::Integer, .uses = E,
         .minInt = 1, .maxInt = 128, .stateKey = "alibi_selected_head"},
        {.flag = "--alibi-slope", .metavar = "M", .help = "override the shown head's slope", .kind = K::Number,
         .uses = E, .minNumber = 0.0, .maxNumber = kBig, .minExclusive = true, .stateKey = "alibi_slope_value"},
        {.flag = "--alibi-form", .metavar = "F", .help = "ALiBi matrix form", .kind = K::Choice, .uses = CE,
         .stateKey = "alibi_form", .choices = {"linear", "symmetric", "key-index"}, .aliases = {"--form"}},
        {.flag = "--alibi-causal", .metavar = "B", .help = "mask keys after the query", .kind = K::Choice, .uses = E,
         .stateKey = "alibi_causal", .choices = {"true", "false"}},
        {.flag = "--num-buckets", .metavar = "NB", .help = "T5 num_buckets (bidirectional: even, >= 4)",
         .kind = K::Integer, .uses = CE, .minInt = 2, .maxInt = 1 << 20, .stateKey = "t5_num_buckets"},
        {.flag = "--max-distance", .metavar = "MD",
         .help = "T5 max_distance: distance in positions where the last bucket starts, > max_exact", .kind = K::Integer,
         .uses = CE, .minInt = 1, .maxInt = INT32_MAX, .stateKey = "t5_max_distance"},
        {.flag = "--bidirectional", .help = "T5 encoder-style buckets", .kind = K::Switch, .uses = CE,
         .stateKey = "t5_bidirectional"},
        {.flag = "--unidirectional", .help = "T5 decoder-style buckets", .kind = K::Switch, .uses = CE},
        {.flag = "--bias-context", .metavar = "N", .help = "positions of the bias matrices (alibi, t5 views)",
         .kind = K::Integer, .uses = E, .minInt = 2, .maxInt = kMaxPositions, .stateKey = "bias_context"},
        // --- Figure -------------------------------------------------------------------------------------------
        {.flag = "--colormap", .metavar = "MAP", .help = "colormap of the exported heatmap", .kind = K::Choice,
         .uses = E, .choices = {"viridis", "magma", "cividis", "diverging"}},
        {.flag = "--theme", .metavar = "T", .help = "theme (export default: the --state's, else light)",
         .kind = K::Choice, .uses = EW, .stateKey = "theme", .choices = {"light", "dark"}},
        {.flag = "--font-scale", .metavar = "S", .help = "text size multiplier", .kind = K::Number, .uses = E,
         .minNumber = 0.5, .maxNumber = 3.0, .stateKey = "font_scale"},
        {.flag = "--title", .metavar = "TEXT", .help = "title (default: generated from the parameters)",
         .kind = K::Text, .uses = E, .stateKey = "title"},
        // --- Learned absolute tables (learned-* views) --------------------------------------------------------
        {.flag = "--table", .metavar = "FILE",
         .help = "learned table: .npy, .safetensors, model.safetensors.index.json or checkpoint folder (export "
         "default: a synthetic table)", .kind = K::Text, .uses = CE, .stateKey = "learned_table_path"},
        {.flag = "--tensor", .metavar = "NAME", .help = "tensor in the checkpoint (default: found by its usual name)",
         .kind = K::Text, .uses = CE, .stateKey = "learned_tensor"},
        {.flag = "--learned-positions", .metavar = "T", .help = "learned-*: synthetic table rows T_max",
         .kind = K::Integer, .uses = E, .minInt = 2, .maxInt = 65536, .stateKey = "learned_positions"},
        {.flag = "--learned-dim", .metavar = "D", .help = "learned-*: synthetic table width", .kind = K::Integer,
         .uses = E, .minInt = 1, .maxInt = 4096, .stateKey = "learned_dim"},
        {.flag = "--learned-seed", .metavar = "N", .help = "learned-*: synthetic table seed", .kind = K::Integer,
         .uses = E, .minInt = 0, .maxInt = INT64_MAX, .stateKey = "learned_seed"},
        {.flag = "--resize", .metavar = "N", .help = "rows after linear interpolation (as torch interpolate)",
         .kind = K::Integer, .uses = CE, .minInt = 1, .maxInt = 65536, .stateKey = "learned_resize",
         .variants = {{.command = kCompute, .quantities = {"learned"}, .kind = K::Integer, .minInt = 1,
         .maxInt = std::int64_t{1} << 24, .why = "returns only the --positions rows; export draws every row"}}},
        {.flag = "--align-corners", .help = "with --resize: align_corners=True (default False)", .kind = K::Switch,
         .uses = CE, .stateKey = "learned_align_corners"},
        // --- Multimodal RoPE ----------------------------------------------------------------------------------
        {.flag = "--mrope-section", .metavar = "T,H,W",
         .help = "M-RoPE rotary pairs per axis (time, height, width); sum = rotary_dim/2", .kind = K::IntegerList,
         .uses = CE, .minInt = 0, .maxInt = 65536, .stateKey = "mrope_section"},
        {.flag = "--mrope-interleaved",
         .help = "M-RoPE interleaved layout (Qwen3-VL, Qwen3.5); default chunked (Qwen2/2.5-VL)", .kind = K::Switch,
         .uses = CE, .stateKey = "mrope_interleaved"},
        {.flag = "--sequence", .metavar = "SPEC",
         .help = "M-RoPE segments text:N,image:HxW,video:TxHxW (LLM-token grids), <= 2^22 tokens", .kind = K::Text,
         .uses = CE, .stateKey = "mrope_sequence"},
        {.flag = "--tokens-per-second", .metavar = "S",
         .help = "M-RoPE video time ids per second (Qwen2.5-VL: 2); 0 or absent = the frame index", .kind = K::Number,
         .uses = CE, .minNumber = 0.0, .maxNumber = 1.0e6, .stateKey = "mrope_tokens_per_second"},
        {.flag = "--second-per-grid-t", .metavar = "S", .help = "M-RoPE seconds per temporal grid step",
         .kind = K::Number, .uses = CE, .minNumber = 0.0, .maxNumber = 1.0e6, .stateKey = "mrope_second_per_grid_t",
         .variants = {{.command = kCompute, .quantities = {"mrope"}, .kind = K::NumberList, .minNumber = 0.0,
         .maxNumber = 1.0e6, .why = "one value per video segment (or one for all); the app has one for every video"}}},
        {.flag = "--grid-t", .metavar = "T", .help = "M-RoPE spatial map frames", .kind = K::Integer, .uses = E,
         .minInt = 1, .maxInt = 64, .stateKey = "mrope_grid_t"},
        {.flag = "--grid-h", .metavar = "H", .help = "M-RoPE spatial map rows", .kind = K::Integer, .uses = E,
         .minInt = 1, .maxInt = 256, .stateKey = "mrope_grid_h"},
        {.flag = "--grid-w", .metavar = "W", .help = "M-RoPE spatial map columns", .kind = K::Integer, .uses = E,
         .minInt = 1, .maxInt = 256, .stateKey = "mrope_grid_w"},
        {.flag = "--query-row", .metavar = "R", .help = "M-RoPE spatial map query row (0-based)", .kind = K::Integer,
         .uses = E, .minInt = 0, .maxInt = 255, .stateKey = "mrope_query_row"},
        {.flag = "--query-col", .metavar = "C", .help = "M-RoPE spatial map query column (0-based)", .kind = K::Integer,
         .uses = E, .minInt = 0, .maxInt = 255, .stateKey = "mrope_query_col"},
        {.flag = "--query-frame", .metavar = "F", .help = "M-RoPE spatial map query frame (0-based)",
         .kind = K::Integer, .uses = E, .minInt = 0, .maxInt = 63, .stateKey = "mrope_query_frame"},
        {.flag = "--key-frame", .metavar = "F", .help = "M-RoPE spatial map key frame (0-based)", .kind = K::Integer,
         .uses = E, .minInt = 0, .maxInt = 63, .stateKey = "mrope_key_frame"},
        {.flag = "--random-qk", .help = "M-RoPE spatial map with seeded random q/k (--seed)", .kind = K::Switch,
         .uses = E, .stateKey = "mrope_random_qk"},
        // --- Files and the window -----------------------------------------------------------------------------
        {.flag = "--state", .metavar = "FILE",
         .help = "start from a state file (a saved session or an export sidecar; export: its figure settings too)",
         .kind = K::Text, .uses = EW},
        {.flag = "--view", .metavar = "VIEW",
         .help = "the plot shown or exported (names: phaselens export --list-views); default: the view of --state",
         .kind = K::Text, .uses = EW, .stateKey = "view"},
        {.flag = "--frames", .metavar = "N", .help = "run N frames, then exit (default 3 with --screenshot)",
         .kind = K::Integer, .uses = W, .minInt = 1, .maxInt = 1000000},
        {.flag = "--screenshot", .metavar = "FILE.png", .help = "save the window as PNG after the last frame",
         .kind = K::Text, .uses = W},
        {.flag = "--size", .metavar = "WxH", .help = "window size in px (width 64..7680, height 64..4320)",
         .kind = K::Text, .uses = W},
        {.flag = "--frame-times", .help = "print the time (ms) and cause of every rendered frame to stdout", .kind = K::Switch,
         .uses = W},
        {.flag = "--deck", .metavar = "FILE.json",
         .help = "present a talk: a JSON array of saved states (implies --present)", .kind = K::Text, .uses = W},
        {.flag = "--slide", .metavar = "K", .help = "first slide of --deck shown (1-based)", .kind = K::Integer,
         .uses = W, .minInt = 1, .maxInt = 100000},
        {.flag = "--present", .help = "start in presentation mode", .kind = K::Switch, .uses = W},
        {.flag = "--settings-dir", .metavar = "DIR",
         .help = "read settings.json from DIR at start and save it there at exit", .kind = K::Text, .uses = W},
        {.flag = "--quit-after", .metavar = "S", .help = "run the interactive loop for S seconds, then exit",
         .kind = K::Integer, .uses = W, .minInt = 1, .maxInt = 86400},
        {.flag = "--stage", .help = "start in stage mode (Shift+F11): fullscreen, plot letterboxed, captions hidden",
         .kind = K::Switch, .uses = W},
        {.flag = "--ui-scale", .metavar = "PERCENT", .help = "UI size in percent (default: the monitor's content scale)",
         .kind = K::Integer, .uses = W, .minInt = 75, .maxInt = 200},
        // --- Compute-only inputs -----------------------------------------------------------------------------
        {.flag = "--deltas", .metavar = "LIST",
         .help = "query - key position offsets (positions, may be negative or fractional, |delta| <= 2^53)",
         .kind = K::NumberList, .uses = C, .minNumber = -9007199254740992.0, .maxNumber = 9007199254740992.0},
        {.flag = "--relative-positions", .metavar = "LIST", .help = "T5: key - query offsets in positions",
         .kind = K::IntegerList, .uses = C, .minInt = -kMaxPositions, .maxInt = kMaxPositions},
        // --- Deep zoom (model/view_window.h): the visible window of the exported view -------------------------
        {.flag = "--x-range", .metavar = "A:B",
         .help = "show and re-sample only x = A..B, integers in the x axis' data units (positions, keys, offsets; "
         "inside the view's axis): every pixel exact over the block it covers, one column per position when they "
         "fit", .kind = K::Text, .uses = E},
        {.flag = "--y-range", .metavar = "C:D",
         .help = "show and re-sample only y = C..D, integers in the y axis' data units (queries, pairs; heatmap "
         "views)", .kind = K::Text, .uses = E},
        // --- Layers and A/B comparison (model/layer_selection.h, model/compare.h) ----------------------------
        {.flag = "--layer", .metavar = "K",
         .help = "0-based decoder layer index (its own attention and positional settings)", .kind = K::Integer,
         .uses = CE, .minInt = 0, .maxInt = 65535},
        {.flag = "--compare-preset", .metavar = "NAME",
         .help = "a second panel B from this preset, same axes and color scale (export: A | B in one figure)",
         .kind = K::Text, .uses = EW},
        {.flag = "--compare-config", .metavar = "FILE",
         .help = "a second panel B from this config.json, same axes and color scale", .kind = K::Text, .uses = EW},
        {.flag = "--compare-layer", .metavar = "K",
         .help = "B is layer K of B's model (--compare-preset/--compare-config), else of A's model",
         .kind = K::Integer, .uses = EW, .minInt = 0, .maxInt = 65535},
        // --- Effective logits (views_logits.cpp; --layer sets them from the config, these flags override) ------
        {.flag = "--temperature-rule", .metavar = "R",
         .help = "query temperature of the layer: llama4 1 + attn_scale*ln(1 + floor((p+1)/floor_scale)), "
         "llama4_beta 1 + beta*ln(1 + floor(p/L0)), none", .kind = K::Choice, .uses = E,
         .stateKey = "query_temperature", .choices = {"none", "llama4", "llama4_beta"}},
        {.flag = "--attn-scale", .metavar = "A", .help = "llama4 temperature: attn_scale", .kind = K::Number,
         .uses = E, .minNumber = -kBig, .maxNumber = kBig, .stateKey = "temperature_attn_scale"},
        {.flag = "--floor-scale", .metavar = "F", .help = "llama4 temperature: floor_scale in positions",
         .kind = K::Number, .uses = E, .minNumber = 0.0, .maxNumber = static_cast<double>(kMaxPositions),
         .minExclusive = true, .stateKey = "temperature_floor_scale"},
        {.flag = "--temperature-beta", .metavar = "B",
         .help = "llama4_beta temperature: beta (llama_4_scaling_beta)", .kind = K::Number, .uses = E,
         .minNumber = -kBig, .maxNumber = kBig, .stateKey = "temperature_beta"},
        {.flag = "--temperature-l0", .metavar = "L0",
         .help = "llama4_beta temperature: L0 in positions (the rope dict's original_max_position_embeddings)",
         .kind = K::Number, .uses = E, .minNumber = 0.0, .maxNumber = static_cast<double>(kMaxPositions),
         .minExclusive = true, .stateKey = "temperature_l0"},
        {.flag = "--temperature-axis", .metavar = "A", .help = "position axis of the effective-logits view",
         .kind = K::Choice, .uses = E, .stateKey = "temperature_axis", .choices = {"log", "linear"}},
        {.flag = "--softmax-scale", .metavar = "S",
         .help = "the layer's softmax scale on q.k (HF self.scaling); 0 = unknown", .kind = K::Number, .uses = E,
         .minNumber = 0.0, .maxNumber = kBig, .stateKey = "layer_softmax_scale"},
        {.flag = "--logit-softcap", .metavar = "CAP",
         .help = "the layer's attn_logit_softcapping: s <- CAP*tanh(s/CAP); 0 = none", .kind = K::Number,
         .uses = E, .minNumber = 0.0, .maxNumber = kBig, .stateKey = "layer_logit_softcap"},
        {.flag = "--attention-sinks", .metavar = "B", .help = "the layer has learned per-head attention sinks",
         .kind = K::Choice, .uses = E, .stateKey = "layer_sinks", .choices = {"true", "false"}},
        // clang-format on
    };
}

bool variantMatches(const ParamVariant& v, Command command, std::string_view quantity) {
    if (v.command != command) return false;
    if (v.quantities.empty()) return true;
    for (std::string_view q : v.quantities)
        if (q == quantity) return true;
    return false;
}

}  // namespace

const std::vector<Parameter>& parameters() {
    static const std::vector<Parameter> kTable = buildTable();
    return kTable;
}

const Parameter* findParameter(std::string_view flag) {
    for (const Parameter& p : parameters())
        if (p.flag == flag) return &p;
    return nullptr;
}

Parameter parameterFor(std::string_view flag, Command command, std::string_view quantity) {
    const Parameter* entry = findParameter(flag);
    if (entry == nullptr) throw std::logic_error("parameter " + std::string(flag) + " is not in the table");
    if ((entry->uses & command) == 0)
        throw std::logic_error("parameter " + std::string(flag) + " is not declared for this command");
    Parameter p = *entry;
    for (const ParamVariant& v : entry->variants)
        if (variantMatches(v, command, quantity)) {
            p.kind = v.kind;
            p.minInt = v.minInt;
            p.maxInt = v.maxInt;
            p.minNumber = v.minNumber;
            p.maxNumber = v.maxNumber;
            p.minExclusive = v.minExclusive;
            break;
        }
    return p;
}

const Parameter* parameterForStateKey(std::string_view key) {
    for (const Parameter& p : parameters())
        if (!p.stateKey.empty() && p.stateKey == key) return &p;
    return nullptr;
}

const std::vector<RenamedFlag>& renamedFlags() {
    static const std::vector<RenamedFlag> kRenamed = {
        {kExport, "--seq-len",
         "renamed to --bias-context (the size of the bias matrices; the dynamic NTK length is --dynamic-seq-len)"},
    };
    return kRenamed;
}

// Integers in full ("1000000"), others in the shortest %g form that reads back exactly ("0.5", "1e+300").
std::string boundText(double v) {
    char buf[40];
    if (v == std::floor(v) && std::fabs(v) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
        return buf;
    }
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

std::string rangeText(const Parameter& p) {
    switch (p.kind) {
        case ParamKind::Integer:
        case ParamKind::IntegerList: {
            const bool lo = p.minInt != INT64_MIN, hi = p.maxInt != INT64_MAX;
            if (lo && hi) return std::to_string(p.minInt) + ".." + std::to_string(p.maxInt);
            if (lo) return ">= " + std::to_string(p.minInt);
            if (hi) return "<= " + std::to_string(p.maxInt);
            return "";
        }
        case ParamKind::Number:
        case ParamKind::NumberList: {
            const bool lo = p.minNumber > -1.0e308, hi = p.maxNumber < 1.0e308;
            const std::string low = (p.minExclusive ? "> " : ">= ") + boundText(p.minNumber);
            if (lo && hi) return low + ", <= " + boundText(p.maxNumber);
            if (lo) return low;
            if (hi) return "<= " + boundText(p.maxNumber);
            return "";
        }
        default:
            return "";
    }
}

}  // namespace phaselens::model
