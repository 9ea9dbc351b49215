// PhaseLens CLI — model configs on the command line: --config FILE, --preset NAME, --transformers-rule RULE.
//
// A Hugging Face config.json (or a pinned preset, see `phaselens compute presets`) is turned into the flags a
// command would otherwise need typed, so
//     phaselens compute rope --preset llama-3.1-8b
// prints exactly what
//     phaselens compute rope --head-dim 128 --rope-theta 500000 --rope-type llama3 --factor 8
//                            --original-max-position-embeddings 8192 --low-freq-factor 1 --high-freq-factor 4
// prints, plus two things: the config's ambiguities (ModelConfig::warnings) are added to the "warnings" array and a
// "config" object records where the numbers came from (name, source, revision, scheme, rule, every derived flag with
// its config field, the flags typed over it, the config's notes). Flags typed on the command line win over the file.
//
// Which flags a config fills (only those the command declares are used):
//   RoPE        --head-dim --rope-theta --partial-rotary-factor --rope-type --factor
//               --original-max-position-embeddings | --max-position-embeddings (as the rule resolved them)
//               --beta-fast --beta-slow --truncate --mscale --mscale-all-dim --low-freq-factor --high-freq-factor
//               --short-factor --long-factor --longrope-rule --attention-factor; phase: --context (max positions),
//               --training-context (original positions)
//   ALiBi       --heads                      T5   --num-buckets --max-distance (the direction stays a flag)
//   learned     --n-positions                sinusoidal   --d-model
// A command whose flags have no use for the config's scheme (e.g. `compute rope --preset bloom-176b`) is bad input
// naming the file, the scheme and the commands that can use it.
//
// Errors (exit 2, one line, nothing on stdout): unreadable file, invalid JSON, missing/mistyped/absurd fields come
// from config::ConfigError as "<file>: <field>: <problem>"; a derived value outside a flag's range is reported as
// "<file>: <field>: <flag>: <problem>"; --config with --preset, an unknown preset, or --transformers-rule without a
// config name the flag.
//
// Use from another command:
//   * flags with compute's meaning (a compute-like command): the config becomes that command's flags —
//       std::vector<FlagSpec> specs = myFlags();
//       appendConfigFlags(specs);                                        // --config, --preset, --transformers-rule
//       const ConfigFlags cf = applyConfigFlags(tokens, specs, "phaselens foo");    // may throw CliError/ConfigError
//       const ParsedArgs args = parseFlags(specs, cf.tokens, "phaselens foo", cf.overlay);  // typed config values
//       ... compute ...; putConfigReport(resultJson, cf);                 // warnings + "config" provenance
//   * an AppState-based command (`phaselens export`): map the config the way the app does —
//       appendConfigFlags(specs); const ParsedArgs args = parseFlags(specs, tokens, "phaselens export");
//       std::string file;
//       if (auto cfg = loadConfigFlags(args, file)) {                     // after --state, before the parameter flags
//           const model::ModelMapping m = model::applyModelConfig(*cfg, state);   // ui/model_state.h
//           sidecar["config"] = configProvenance(*cfg, file);  warnings: cfg->warnings, then m.notes
//       }
//       ... then apply the typed parameter flags over `state` (typed flags override the config).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/arg_parser.h"
#include "cli/json_output.h"
#include "cli/quantity.h"
#include "config/model_config.h"

