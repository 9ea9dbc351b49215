#include "cli/arg_parser.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "model/parameters.h"

namespace phaselens::cli {

// -----------------------------------------------------------------------------
// [SECTION] Specs
// -----------------------------------------------------------------------------

CliError flagError(const std::string& flag, const std::string& reason, const std::string& value) {
    return CliError(flag + ": " + reason + ", got '" + value + "'");
}

FlagSpec FlagSpec::required() const {
    FlagSpec s = *this;
    s.isRequired = true;
    return s;
}

FlagSpec FlagSpec::withDefault(const std::string& value) const {
    FlagSpec s = *this;
    s.defaultValue = value;
    return s;
}

FlagSpec FlagSpec::core(std::vector<std::string> names) const {
    FlagSpec s = *this;
    s.coreNames = std::move(names);
    return s;
}

namespace {

FlagSpec makeSpec(const std::string& name, ValueKind kind, const std::string& metavar, const std::string& help) {
    FlagSpec s;
    s.name = name;
    s.kind = kind;
    s.metavar = metavar;
    s.help = help;
    return s;
}

}  // namespace

FlagSpec switchFlag(const std::string& name, const std::string& help) {
    return makeSpec(name, ValueKind::Switch, "", help);
}

FlagSpec integerFlag(const std::string& name, const std::string& metavar, const std::string& help, int64_t min,
                     int64_t max) {
    FlagSpec s = makeSpec(name, ValueKind::Integer, metavar, help);
    s.minInt = min;
    s.maxInt = max;
    return s;
}

FlagSpec numberFlag(const std::string& name, const std::string& metavar, const std::string& help, double min,
                    double max) {
    FlagSpec s = makeSpec(name, ValueKind::Number, metavar, help);
    s.minNumber = min;
    s.maxNumber = max;
    return s;
}

FlagSpec integerListFlag(const std::string& name, const std::string& metavar, const std::string& help, int64_t min,
                         int64_t max) {
    FlagSpec s = integerFlag(name, metavar, help, min, max);
    s.kind = ValueKind::IntegerList;
    return s;
}

FlagSpec numberListFlag(const std::string& name, const std::string& metavar, const std::string& help, double min,
                        double max) {
    FlagSpec s = numberFlag(name, metavar, help, min, max);
    s.kind = ValueKind::NumberList;
    return s;
}

FlagSpec choiceFlag(const std::string& name, const std::string& metavar, const std::string& help,
                    std::vector<std::string> choices) {
    FlagSpec s = makeSpec(name, ValueKind::Choice, metavar, help);
    s.choices = std::move(choices);
    return s;
}

FlagSpec textFlag(const std::string& name, const std::string& metavar, const std::string& help) {
    return makeSpec(name, ValueKind::Text, metavar, help);
}

// -----------------------------------------------------------------------------
// [SECTION] Numbers
// -----------------------------------------------------------------------------

namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// Length of the run of digits starting at text[pos].
size_t digitRun(const std::string& text, size_t pos) {
    size_t n = 0;
    while (pos + n < text.size() && isDigit(text[pos + n])) ++n;
    return n;
}

// [+-]digits
bool isIntegerSyntax(const std::string& t) {
    size_t pos = (!t.empty() && (t[0] == '+' || t[0] == '-')) ? 1 : 0;
    const size_t digits = digitRun(t, pos);
    return digits > 0 && pos + digits == t.size();
}

// [+-](digits[.digits?] | .digits)([eE][+-]?digits)?
bool isDecimalSyntax(const std::string& t) {
    size_t pos = (!t.empty() && (t[0] == '+' || t[0] == '-')) ? 1 : 0;
    const size_t intDigits = digitRun(t, pos);
    pos += intDigits;
    size_t fracDigits = 0;
    if (pos < t.size() && t[pos] == '.') {
        ++pos;
        fracDigits = digitRun(t, pos);
        pos += fracDigits;
    }
    if (intDigits + fracDigits == 0) return false;
    if (pos < t.size() && (t[pos] == 'e' || t[pos] == 'E')) {
        ++pos;
        if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) ++pos;
        const size_t expDigits = digitRun(t, pos);
        if (expDigits == 0) return false;
        pos += expDigits;
    }
    return pos == t.size();
}

