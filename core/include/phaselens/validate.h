// PhaseLens core — parameter validation helpers.
//
// Every core function validates its inputs and throws std::invalid_argument with a message that
// names the parameter and the offending value, e.g. "head_dim must be even, got 7". These helpers
// keep those messages uniform. Parameter names use the Hugging Face / CLI spelling (snake_case) so
// a user can map a message straight to the flag or config field they typed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace phaselens::core {

/// Formats a double with round-trip precision (17 significant digits, shortest form that
/// parses back to the same value where possible), e.g. for error messages.
std::string formatDouble(double value);

/// Throws std::invalid_argument("<name> must be finite, got <value>") for NaN or ±inf.
void requireFinite(const char* name, double value);
/// Throws unless value is finite and > 0.
void requirePositive(const char* name, double value);
/// Throws unless value is finite and > lowerExclusive.
void requireGreater(const char* name, double value, double lowerExclusive);
/// Throws unless value is finite and >= lowerInclusive.
void requireAtLeast(const char* name, double value, double lowerInclusive);
/// Throws unless lo <= value <= hi (integer form).
void requireInRange(const char* name, int64_t value, int64_t lo, int64_t hi);
/// Throws unless every element is finite (message names the index).
void requireAllFinite(const char* name, const std::vector<double>& values);

}  // namespace phaselens::core
