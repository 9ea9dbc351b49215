#include "model/number_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace phaselens::model {

std::string plainNumber(double v) {
    if (!std::isfinite(v)) return v != v ? "nan" : (v > 0 ? "inf" : "-inf");
    const double a = std::abs(v);
    if (a != 0 && (a < 1e-4 || a >= 1e15)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g", v);
        return buf;
    }
    // Six significant digits without an exponent, trailing zeros dropped: 500000, 0.01, 3.14159, 100000000.
    const int magnitude = a == 0 ? 0 : static_cast<int>(std::floor(std::log10(a)));
    const int decimals = std::max(0, 5 - magnitude);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string out = buf;
    if (out.find('.') != std::string::npos) {
        while (out.back() == '0') out.pop_back();
        if (out.back() == '.') out.pop_back();
    }
    return out == "-0" ? "0" : out;
}

std::string groupedInteger(int64_t v) {
    const bool negative = v < 0;
    std::string digits = std::to_string(v);
    if (negative) digits.erase(0, 1);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return negative ? "-" + out : out;
}

}  // namespace phaselens::model
