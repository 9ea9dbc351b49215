// PhaseLens app — numbers as the UI shows them: plain digits, never an exponent like 1.05e+06 for the values a
// student reads (contexts, bases, factors), integers with thousands separators. GL- and ImGui-free.
#pragma once

#include <cstdint>
#include <string>

namespace phaselens::model {

/// Six significant digits, no exponent between 1e-4 and 1e15 (500000, 0.01, 100000000, 3.14159), trailing zeros
/// dropped; "%.6g" outside that range.
std::string plainNumber(double v);
/// An integer with thousands separators: 1048576 → "1,048,576".
std::string groupedInteger(int64_t v);

}  // namespace phaselens::model
