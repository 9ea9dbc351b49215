// `phaselens compute mrope`: multimodal RoPE (Qwen2-VL, Qwen2.5-VL, Qwen3-VL, Qwen3.5) — the axis every rotary pair
// follows and, with --sequence, the 3 × L position ids (../shared/golden/layers/CONTRACT.md §4; core/mrope.h).
//
// --config/--preset are read here with config/mrope_config.h (Quantity::readsConfigItself), not mapped onto flags by
// applyConfigFlags: the M-RoPE fields (mrope_section, mrope_interleaved, vision_config.tokens_per_second) have no
// flag in the other commands. Typed flags override the config's values, as everywhere else.

#include <algorithm>

#include "cli/parameter_flags.h"
#include "cli/quantity.h"
#include "config/mrope_config.h"
#include "phaselens/mrope.h"
#include "phaselens/rope.h"

namespace phaselens::cli {

namespace {

std::optional<config::MropeConfig> loadConfig(const ParsedArgs& args, std::string& file) {
    const bool fromFile = args.has("--config"), fromPreset = args.has("--preset");
    if (fromFile && fromPreset)
        throw CliError("--config and --preset: give at most one, got '" + args.raw("--config") + "' and '" +
                       args.raw("--preset") + "'");
    if (fromFile) {
        file = args.raw("--config");
        return config::loadMropeConfig(file);
    }
    if (!fromPreset) return std::nullopt;
    const std::string name = args.raw("--preset");
    file = "preset " + name;
    const std::vector<std::string> names = config::listPresets();
    if (std::find(names.begin(), names.end(), name) == names.end()) {
        std::string valid;
        for (const auto& n : names) valid += (valid.empty() ? "" : ", ") + n;
        throw flagError("--preset", "unknown preset; expected one of " + valid, name);
    }
    return config::loadMropePreset(name);
}

CliError missing(const std::string& flag) {
    return CliError(flag + ": required (or give --config FILE / --preset NAME with an M-RoPE config)");
}

Json computeMrope(const ParsedArgs& args) {
    std::string file;
    std::optional<config::MropeConfig> cfg;
    try {
        cfg = loadConfig(args, file);
    } catch (const config::ConfigError& e) {  // name the flag first: "--config: cfg.json: field: problem"
        throw CliError((args.has("--config") ? "--config: " : "--preset: ") + std::string(e.what()));
    }
    core::MropeParams p;
    double tokensPerSecond = 0.0;
    if (cfg) {
        p = cfg->params;
        if (cfg->tokensPerSecond) tokensPerSecond = *cfg->tokensPerSecond;
    } else {
        for (const char* flag : {"--mrope-section", "--head-dim", "--rope-theta"})
            if (!args.has(flag)) throw missing(flag);
    }
    if (args.has("--mrope-section")) {
        const std::vector<int64_t> s = args.integerList("--mrope-section");
        if (s.size() != 3)
            throw flagError("--mrope-section", "expected three integers T,H,W (pairs for time, height, width)",
                            args.raw("--mrope-section"));
        for (int a = 0; a < 3; ++a) p.section[static_cast<size_t>(a)] = static_cast<int>(s[static_cast<size_t>(a)]);
    }
    if (args.has("--mrope-interleaved")) p.layout = core::MropeLayout::Interleaved;
    if (args.has("--head-dim")) p.headDim = static_cast<int>(args.integer("--head-dim"));
    if (args.has("--rope-theta")) p.ropeTheta = args.number("--rope-theta");
    if (args.has("--partial-rotary-factor")) p.partialRotaryFactor = args.number("--partial-rotary-factor");
    if (args.has("--tokens-per-second")) {
        tokensPerSecond = args.number("--tokens-per-second");
        if (!(tokensPerSecond > 0.0))
            throw flagError("--tokens-per-second", "must be > 0", args.raw("--tokens-per-second"));
    }

    const int r = core::mropeRotaryDim(p);  // validates; messages name mrope_section / head_dim / rope_theta
    Json j;
    j["quantity"] = "mrope";
    j["mrope_section"] = Json::array({p.section[0], p.section[1], p.section[2]});
    j["mrope_interleaved"] = p.layout == core::MropeLayout::Interleaved;
    j["layout"] = core::mropeLayoutName(p.layout);
    j["head_dim"] = p.headDim;
    putNumber(j, "rope_theta", p.ropeTheta);
    putNumber(j, "partial_rotary_factor", p.partialRotaryFactor);
    j["rotary_dim"] = r;
    j["rotary_pairs"] = r / 2;
    j["pairing"] = "half_split";
    putArray(j, "axis_of_pair", core::mropeAxisOfPair(p));
    putArray(j, "inv_freq", core::mropeInvFreq(p));

    Json warnings = Json::array();
    if (cfg) warnings = cfg->warnings;
    if (args.has("--sequence")) {
        const std::vector<core::MropeSegment> segments = core::parseMropeSequence(args.raw("--sequence"));
        core::MropeIndexOptions o;
        o.tokensPerSecond = tokensPerSecond;
        if (args.has("--second-per-grid-t")) {
            o.secondPerGridT = args.numberList("--second-per-grid-t");
            if (tokensPerSecond <= 0.0)
                warnings.push_back(
                    "--second-per-grid-t is not used: no tokens_per_second (Qwen2-VL timing, the time index is the "
                    "frame index); give --tokens-per-second or a config with vision_config.tokens_per_second");
        }
        const core::MropePositions ids = core::mropePositionIds(segments, o);
        j["sequence"] = core::mropeSequenceSpec(segments);
        j["length"] = static_cast<int64_t>(ids.cols());
        if (tokensPerSecond > 0.0)
            putNumber(j, "tokens_per_second", tokensPerSecond);
        else
            j["tokens_per_second"] = nullptr;
        Json spg = Json::array();
        const int videos = core::mropeVideoCount(segments);
        for (int v = 0; v < videos; ++v)
            spg.push_back(o.secondPerGridT.empty() ? 1.0
                                                   : o.secondPerGridT[o.secondPerGridT.size() == 1 ? 0 : size_t(v)]);
        j["second_per_grid_t"] = std::move(spg);
        j["index_rule"] =
            "authors (QwenLM qwen-vl-finetune rope2d.py): each segment starts at the previous segment's max id over "
            "t, h, w + 1; video t index floor(t * second_per_grid_t * tokens_per_second) (t without "
            "tokens_per_second)";
        putArray(j, "position_ids", ids);
    } else if (args.has("--second-per-grid-t") || args.has("--tokens-per-second")) {
        warnings.push_back("--tokens-per-second / --second-per-grid-t are used only with --sequence");
    }
    j["warnings"] = std::move(warnings);
    if (cfg) {
        Json c;
        c["name"] = cfg->name;
        c["file"] = file;
        c["source"] = cfg->source;
        c["revision"] = cfg->revision;
        c["model_type"] = cfg->modelType;
        c["rope_field"] = cfg->ropeField;
        if (cfg->tokensPerSecond)
            putNumber(c, "tokens_per_second", *cfg->tokensPerSecond);
        else
            c["tokens_per_second"] = nullptr;
        if (cfg->spatialMergeSize)
            c["spatial_merge_size"] = *cfg->spatialMergeSize;
        else
            c["spatial_merge_size"] = nullptr;
        c["notes"] = cfg->notes;
        j["config"] = std::move(c);
    }
    return j;
}

}  // namespace

Quantity mropeQuantity() {
    Quantity q;
    q.name = "mrope";
    q.summary = "multimodal RoPE (Qwen2-VL .. Qwen3.5): axis of each rotary pair, 3 x L position ids";
    q.usage =
        "(--config FILE | --preset NAME | --mrope-section T,H,W [--mrope-interleaved] --head-dim D --rope-theta B "
        "[--partial-rotary-factor P]) [--sequence SPEC] [--tokens-per-second S] [--second-per-grid-t LIST]";
    q.description =
        "rotary_dim r = int(D*P), r/2 pairs, theta_j = B^(-2j/r), half-split pairs (j, j + r/2).\n"
        "axis_of_pair[j] (0 time, 1 height, 2 width): chunked (Qwen2/2.5-VL) first T pairs time, next H height,\n"
        "last W width; interleaved (Qwen3-VL, Qwen3.5) height if j%3==1 and j<3H, width if j%3==2 and j<3W, else\n"
        "time. T + H + W must equal r/2.\n"
        "--sequence text:N,image:HxW,video:TxHxW (grids in LLM tokens, after the spatial merge) gives position_ids\n"
        "[3][L] (t, h, w rows) as the Qwen2-VL / Qwen2.5-VL authors' get_rope_index builds them: text tokens carry\n"
        "one id on all rows; every segment starts at the previous segment's maximum id over all three rows + 1; a\n"
        "vision token adds (t index, row, column), row-major within each frame; images have t index 0. Video t\n"
        "index: the frame index f (no tokens_per_second, Qwen2-VL) or floor(f * second_per_grid_t *\n"
        "tokens_per_second) (Qwen2.5-VL: vision_config.tokens_per_second = 2), second_per_grid_t per video\n"
        "segment (one value for all, default 1.0). Differences: transformers since PR #43972 resumes text after a\n"
        "video at start + max(H, W); before PR #48669 it casts second_per_grid_t to an integer first.\n"
        "Output keys: mrope_section, mrope_interleaved, layout, head_dim, rope_theta, partial_rotary_factor,\n"
        "rotary_dim, rotary_pairs, pairing, axis_of_pair, inv_freq; with --sequence: sequence, length,\n"
        "tokens_per_second, second_per_grid_t, index_rule, position_ids; warnings; config (with a config).\n"
        "Limits: at most 2^22 tokens.\n"
        "\nModel configs: --config FILE (a Hugging Face config.json) or --preset NAME reads mrope_section and\n"
        "mrope_interleaved from rope_scaling / rope_parameters (flat or nested by layer type; legacy type \"mrope\"\n"
        "is default frequencies), head_dim, rope_theta and partial_rotary_factor from text_config when present,\n"
        "and vision_config.tokens_per_second. Flags typed on the command line override the file's values.\n";
    q.flags = {
        parameterFlag("--mrope-section", model::kCompute, q.name).core({"mrope_section"}),
        parameterFlag("--mrope-interleaved", model::kCompute, q.name),
        parameterFlag("--head-dim", model::kCompute, q.name).core({"head_dim", "rotary_dim"}),
        parameterFlag("--rope-theta", model::kCompute, q.name).core({"rope_theta"}),
        parameterFlag("--partial-rotary-factor", model::kCompute, q.name).core({"partial_rotary_factor"}),
        textFlag("--config", "FILE", "a Hugging Face config.json with mrope_section"),
        textFlag("--preset", "NAME", "an embedded preset (see 'phaselens compute presets')"),
        parameterFlag("--sequence", model::kCompute, q.name).core({"sequence"}),
        parameterFlag("--tokens-per-second", model::kCompute, q.name).core({"tokens_per_second"}),
        parameterFlag("--second-per-grid-t", model::kCompute, q.name).core({"second_per_grid_t"}),
    };
    q.compute = computeMrope;
    q.readsConfigItself = true;
    return q;
}

}  // namespace phaselens::cli
