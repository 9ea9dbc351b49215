#include "phaselens/validate.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace phaselens::core {

std::string formatDouble(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    char buf[64];
    if (value == std::floor(value) && std::abs(value) < 1e15) {  // whole numbers read as integers
        std::snprintf(buf, sizeof buf, "%.0f", value);
        return buf;
    }
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, value);
        if (std::strtod(buf, nullptr) == value) break;
    }
    return buf;
}

void requireFinite(const char* name, double value) {
    if (!std::isfinite(value))
        throw std::invalid_argument(std::string(name) + " must be finite, got " + formatDouble(value));
}

void requirePositive(const char* name, double value) {
    requireFinite(name, value);
    if (!(value > 0)) throw std::invalid_argument(std::string(name) + " must be > 0, got " + formatDouble(value));
}

void requireGreater(const char* name, double value, double lowerExclusive) {
    requireFinite(name, value);
    if (!(value > lowerExclusive))
        throw std::invalid_argument(std::string(name) + " must be > " + formatDouble(lowerExclusive) + ", got " +
                                    formatDouble(value));
}

void requireAtLeast(const char* name, double value, double lowerInclusive) {
    requireFinite(name, value);
    if (!(value >= lowerInclusive))
        throw std::invalid_argument(std::string(name) + " must be >= " + formatDouble(lowerInclusive) + ", got " +
                                    formatDouble(value));
}

void requireInRange(const char* name, int64_t value, int64_t lo, int64_t hi) {
    if (value < lo || value > hi)
        throw std::invalid_argument(std::string(name) + " must be in [" + std::to_string(lo) + ", " +
                                    std::to_string(hi) + "], got " + std::to_string(value));
}

void requireAllFinite(const char* name, const std::vector<double>& values) {
    for (size_t i = 0; i < values.size(); ++i)
        if (!std::isfinite(values[i]))
            throw std::invalid_argument(std::string(name) + "[" + std::to_string(i) + "] must be finite, got " +
                                        formatDouble(values[i]));
}

}  // namespace phaselens::core
