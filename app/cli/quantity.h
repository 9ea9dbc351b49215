// PhaseLens CLI — the quantities behind `phaselens compute <quantity> [flags]`.
//
// A Quantity is data: its name, help text, flag specs and a compute function that turns parsed
// flags into one JSON object (built with the helpers in json_output.h). runCli() does everything
// else — dispatch, --help, parsing, error translation, printing — so a quantity never writes to a
// stream and never decides an exit code.
//
// Errors inside compute:
//   throw CliError for problems the CLI detects itself (message names the flag and the value);
//   let std::invalid_argument from core propagate: runCli rewrites "head_dim must be even, got 7"
//   as "--head-dim: head_dim must be even, got 7" using each FlagSpec's coreNames;
//   NonFiniteOutput (a result overflowed) is reported with the flags as typed.
//
// Adding a quantity:
//   1. write `Quantity fooQuantity()` in a compute_*.cpp (flags, help, compute lambda) and declare it
//      below; keep the output keys snake_case and put "quantity" first;
//   2. append it to the list in quantity_registry.cpp (the order is the order of `compute --help`);
//   3. add key/value/bad-input tests to tests/cli/cli_test.cpp.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cli/arg_parser.h"
#include "cli/json_output.h"

namespace phaselens::cli {

struct Quantity {
    std::string name;         ///< the word after `compute`, e.g. "rope"
    std::string summary;      ///< one line for `phaselens compute --help`
    std::string usage;        ///< e.g. "--head-dim D --rope-theta B [flags]"
    std::string description;  ///< paragraph(s) for `compute <name> --help`: formulas, units, output keys
    std::vector<FlagSpec> flags;
    std::function<Json(const ParsedArgs&)> compute;
    /// True when the quantity reads --config/--preset itself (a layer plan) instead of having them turned into its
    /// flags by applyConfigFlags (compute_config.h).
    bool readsConfigItself = false;
};

/// Every quantity, in help order.
const std::vector<Quantity>& allQuantities();
/// nullptr when no quantity has that name.
const Quantity* findQuantity(const std::string& name);

// Definitions live in compute_rope.cpp (rotary family) and compute_tables.cpp (the others).
Quantity ropeQuantity();
Quantity phaseQuantity();
Quantity xposQuantity();
Quantity sinusoidalQuantity();
Quantity alibiSlopesQuantity();
Quantity alibiBiasQuantity();
Quantity t5BucketsQuantity();
Quantity nopeQuantity();
// Layered models (compute_layers.cpp).
Quantity layersQuantity();
Quantity logitScaleQuantity();
// Study figures (compute_study.cpp).
Quantity baseBoundQuantity();
Quantity criticalDimQuantity();
Quantity decayBoundQuantity();
Quantity mropeQuantity();  ///< compute_mrope.cpp

// Shared limits (also quoted in help texts).
constexpr int64_t kMaxHeadDim = 65536;                   ///< head_dim / d_model cap
constexpr int64_t kMaxLength = int64_t{1} << 31;         ///< seq-len, context, max/original positions
constexpr int64_t kMaxOutputNumbers = int64_t{1} << 24;  ///< cap on numbers in one matrix output
constexpr double kMaxPosition = 9007199254740992.0;      ///< 2^53: |delta|, |position| (exact integers)

}  // namespace phaselens::cli
