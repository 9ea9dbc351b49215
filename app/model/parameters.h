// PhaseLens — the parameter vocabulary: one table of every parameter flag of `phaselens compute`, `phaselens export`
// and the window's command line, and of the AppState fields those flags set.
//
// Each entry gives the flag name (the same spelling in every command that takes it), its placeholder, a one-line
// help text (meaning and unit; --help appends the kind and range from the fields), the value kind, the inclusive
// range in 64-bit integers or doubles (a number's lower bound may be open: "> 1"), the commands that take it and the
// AppState JSON key (state_io.h) it maps to. Consumers:
//   - cli/parameter_flags.h turns an entry into a FlagSpec (arg_parser.h) for compute quantities, `export`'s
//     parameter flags and the window's flags (desktop/window_options.h), so name, range and help are written once;
//   - model/state_ranges.cpp checks a loaded state (settings.json) against the ranges of the keyed entries.
// The table is plain data (std only): phaselens_params links nothing, so the compute library, the model and the
// window all read it without pulling each other in.
//
// Where a range genuinely differs by command it is an explicit Variant of the entry, with the reason, never a second
// literal in a command's source. Today's variants:
//   --head-dim          compute rope, phase, xpos, mrope, critical-dim, decay-bound allow 2..65536: they compute one
//                       row of D/2 frequencies; the app and export draw D/2 x positions heatmaps (2..1024).
//   --d-model           compute sinusoidal allows 2..65536 (rows only at the given --positions).
//   --heads             compute alibi-slopes / alibi-bias allow 1..65536 (core::kMaxAlibiHeads; the output cap bounds
//                       the matrices); the app draws every head as a panel (1..128).
//   --resize            compute learned allows 1..2^24 rows (it returns only the --positions rows).
//   --training-context  compute critical-dim takes a real number L > 0 (the formula's log(L/2pi)).
//   --second-per-grid-t compute mrope takes one value per video segment (a list); the app has one for every video.
// One name per parameter; the spelling a command used before the vocabulary was shared stays accepted as an alias
// (Parameter::aliases): --base = --rope-theta, --scale-base = --xpos-scale-base, --layout = --sinusoidal-layout,
// --form = --alibi-form, and compute rope's --seq-len = --dynamic-seq-len (export refuses --seq-len, below).
// Names that changed meaning are refused with a pointer to the new one (`renamedFlags()`): `export --seq-len` was
// the bias-matrix size and is now `--bias-context`; in `compute`, --seq-len is the current sequence length (rope, an
// alias of --dynamic-seq-len) or the size of the N x N matrices (alibi-bias, nope).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace phaselens::model {

enum class ParamKind { Switch, Integer, Number, IntegerList, NumberList, Choice, Text };

/// The commands that read parameter flags. Bit values, combined in Parameter::uses.
enum Command : unsigned { kCompute = 1u, kExport = 2u, kWindow = 4u };

/// A command-specific departure from an entry's kind or range, with the reason (see the header comment).
struct ParamVariant {
    Command command = kCompute;
    std::vector<std::string_view> quantities;  ///< compute quantities it applies to (empty = every one)
    ParamKind kind = ParamKind::Integer;
    std::int64_t minInt = INT64_MIN, maxInt = INT64_MAX;
    double minNumber = -1.0e308, maxNumber = 1.0e308;
    bool minExclusive = false;
    std::string_view why;
};

struct Parameter {
    std::string_view flag;     ///< "--head-dim"
    std::string_view metavar;  ///< placeholder in help, "D"
    std::string_view help;     ///< one line: meaning and unit (no range: it is printed from the fields)
    ParamKind kind = ParamKind::Switch;
    unsigned uses = 0;                                    ///< Command bits
    std::int64_t minInt = INT64_MIN, maxInt = INT64_MAX;  ///< Integer, IntegerList: inclusive
    double minNumber = -1.0e308, maxNumber = 1.0e308;     ///< Number, NumberList: inclusive unless minExclusive
    bool minExclusive = false;                            ///< Number, NumberList: minNumber < v
    bool even = false;                                    ///< Integer: must be even (checked by the state and core)
    std::string_view stateKey;                            ///< AppState JSON key (state_io.h); "" = none
    std::vector<std::string_view> choices;  ///< Choice: accepted spellings; empty = supplied by the command
    std::vector<ParamVariant> variants;
    /// Other accepted spellings, in every command that takes the entry (except where renamedFlags() refuses that
    /// spelling for the command): the same flag, value and output. --help lists them after the canonical name.
    std::vector<std::string_view> aliases;
    /// The core RoPE field this flag sets: its key in core::forEachRopeField (rope_scaling.h), e.g. "seq_len" for
    /// --dynamic-seq-len; "" = none. `compute rope`'s "ignored for this type" / "required" checks read it.
    std::string_view ropeKey;
};

/// Every parameter, in the order `export --help` lists them.
const std::vector<Parameter>& parameters();

/// The entry for `flag`, or nullptr.
const Parameter* findParameter(std::string_view flag);

/// The entry as `command` (and, for compute, `quantity`) sees it: a matching variant's kind and range applied.
/// Throws std::logic_error when `flag` is not in the table or not used by that command (a programming error).
Parameter parameterFor(std::string_view flag, Command command, std::string_view quantity = "");

/// The entry whose stateKey is `key`, or nullptr (state range checks).
const Parameter* parameterForStateKey(std::string_view key);

/// An old spelling that now means something else or nothing: {command, old flag, the message after "old flag: "}.
struct RenamedFlag {
    Command command;
    std::string_view flag;
    std::string_view message;
};
const std::vector<RenamedFlag>& renamedFlags();

/// The range as --help prints it, e.g. "2..1024", "> 1 .. 1e+300", "" when unbounded (Switch, Text, Choice too).
std::string rangeText(const Parameter& p);
/// A range bound as help texts print it: integers in full ("1000000"), others in the shortest %g form that reads
/// back exactly ("0.5", "1e+300").
std::string boundText(double v);

}  // namespace phaselens::model
