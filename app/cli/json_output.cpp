#include "cli/json_output.h"

#include <algorithm>
#include <charconv>
#include <ios>
#include <random>
#include <string>

#include "json_text.h"
#include "phaselens/validate.h"

namespace phaselens::cli {

void requireFiniteOutput(const std::string& what, double value) {
    if (!std::isfinite(value))
        throw NonFiniteOutput("output " + what + " is not finite (" + core::formatDouble(value) + ")");
}

void putArray(Json& object, const std::string& key, const std::vector<Eigen::MatrixXd>& slices) {
    Json out = Json::array();
    for (size_t k = 0; k < slices.size(); ++k)
        out.push_back(detail::denseToJson(slices[k], key + "[" + std::to_string(k) + "]"));
    object[key] = std::move(out);
}

void putArray(Json& object, const std::string& key, std::vector<Eigen::MatrixXd>&& slices) {
    Json out = Json::array();
    for (size_t k = 0; k < slices.size(); ++k) {
        const std::string name = key + "[" + std::to_string(k) + "]";
        if (slices[k].size() >= detail::kDeferCells)
            out.push_back(detail::deferMatrix<double>(std::move(slices[k]), name));
        else
            out.push_back(detail::denseToJson(slices[k], name));
    }
    slices.clear();
    object[key] = std::move(out);
}

void putArray(Json& object, const std::string& key, const std::vector<double>& values) {
    putArray(object, key, Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size())));
}

void putArray(Json& object, const std::string& key, const std::vector<int64_t>& values) {
    using VectorXi64 = Eigen::Matrix<int64_t, Eigen::Dynamic, 1>;
    putArray(object, key, Eigen::Map<const VectorXi64>(values.data(), static_cast<Eigen::Index>(values.size())));
}

void putNumber(Json& object, const std::string& key, double value) {
    requireFiniteOutput(key, value);
    object[key] = value;
}

namespace {

struct Deferred {
    Eigen::Index rows = 0;
    detail::RowWriter writeRow;
};

// Writers waiting for dumpJson / writeJson, by placeholder index (one compute per process; cleared by them).
std::vector<Deferred>& deferred() {
    static std::vector<Deferred> writers;
    return writers;
}

// The placeholder's text inside the dumped document: a string no user value can spell (a random nonce).
std::string placeholder(std::size_t index) {
    static const std::string nonce = std::to_string(std::random_device{}()) + std::to_string(std::random_device{}());
    return "phaselens-deferred-" + nonce + "-" + std::to_string(index);
}

}  // namespace

Json detail::deferRows(Eigen::Index rows, RowWriter writeRow) {
    deferred().push_back({rows, std::move(writeRow)});
    return Json(placeholder(deferred().size() - 1));
}

void detail::appendJsonRow(std::string& out, const Json& row) {
    out += phaselens::json_text::dump(row);
}

namespace {

template <typename T, typename Format>
void appendRow(std::string& out, const T* values, Eigen::Index count, Eigen::Index stride, std::size_t maxChars,
               const Format& format) {
    std::size_t at = out.size();
    out.resize(at + 2 + static_cast<std::size_t>(count) * (maxChars + 1));
    char* p = out.data() + at;
    *p++ = '[';
    for (Eigen::Index j = 0; j < count; ++j) {
        if (j) *p++ = ',';
        p = format(p, values[j * stride]);
    }
    *p++ = ']';
    out.resize(static_cast<std::size_t>(p - out.data()));
}

}  // namespace

void detail::appendNumberRow(std::string& out, const double* values, Eigen::Index count, Eigen::Index stride) {
    // nlohmann's serializer writes a finite double exactly as detail::to_chars does (its dump_float).
    appendRow(out, values, count, stride, 32,
              [](char* p, double v) { return nlohmann::detail::to_chars(p, p + 32, v); });
}

void detail::appendNumberRow(std::string& out, const int* values, Eigen::Index count, Eigen::Index stride) {
    appendRow(out, values, count, stride, 12, [](char* p, int v) { return std::to_chars(p, p + 12, v).ptr; });
}

void detail::appendNumberRow(std::string& out, const int64_t* values, Eigen::Index count, Eigen::Index stride) {
    appendRow(out, values, count, stride, 21, [](char* p, int64_t v) { return std::to_chars(p, p + 21, v).ptr; });
}

namespace {

// The compact text of a document with its deferred matrices still as placeholders, and where each placeholder
// sits (text order). Takes the deferred list over (it is empty afterwards).
struct Layout {
    std::string text;
    std::vector<Deferred> matrices;
    std::vector<std::pair<std::size_t, std::size_t>> spots;  // (position in text, matrix index)
};

Layout layoutOf(const Json& value) {
    // nlohmann formats doubles with Grisu2 (shortest digits that read back to the same double), so no
    // precision setting is needed; the tests parse every printed double back and compare with ==.
    Layout l;
    l.text = phaselens::json_text::dump(value);
    l.matrices.swap(deferred());
    for (std::size_t k = 0; k < l.matrices.size(); ++k)
        if (const std::size_t at = l.text.find("\"" + placeholder(k) + "\""); at != std::string::npos)
            l.spots.emplace_back(at, k);
    std::sort(l.spots.begin(), l.spots.end());
    return l;
}

// Emits the document: text pieces and each deferred matrix as "[row,row,...]"; after every row `row(out)`
// may flush `out`.
template <class AfterRow>
void emit(Layout& l, std::string& out, const AfterRow& afterRow) {
    std::size_t from = 0;
    for (const auto& [at, k] : l.spots) {
        out.append(l.text, from, at - from);
        const Deferred d = std::move(l.matrices[k]);
        l.matrices[k] = Deferred{};
        out += '[';
        for (Eigen::Index i = 0; i < d.rows; ++i) {
            if (i) out += ',';
            d.writeRow(out, i);
            afterRow(out);
        }
        out += ']';
        from = at + placeholder(k).size() + 2;
    }
    out.append(l.text, from, std::string::npos);
}

}  // namespace

std::string dumpJson(const Json& value) {
    Layout l = layoutOf(value);
    if (l.spots.empty()) return std::move(l.text);
    std::string out;
    emit(l, out, [](std::string&) {});
    return out;
}

void writeJson(const Json& value, std::ostream& out, core::Progress* progress) {
    Layout l = layoutOf(value);
    if (progress) {
        int64_t rows = 0;
        for (const auto& spot : l.spots) rows += l.matrices[spot.second].rows;
        progress->start(rows);
    }
    constexpr std::size_t kFlushBytes = std::size_t{1} << 20;
    std::string buffer;
    buffer.reserve(kFlushBytes + (std::size_t{1} << 16));
    const auto flush = [&](std::string& b) {
        out.write(b.data(), static_cast<std::streamsize>(b.size()));
        b.clear();
        if (!out) throw std::ios_base::failure("cannot write the JSON output");
    };
    emit(l, buffer, [&](std::string& b) {
        if (b.size() >= kFlushBytes) flush(b);
        if (progress) progress->advance(1);
    });
    flush(buffer);
}

}  // namespace phaselens::cli