namespace phaselens::cli {

/// The three config flags, in help order: --config FILE, --preset NAME, --transformers-rule newest|legacy.
std::vector<FlagSpec> configFlagSpecs();
/// Appends configFlagSpecs() to `specs` (skipping any already present).
void appendConfigFlags(std::vector<FlagSpec>& specs);
/// True for "--config", "--preset" and "--transformers-rule".
bool isConfigFlag(const std::string& name);

/// One flag value derived from a model config.
struct ConfigFlagValue {
    std::string flag;    ///< "--head-dim"
    std::string value;   ///< as typed on a command line: "128", "500000", "1.07,1.12" (doubles round-trip exactly)
    std::string field;   ///< the config field it stands for: "hidden_size/num_attention_heads", "rope_scaling.factor"
    bool report = true;  ///< warn when the command has no flag for this field (false: optional extras like --context)
    /// The value itself (int64_t, double, std::vector<double>, or the choice name), handed to the command as a
    /// TypedFlagValue: `value` above is its text for reports and messages only.
    decltype(TypedFlagValue::value) typed;
};

/// Every flag value `cfg` provides for any command (see the header comment); callers keep the ones they declare.
std::vector<ConfigFlagValue> configFlagValues(const config::ModelConfig& cfg);

/// The flag whose presence in a command means "this command can use configs of `scheme`" (--head-dim for RoPE,
/// --heads for ALiBi, --num-buckets for T5, --n-positions for learned, --d-model for sinusoidal; "" for NoPE).
std::string primaryConfigFlag(config::Scheme scheme);

/// A command line with --config/--preset resolved.
struct ConfigFlags {
    /// The tokens to hand to parseFlags: the typed tokens without the three config flags (with --layer K they stay).
    /// Equal to the input when no config was given.
    std::vector<std::string> tokens;
    /// The config values whose flags were not typed, as typed values: parseFlags(specs, tokens, name, overlay)
    /// takes them as given flags without printing and re-parsing the numbers.
    std::vector<TypedFlagValue> overlay;
    std::optional<config::ModelConfig> model;  ///< the loaded config; nullopt without --config/--preset
    std::string file;                          ///< the path given to --config, or "preset <name>"
    std::vector<ConfigFlagValue> used;         ///< config values that went into `overlay`
    /// Typed flags that replaced a config value: {flag, value typed, the config's value, field}.
    struct Override {
        std::string flag, typed, fromConfig, field;
    };
    std::vector<Override> overridden;
    /// The config's warnings, then fields the command could not use ("rope_scaling.rope_type = llama3 is not used
    /// by phaselens compute xpos").
    std::vector<std::string> warnings;
};

/// Resolves --config/--preset/--transformers-rule in `tokens` (the flags after the command words) against `specs`.
/// Does nothing (returns the tokens unchanged) when `specs` do not declare --config. Every typed token is
/// checked against `specs` first, so a bad flag is reported before the file is read. Throws CliError for flag
/// problems and config::ConfigError for file problems (both one line naming the flag or the file and field).
ConfigFlags applyConfigFlags(const std::vector<std::string>& tokens, const std::vector<FlagSpec>& specs,
                             const std::string& commandName);

/// The config named by already parsed flags (`args` must declare configFlagSpecs()): nullopt without --config and
/// --preset. `file` receives the path or "preset <name>". Throws CliError (both given, unknown preset,
/// --transformers-rule alone) or config::ConfigError (the file). For commands that map a config themselves, e.g.
/// `phaselens export` onto an AppState with model::applyModelConfig.
std::optional<config::ModelConfig> loadConfigFlags(const ParsedArgs& args, std::string& file);

/// {name, file, source, revision, model_type, scheme, transformers_rule}: where a config's numbers came from.
Json configProvenance(const config::ModelConfig& cfg, const std::string& file);

/// With a config: prepends flags.warnings to result["warnings"] (creating the array when absent) and sets
/// result["config"] = {name, file, source, revision, model_type, scheme, transformers_rule, flags: [{flag, value,
/// field}], overridden: [{flag, value, config_value, field}], notes}. Without a config: leaves `result` unchanged.
void putConfigReport(Json& result, const ConfigFlags& flags);

/// `q` with configFlagSpecs() appended and a help paragraph on --config/--preset added to its description.
Quantity withConfigFlags(Quantity q);

/// `compute presets`: the embedded presets as JSON (name, scheme, model_type, source, revision).
Quantity presetsQuantity();
/// `compute learned`: the facts of a learned absolute table (n_positions = T_max) and which rows positions read;
/// a position >= T_max is bad input naming --positions.
Quantity learnedQuantity();

}  // namespace phaselens::cli