bool looksNonFinite(const std::string& t) {
    std::string lower;
    for (char c : t)
        if (c != '+' && c != '-') lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == "nan" || lower == "inf" || lower == "infinity";
}

std::string trim(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    const size_t e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

// A bound as --help prints it: the parameter table's rule (model::boundText), so the two cannot disagree.
std::string formatHelpBound(double v) {
    return model::boundText(v);
}

std::string formatBound(double v) {
    std::ostringstream os;
    os.precision(17);
    os << v;
    return os.str();
}

// std::from_chars is locale independent (a GUI locale with decimal commas cannot change parsing); it
// does not take a leading '+', which the syntax checks above allow.
const char* skipPlus(const std::string& text) {
    return text.c_str() + (!text.empty() && text[0] == '+' ? 1 : 0);
}

// Each converter returns "" on success or the reason the text is not acceptable.
std::string convertInteger(const std::string& text, int64_t min, int64_t max, int64_t& out) {
    if (!isIntegerSyntax(text)) return looksNonFinite(text) ? "expected a finite integer" : "expected an integer";
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(skipPlus(text), text.c_str() + text.size(), v);
    if (ec == std::errc::result_out_of_range)
        return text[0] == '-' ? "must be >= " + std::to_string(min) : "must be <= " + std::to_string(max);
    if (ec != std::errc() || end != text.c_str() + text.size()) return "expected an integer";
    if (v > max) return "must be <= " + std::to_string(max);
    if (v < min) return "must be >= " + std::to_string(min);
    out = v;
    return "";
}

std::string convertNumber(const std::string& text, double min, double max, double& out, bool minExclusive = false) {
    if (!isDecimalSyntax(text)) return looksNonFinite(text) ? "expected a finite number" : "expected a number";
    double v = 0;
    const auto [end, ec] = std::from_chars(skipPlus(text), text.c_str() + text.size(), v);
    if (ec == std::errc::result_out_of_range) return "number is outside the range of a double";
    if (ec != std::errc() || end != text.c_str() + text.size() || !std::isfinite(v)) return "expected a number";
    if (minExclusive && !(v > min)) return "must be > " + formatBound(min);
    if (v < min) return "must be >= " + formatBound(min);
    if (v > max) return "must be <= " + formatBound(max);
    out = v;
    return "";
}

}  // namespace

int64_t parseInteger(const std::string& flag, const std::string& text, int64_t min, int64_t max) {
    int64_t v = 0;
    const std::string problem = convertInteger(text, min, max, v);
    if (!problem.empty()) throw flagError(flag, problem, text);
    return v;
}

double parseNumber(const std::string& flag, const std::string& text, double min, double max, bool minExclusive) {
    double v = 0;
    const std::string problem = convertNumber(text, min, max, v, minExclusive);
    if (!problem.empty()) throw flagError(flag, problem, text);
    return v;
}

bool looksLikeFlag(const std::string& token) {
    if (token.size() < 2 || token[0] != '-') return false;
    return !(isDigit(token[1]) || token[1] == '.');
}

// -----------------------------------------------------------------------------
// [SECTION] Conversion of one value
// -----------------------------------------------------------------------------

