// PhaseLens CLI — parameter flags from the one parameter table (model/parameters.h).
//
// parameterFlag("--head-dim", model::kCompute, "rope") is the FlagSpec (arg_parser.h) of that table entry as compute
// rope sees it: the table's name, placeholder, help, kind and range (a Variant applied where the table declares one).
// Commands add only what is theirs: .required(), .withDefault(...), .core({...}) (the core's names of the value), and
// the choices of --rope-type. So `compute`, `export` and the window spell, range-check and describe a parameter alike.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cli/arg_parser.h"
#include "model/parameters.h"

namespace phaselens::cli {

/// The FlagSpec of table entry `flag` for `command` (and compute `quantity`). Throws std::logic_error when the table
/// has no such entry for that command (a programming error, caught by tests/cli/parameters_test.cpp).
FlagSpec parameterFlag(std::string_view flag, model::Command command, std::string_view quantity = "");

/// Every table entry used by `command`, in table order (the parameter flags of `export`, the window's flags).
std::vector<FlagSpec> parameterFlags(model::Command command);

/// Throws CliError "<old flag>: renamed to ..., got '<value>'" when `tokens` (a command line after the command words)
/// use a flag that the table lists as renamed for `command` (model::renamedFlags), e.g. `export --seq-len`.
void refuseRenamedFlags(const std::vector<std::string>& tokens, model::Command command);

}  // namespace phaselens::cli
