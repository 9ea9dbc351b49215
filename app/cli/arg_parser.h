// PhaseLens CLI — a small command-line flag parser of our own.
//
// Why not Debian's CLI11 (libcli11-dev 2.1.2, tried for issue 12): it reads integers with base 0, so "--head-dim 0x10"
// is 16 and "010" is 8 (octal) without a word; it accepts '--state ""'; "12.5" is reported as "not in range"; an
// unknown flag's message lists the leftovers ("not expected: 64 --head-dimm") instead of naming flag and value. Every
// value would still need our own converters as validators, so CLI11 would replace only the tokenizer below.
// Parameter flags come from the one table in model/parameters.h through cli/parameter_flags.h.
//
// A command declares its flags as a list of FlagSpec (name, value kind, bounds, default, help text);
// the same list drives parsing, the typed getters of ParsedArgs and the generated --help text, so a
// flag's default and range are written exactly once.
//
// Syntax accepted by parseFlags():
//   --flag value        and  --flag=value          (every flag that takes a value)
//   --switch                                        (Switch flags take no value; "--switch=x" is an error)
//   lists               comma separated, e.g. --deltas 0,1,-5 or --relative-positions=-3,-2,5;
//                       blanks around items are ignored, empty items are an error.
//   negative values     a token that starts with '-' followed by a digit or '.' is a value, never a
//                       flag ("--deltas -5,3" works). Every other token starting with '-' is a flag.
// Numbers are decimal only: [+-]digits[.digits][e[+-]digits]. NaN, inf, hex floats, trailing junk,
// values that overflow a double and integers outside the flag's [min, max] are rejected. Integer
// flags reject fractions ("12.5") and exponents ("1e3").
//
// Every problem throws CliError with a one-line message that names the flag and the value as typed:
//   --head-dim: expected an integer, got '12.5'
//   --context: must be <= 2147483648, got '4294967296'
//   --rope-type: expected one of default, linear, ..., got 'foo'
//   --head-dim: given twice ('64' and '128')
//   unknown flag '--head-dimm' (value '64'); see 'phaselens compute rope --help'
// An alias (FlagSpec::aliases, e.g. --base for --rope-theta) is the same flag: "--base 1" is "--base: must be > 1,
// got '1'", and "--rope-theta 2 --base 3" is "given twice".
// Required flags are checked after every token has been read, so the first reported problem is the
// first bad token.
//
// Typical use:
//   const std::vector<FlagSpec> specs = {
//       integerFlag("--head-dim", "D", "channels per head", 2, 65536).required(),
//       numberFlag("--rope-theta", "B", "frequency base (radians)").withDefault("10000"),
//       numberListFlag("--deltas", "LIST", "query - key offsets (positions)"),
//   };
//   const ParsedArgs args = parseFlags(specs, tokens, "phaselens compute rope");
//   int64_t d = args.integer("--head-dim");
//   std::optional<std::vector<double>> deltas = args.optionalNumberList("--deltas");
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace phaselens::cli {

/// A usage or input error: the message is one line, names the flag and the value; exit code 2.
class CliError : public std::runtime_error {
  public:
    explicit CliError(const std::string& message) : std::runtime_error(message) {}
};

/// Builds the canonical message "<flag>: <reason>, got '<value>'".
CliError flagError(const std::string& flag, const std::string& reason, const std::string& value);

enum class ValueKind {
    Switch,       ///< no value; present or absent
    Integer,      ///< int64 in [minInt, maxInt]
    Number,       ///< finite double in [minNumber, maxNumber]
    IntegerList,  ///< comma-separated, each element as Integer
    NumberList,   ///< comma-separated, each element as Number
    Choice,       ///< one of `choices`
    Text,         ///< any non-empty string (a file path, a preset name); '' is refused
};

/// One flag: how it parses, how --help describes it, and which core parameter names it stands for.
struct FlagSpec {
    std::string name;  ///< "--head-dim" (always with the leading dashes)
    ValueKind kind = ValueKind::Switch;
    std::string metavar;                               ///< placeholder in help, e.g. "D"
    std::string help;                                  ///< one line: meaning and unit
    std::string defaultValue;                          ///< parsed like a typed value when the flag is absent; "" = none
    bool isRequired = false;                           ///< parseFlags throws when absent
    int64_t minInt = INT64_MIN, maxInt = INT64_MAX;    ///< Integer, IntegerList: inclusive bounds
    double minNumber = -1.0e308, maxNumber = 1.0e308;  ///< Number, NumberList: inclusive bounds (see minExclusive)
    bool minExclusive = false;                         ///< Number, NumberList: minNumber < v ("> 1")
    std::vector<std::string> choices;                  ///< Choice: accepted spellings (help lists them)
    /// snake_case names under which the core reports this value in std::invalid_argument messages
    /// ("head_dim", "rotary_dim"); used to rewrite core messages as "--head-dim: ...".
    std::vector<std::string> coreNames;
    /// Other accepted spellings (model/parameters.h): parsed as this flag, stored and read under `name`; messages
    /// about a typed value name the spelling typed; --help lists them after the canonical name.
    std::vector<std::string> aliases;

    // Chainable modifiers (return a copy so specs can be written as one expression).
    FlagSpec required() const;
    FlagSpec withDefault(const std::string& value) const;
    FlagSpec core(std::vector<std::string> names) const;
};

/// Factories for each kind. Integer bounds are inclusive.
FlagSpec switchFlag(const std::string& name, const std::string& help);
FlagSpec integerFlag(const std::string& name, const std::string& metavar, const std::string& help, int64_t min,
                     int64_t max);
FlagSpec numberFlag(const std::string& name, const std::string& metavar, const std::string& help, double min = -1.0e308,
                    double max = 1.0e308);
FlagSpec integerListFlag(const std::string& name, const std::string& metavar, const std::string& help, int64_t min,
                         int64_t max);
FlagSpec numberListFlag(const std::string& name, const std::string& metavar, const std::string& help,
                        double min = -1.0e308, double max = 1.0e308);
FlagSpec choiceFlag(const std::string& name, const std::string& metavar, const std::string& help,
                    std::vector<std::string> choices);
FlagSpec textFlag(const std::string& name, const std::string& metavar, const std::string& help);

/// Strict number parsing shared by the parser and tests. Throw CliError naming `flag` and `text`.
int64_t parseInteger(const std::string& flag, const std::string& text, int64_t min, int64_t max);
double parseNumber(const std::string& flag, const std::string& text, double min, double max, bool minExclusive = false);

/// True when `token` is a flag (starts with '-' and is not a negative number such as "-5" or "-.5").
bool looksLikeFlag(const std::string& token);

/// A flag value that arrives already typed (a model config's number) instead of as text: parseFlags takes it as if
/// the flag were typed, and the getters return `value` itself, never a printed and re-parsed copy. `text` is how
/// messages, raw() and reports show it. Integer flags take int64_t, Number flags double (or int64_t), NumberList
/// flags std::vector<double>, Choice and Text flags the text; any other pairing is parsed from `text`.
struct TypedFlagValue {
    std::string flag;
    std::variant<int64_t, double, std::vector<double>, std::string> value;
    std::string text;
};

/// Checks a typed value against its spec's range or choices, with the message parsing `v.text` would give.
void checkTypedValue(const FlagSpec& spec, const TypedFlagValue& v);

/// The flags given on one command line, converted and range-checked. Getters fall back to the
/// spec's default; asking for a flag that has neither a value nor a default, or that is not in the
/// spec list, is a programming error (std::logic_error).
class ParsedArgs {
  public:
    /// True when the flag was typed (defaults do not count).
    bool has(const std::string& flag) const;
    /// The value as typed, or the default, or "" (switches: "").
    std::string raw(const std::string& flag) const;

    int64_t integer(const std::string& flag) const;
    std::optional<int64_t> optionalInteger(const std::string& flag) const;
    double number(const std::string& flag) const;
    std::optional<double> optionalNumber(const std::string& flag) const;
    std::vector<int64_t> integerList(const std::string& flag) const;
    std::optional<std::vector<int64_t>> optionalIntegerList(const std::string& flag) const;
    std::vector<double> numberList(const std::string& flag) const;
    std::optional<std::vector<double>> optionalNumberList(const std::string& flag) const;
    std::string choice(const std::string& flag) const;  ///< Choice and Text flags: the value as typed

    /// The spec list the arguments were parsed against.
    const std::vector<FlagSpec>& specs() const { return specs_; }
    /// Flags in the order typed, as "--flag=value" / "--switch" (for messages).
    std::string typedSummary() const;

  private:
    friend ParsedArgs parseFlags(const std::vector<FlagSpec>&, const std::vector<std::string>&, const std::string&);
    friend ParsedArgs parseFlags(const std::vector<FlagSpec>&, const std::vector<std::string>&, const std::string&,
                                 const std::vector<TypedFlagValue>&);
    const FlagSpec& spec(const std::string& flag) const;
    std::optional<std::string> text(const std::string& flag) const;   // typed or default
    const TypedFlagValue* typedValue(const std::string& flag) const;  // overlay value whose kind fits, or null

    std::vector<FlagSpec> specs_;
    std::map<std::string, std::string> values_;    // flag → value as typed ("" for switches)
    std::vector<std::string> order_;               // flags in typed order
    std::map<std::string, TypedFlagValue> typed_;  // flags given as typed values (parseFlags' overlay)
};

/// Parses `tokens` (everything after the command words) against `specs`. `commandName` (e.g.
/// "phaselens compute rope") is used in the unknown-flag hint. Throws CliError.
ParsedArgs parseFlags(const std::vector<FlagSpec>& specs, const std::vector<std::string>& tokens,
                      const std::string& commandName);
/// The same, with `overlay` values given as if typed after the tokens (each checked with checkTypedValue; a flag
/// both in `tokens` and in `overlay` is "given twice"). Required flags may come from the overlay.
ParsedArgs parseFlags(const std::vector<FlagSpec>& specs, const std::vector<std::string>& tokens,
                      const std::string& commandName, const std::vector<TypedFlagValue>& overlay);

/// Help lines for the flags, aligned: "  --head-dim D   channels per head (integer 2..65536; required)".
/// Ranges are printed as model::rangeText (parameters.h) prints them: "2..1024", "> 1, <= 1e+300", ">= 0".
std::string formatFlagHelp(const std::vector<FlagSpec>& specs);

}  // namespace phaselens::cli