namespace {

std::vector<std::string> splitList(const FlagSpec& spec, const std::string& text) {
    std::vector<std::string> items;
    size_t start = 0;
    while (true) {
        const size_t comma = text.find(',', start);
        const std::string item =
            trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (item.empty())
            throw flagError(spec.name,
                            "item " + std::to_string(items.size() + 1) + " of the comma-separated list is empty", text);
        items.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return items;
}

// "<flag>: item k 'x': <reason>, got '<whole list>'".
CliError itemError(const FlagSpec& spec, const std::string& whole, size_t index, const std::string& item,
                   const std::string& problem) {
    return flagError(spec.name, "item " + std::to_string(index + 1) + " '" + item + "': " + problem, whole);
}

std::vector<int64_t> convertIntegerList(const FlagSpec& spec, const std::string& text) {
    const auto items = splitList(spec, text);
    std::vector<int64_t> out(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
        const std::string problem = convertInteger(items[i], spec.minInt, spec.maxInt, out[i]);
        if (!problem.empty()) throw itemError(spec, text, i, items[i], problem);
    }
    return out;
}

std::vector<double> convertNumberList(const FlagSpec& spec, const std::string& text) {
    const auto items = splitList(spec, text);
    std::vector<double> out(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
        const std::string problem = convertNumber(items[i], spec.minNumber, spec.maxNumber, out[i], spec.minExclusive);
        if (!problem.empty()) throw itemError(spec, text, i, items[i], problem);
    }
    return out;
}

// Checks that `text` converts under `spec`; throws CliError otherwise.
void checkValue(const FlagSpec& spec, const std::string& text) {
    switch (spec.kind) {
        case ValueKind::Switch:
            return;
        case ValueKind::Text:  // '--state ""' is a mistake, never "no state"
            if (text.empty()) throw flagError(spec.name, "expected a non-empty " + spec.metavar, text);
            return;
        case ValueKind::Integer:
            parseInteger(spec.name, text, spec.minInt, spec.maxInt);
            return;
        case ValueKind::Number:
            parseNumber(spec.name, text, spec.minNumber, spec.maxNumber, spec.minExclusive);
            return;
        case ValueKind::IntegerList:
            convertIntegerList(spec, text);
            return;
        case ValueKind::NumberList:
            convertNumberList(spec, text);
            return;
        case ValueKind::Choice: {
            if (std::find(spec.choices.begin(), spec.choices.end(), text) != spec.choices.end()) return;
            std::string list;
            for (const auto& c : spec.choices) list += (list.empty() ? "" : ", ") + c;
            throw flagError(spec.name, "expected one of " + list, text);
        }
    }
}

// True when `v` holds the alternative that `spec.kind` reads directly (otherwise its text is parsed).
bool fitsKind(const FlagSpec& spec, const TypedFlagValue& v) {
    switch (spec.kind) {
        case ValueKind::Integer:
            return std::holds_alternative<int64_t>(v.value);
        case ValueKind::Number:
            return std::holds_alternative<double>(v.value) || std::holds_alternative<int64_t>(v.value);
        case ValueKind::NumberList:
            return std::holds_alternative<std::vector<double>>(v.value);
        case ValueKind::Choice:
        case ValueKind::Text:
            return std::holds_alternative<std::string>(v.value);
        case ValueKind::Switch:
        case ValueKind::IntegerList:
            return false;
    }
    return false;
}

double asDouble(const TypedFlagValue& v) {
    if (const double* d = std::get_if<double>(&v.value)) return *d;
    return static_cast<double>(std::get<int64_t>(v.value));
}

// The problem convertNumber reports for the printed form of `x`, or "".
std::string numberProblem(double x, double min, double max) {
    if (!std::isfinite(x)) return "expected a finite number";
    if (x < min) return "must be >= " + formatBound(min);
    if (x > max) return "must be <= " + formatBound(max);
    return "";
}

}  // namespace

void checkTypedValue(const FlagSpec& spec, const TypedFlagValue& v) {
    if (!fitsKind(spec, v)) return checkValue(spec, v.text);
    switch (spec.kind) {
        case ValueKind::Integer: {
            const int64_t x = std::get<int64_t>(v.value);
            if (x > spec.maxInt) throw flagError(spec.name, "must be <= " + std::to_string(spec.maxInt), v.text);
            if (x < spec.minInt) throw flagError(spec.name, "must be >= " + std::to_string(spec.minInt), v.text);
            return;
        }
        case ValueKind::Number: {
            const std::string problem = numberProblem(asDouble(v), spec.minNumber, spec.maxNumber);
            if (!problem.empty()) throw flagError(spec.name, problem, v.text);
            return;
        }
        case ValueKind::NumberList: {
            const auto& list = std::get<std::vector<double>>(v.value);
            if (list.empty()) return checkValue(spec, v.text);  // the parser's "item 1 ... is empty"
            const std::vector<std::string> items = splitList(spec, v.text);
            for (size_t i = 0; i < list.size(); ++i) {
                const std::string problem = numberProblem(list[i], spec.minNumber, spec.maxNumber);
                if (!problem.empty())
                    throw itemError(spec, v.text, i, i < items.size() ? items[i] : std::string(), problem);
            }
            return;
        }
        default:
            return checkValue(spec, v.text);
    }
}

// -----------------------------------------------------------------------------
// [SECTION] ParsedArgs
// -----------------------------------------------------------------------------

const FlagSpec& ParsedArgs::spec(const std::string& flag) const {
    for (const auto& s : specs_)
        if (s.name == flag) return s;
    throw std::logic_error("flag " + flag + " is not declared for this command");
}

std::optional<std::string> ParsedArgs::text(const std::string& flag) const {
    const FlagSpec& s = spec(flag);
    const auto it = values_.find(flag);
    if (it != values_.end()) return it->second;
    if (!s.defaultValue.empty()) return s.defaultValue;
    return std::nullopt;
}

const TypedFlagValue* ParsedArgs::typedValue(const std::string& flag) const {
    const auto it = typed_.find(flag);
    return it != typed_.end() && fitsKind(spec(flag), it->second) ? &it->second : nullptr;
}

bool ParsedArgs::has(const std::string& flag) const {
    spec(flag);
    return values_.count(flag) > 0;
}

std::string ParsedArgs::raw(const std::string& flag) const {
    return text(flag).value_or("");
}

namespace {

template <typename T>
T valueOrThrow(const std::optional<T>& v, const std::string& flag) {
    if (!v) throw std::logic_error("flag " + flag + " has no value and no default");
    return *v;
}

}  // namespace

std::optional<int64_t> ParsedArgs::optionalInteger(const std::string& flag) const {
    const FlagSpec& s = spec(flag);
    if (const TypedFlagValue* v = typedValue(flag)) return std::get<int64_t>(v->value);
    const auto t = text(flag);
    if (!t) return std::nullopt;
    return parseInteger(s.name, *t, s.minInt, s.maxInt);
}

int64_t ParsedArgs::integer(const std::string& flag) const {
    return valueOrThrow(optionalInteger(flag), flag);
}

std::optional<double> ParsedArgs::optionalNumber(const std::string& flag) const {
    const FlagSpec& s = spec(flag);
    if (const TypedFlagValue* v = typedValue(flag)) return asDouble(*v);
    const auto t = text(flag);
    if (!t) return std::nullopt;
    return parseNumber(s.name, *t, s.minNumber, s.maxNumber, s.minExclusive);
}

double ParsedArgs::number(const std::string& flag) const {
    return valueOrThrow(optionalNumber(flag), flag);
}

std::optional<std::vector<int64_t>> ParsedArgs::optionalIntegerList(const std::string& flag) const {
    const FlagSpec& s = spec(flag);
    const auto t = text(flag);
    if (!t) return std::nullopt;
    return convertIntegerList(s, *t);
}

std::vector<int64_t> ParsedArgs::integerList(const std::string& flag) const {
    return valueOrThrow(optionalIntegerList(flag), flag);
}

std::optional<std::vector<double>> ParsedArgs::optionalNumberList(const std::string& flag) const {
    const FlagSpec& s = spec(flag);
    if (const TypedFlagValue* v = typedValue(flag)) return std::get<std::vector<double>>(v->value);
    const auto t = text(flag);
    if (!t) return std::nullopt;
    return convertNumberList(s, *t);
}

std::vector<double> ParsedArgs::numberList(const std::string& flag) const {
    return valueOrThrow(optionalNumberList(flag), flag);
}

std::string ParsedArgs::choice(const std::string& flag) const {
    return valueOrThrow(text(flag), flag);
}

std::string ParsedArgs::typedSummary() const {
    std::string out;
    for (const auto& flag : order_) {
        if (!out.empty()) out += ' ';
        const std::string& v = values_.at(flag);
        out += spec(flag).kind == ValueKind::Switch ? flag : flag + "=" + v;
    }
    return out;
}

// -----------------------------------------------------------------------------
// [SECTION] parseFlags
// -----------------------------------------------------------------------------

ParsedArgs parseFlags(const std::vector<FlagSpec>& specs, const std::vector<std::string>& tokens,
                      const std::string& commandName) {
    return parseFlags(specs, tokens, commandName, {});
}

ParsedArgs parseFlags(const std::vector<FlagSpec>& specs, const std::vector<std::string>& tokens,
                      const std::string& commandName, const std::vector<TypedFlagValue>& overlay) {
    ParsedArgs args;
    args.specs_ = specs;
    for (size_t i = 0; i < tokens.size(); ++i) {
        const std::string& token = tokens[i];
        if (!looksLikeFlag(token))
            throw CliError("unexpected argument '" + token + "'; see '" + commandName + " --help'");
        const size_t eq = token.find('=');
        const std::string name = token.substr(0, eq);
        const auto spec = std::find_if(specs.begin(), specs.end(), [&](const FlagSpec& s) {
            return s.name == name || std::find(s.aliases.begin(), s.aliases.end(), name) != s.aliases.end();
        });
        if (spec == specs.end()) {
            // Name the value too: after '=', or the next token when it is not a flag.
            std::string value;
            if (eq != std::string::npos)
                value = " (value '" + token.substr(eq + 1) + "')";
            else if (i + 1 < tokens.size() && !looksLikeFlag(tokens[i + 1]))
                value = " (value '" + tokens[i + 1] + "')";
            throw CliError("unknown flag '" + name + "'" + value + "; see '" + commandName + " --help'");
        }
        std::string value;
        if (spec->kind == ValueKind::Switch) {
            if (eq != std::string::npos) throw flagError(name, "takes no value", token.substr(eq + 1));
        } else if (eq != std::string::npos) {
            value = token.substr(eq + 1);
            if (value.empty()) throw CliError(name + ": missing value after '='");
        } else if (i + 1 < tokens.size() && !looksLikeFlag(tokens[i + 1])) {
            value = tokens[++i];
        } else {
            throw CliError(name + ": missing value (expected " + spec->metavar + ")");
        }
        const auto previous = args.values_.find(spec->name);
        if (previous != args.values_.end()) {
            if (spec->kind == ValueKind::Switch) throw CliError(name + ": given twice");
            throw CliError(name + ": given twice ('" + previous->second + "' and '" + value + "')");
        }
        if (name == spec->name) {
            checkValue(*spec, value);
        } else {  // an alias: messages name the spelling typed
            FlagSpec typed = *spec;
            typed.name = name;
            checkValue(typed, value);
        }
        args.values_[spec->name] = value;
        args.order_.push_back(spec->name);
    }
    for (const TypedFlagValue& v : overlay) {
        const auto spec = std::find_if(specs.begin(), specs.end(), [&](const FlagSpec& s) { return s.name == v.flag; });
        if (spec == specs.end())
            throw CliError("unknown flag '" + v.flag + "' (value '" + v.text + "'); see '" + commandName + " --help'");
        const auto previous = args.values_.find(v.flag);
        if (previous != args.values_.end())
            throw CliError(v.flag + ": given twice ('" + previous->second + "' and '" + v.text + "')");
        checkTypedValue(*spec, v);
        args.values_[v.flag] = v.text;
        args.order_.push_back(v.flag);
        args.typed_[v.flag] = v;
    }
    for (const auto& s : specs)
        if (s.isRequired && args.values_.count(s.name) == 0)
            throw CliError(s.name + ": required flag is missing; see '" + commandName + " --help'");
    return args;
}

// -----------------------------------------------------------------------------
// [SECTION] Help
// -----------------------------------------------------------------------------

namespace {

std::string describeKind(const FlagSpec& s) {
    // The same text as model::rangeText (parameters.h); tests/cli/parameters_test.cpp compares the two.
    auto intRange = [&]() -> std::string {
        const bool lo = s.minInt != INT64_MIN, hi = s.maxInt != INT64_MAX;
        if (lo && hi) return " " + std::to_string(s.minInt) + ".." + std::to_string(s.maxInt);
        if (lo) return " >= " + std::to_string(s.minInt);
        if (hi) return " <= " + std::to_string(s.maxInt);
        return "";
    };
    auto numberRange = [&]() -> std::string {
        const bool lo = s.minNumber > -1.0e308, hi = s.maxNumber < 1.0e308;
        const std::string low = (s.minExclusive ? "> " : ">= ") + formatHelpBound(s.minNumber);
        if (lo && hi) return " " + low + ", <= " + formatHelpBound(s.maxNumber);
        if (lo) return " " + low;
        if (hi) return " <= " + formatHelpBound(s.maxNumber);
        return "";
    };
    switch (s.kind) {
        case ValueKind::Switch:
            return "switch";
        case ValueKind::Integer:
            return "integer" + intRange();
        case ValueKind::Number:
            return "number" + numberRange();
        case ValueKind::IntegerList:
            return "comma-separated integers" + intRange();
        case ValueKind::NumberList:
            return "comma-separated numbers" + numberRange();
        case ValueKind::Text:
            return "text";
        case ValueKind::Choice: {
            std::string list;
            for (const auto& c : s.choices) list += (list.empty() ? "" : "|") + c;
            return list;
        }
    }
    return "";
}

// Appends `text` word-wrapped to `width` columns, continuation lines indented by `indent`.
void appendWrapped(std::ostringstream& os, const std::string& text, size_t indent, size_t width) {
    std::istringstream words(text);
    std::string word;
    size_t column = indent;
    bool first = true;
    while (words >> word) {
        if (!first && column + 1 + word.size() > width) {
            os << "\n" << std::string(indent, ' ');
            column = indent;
            first = true;
        }
        if (!first) {
            os << ' ';
            ++column;
        }
        os << word;
        column += word.size();
        first = false;
    }
    os << "\n";
}

}  // namespace

std::string formatFlagHelp(const std::vector<FlagSpec>& specs) {
    constexpr size_t kWidth = 100;
    size_t nameWidth = 0;
    std::vector<std::string> heads;
    for (const auto& s : specs) {
        heads.push_back(s.metavar.empty() ? s.name : s.name + " " + s.metavar);
        nameWidth = std::max(nameWidth, heads.back().size());
    }
    std::ostringstream os;
    for (size_t k = 0; k < specs.size(); ++k) {
        const FlagSpec& s = specs[k];
        std::string text = s.help + " (" + describeKind(s);
        if (s.isRequired) text += "; required";
        if (!s.defaultValue.empty()) text += "; default " + s.defaultValue;
        for (size_t a = 0; a < s.aliases.size(); ++a) text += (a == 0 ? "; alias " : ", ") + s.aliases[a];
        text += ")";
        os << "  " << heads[k] << std::string(nameWidth - heads[k].size() + 2, ' ');
        appendWrapped(os, text, nameWidth + 4, kWidth);
    }
    return os.str();
}

}  // namespace phaselens::cli
