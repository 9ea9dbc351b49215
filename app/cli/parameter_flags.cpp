#include "cli/parameter_flags.h"

#include <stdexcept>

namespace phaselens::cli {

namespace {

ValueKind valueKind(model::ParamKind kind) {
    switch (kind) {
        case model::ParamKind::Switch:
            return ValueKind::Switch;
        case model::ParamKind::Integer:
            return ValueKind::Integer;
        case model::ParamKind::Number:
            return ValueKind::Number;
        case model::ParamKind::IntegerList:
            return ValueKind::IntegerList;
        case model::ParamKind::NumberList:
            return ValueKind::NumberList;
        case model::ParamKind::Choice:
            return ValueKind::Choice;
        case model::ParamKind::Text:
            return ValueKind::Text;
    }
    throw std::logic_error("unknown parameter kind");
}

bool refused(std::string_view flag, model::Command command) {
    for (const model::RenamedFlag& r : model::renamedFlags())
        if (r.command == command && r.flag == flag) return true;
    return false;
}

FlagSpec toSpec(const model::Parameter& p, model::Command command) {
    FlagSpec s;
    s.name = std::string(p.flag);
    s.kind = valueKind(p.kind);
    s.metavar = std::string(p.metavar);
    s.help = std::string(p.help);
    s.minInt = p.minInt;
    s.maxInt = p.maxInt;
    s.minNumber = p.minNumber;
    s.maxNumber = p.maxNumber;
    s.minExclusive = p.minExclusive;
    for (std::string_view c : p.choices) s.choices.emplace_back(c);
    for (std::string_view a : p.aliases)
        if (!refused(a, command)) s.aliases.emplace_back(a);
    return s;
}

}  // namespace

FlagSpec parameterFlag(std::string_view flag, model::Command command, std::string_view quantity) {
    return toSpec(model::parameterFor(flag, command, quantity), command);
}

std::vector<FlagSpec> parameterFlags(model::Command command) {
    std::vector<FlagSpec> specs;
    for (const model::Parameter& p : model::parameters())
        if ((p.uses & command) != 0) specs.push_back(toSpec(model::parameterFor(p.flag, command), command));
    return specs;
}

void refuseRenamedFlags(const std::vector<std::string>& tokens, model::Command command) {
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (!looksLikeFlag(tokens[i])) continue;
        const size_t eq = tokens[i].find('=');
        const std::string name = tokens[i].substr(0, eq);
        std::string value;
        if (eq != std::string::npos)
            value = tokens[i].substr(eq + 1);
        else if (i + 1 < tokens.size() && !looksLikeFlag(tokens[i + 1]))
            value = tokens[i + 1];
        for (const model::RenamedFlag& r : model::renamedFlags())
            if (r.command == command && name == r.flag) throw flagError(name, std::string(r.message), value);
    }
}

}  // namespace phaselens::cli
