#include "export/unicode_math.h"

#include <cctype>
#include <utility>

namespace phaselens::exporter {

namespace {

bool identChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Replaces `from` by `to` where `from` is not glued to an identifier on the left.
void replaceWord(std::string& s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at)) {
        if (at > 0 && identChar(s[at - 1])) {
            at += from.size();
            continue;
        }
        s.replace(at, from.size(), to);
        at += to.size();
    }
}

void replaceAll(std::string& s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

}  // namespace

std::string unicodeMath(const std::string& text) {
    std::string s = text;
    replaceWord(s, "theta'_i", "θ′ᵢ");
    replaceWord(s, "theta_i", "θᵢ");
    replaceWord(s, "theta'", "θ′");
    replaceWord(s, "theta", "θ");
    replaceAll(s, "(position x ", "(position × ");
    replaceAll(s, "<=", "≤");
    replaceAll(s, ">=", "≥");
    replaceAll(s, "!=", "≠");
    replaceWord(s, "sqrt(head_dim)", "√head_dim");
    replaceWord(s, "sqrt(d)", "√d");
    replaceWord(s, "sqrt(", "√(");
    replaceAll(s, "^(-", "^(−");
    return s;
}

}  // namespace phaselens::exporter
