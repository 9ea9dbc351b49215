#include "cli/json_output.h"

#include <algorithm>
#include <random>

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

// Writers waiting for dumpJson, by placeholder index (one compute per process; cleared by dumpJson).
std::vector<std::function<void(std::string&)>>& deferred() {
    static std::vector<std::function<void(std::string&)>> writers;
    return writers;
}

// The placeholder's text inside the dumped document: a string no user value can spell (a random nonce).
std::string placeholder(std::size_t index) {
    static const std::string nonce = std::to_string(std::random_device{}()) + std::to_string(std::random_device{}());
    return "phaselens-deferred-" + nonce + "-" + std::to_string(index);
}

}  // namespace

Json detail::deferWriter(std::function<void(std::string&)> write) {
    deferred().push_back(std::move(write));
    return Json(placeholder(deferred().size() - 1));
}

void detail::appendJsonRow(std::string& out, const Json& row) {
    out += phaselens::json_text::dump(row);
}

std::string dumpJson(const Json& value) {
    // nlohmann formats doubles with Grisu2 (shortest digits that read back to the same double), so no
    // precision setting is needed; the tests parse every printed double back and compare with ==.
    std::string text = phaselens::json_text::dump(value);
    std::vector<std::function<void(std::string&)>> matrices;
    matrices.swap(deferred());
    if (matrices.empty()) return text;
    std::vector<std::pair<std::size_t, std::size_t>> spots;  // (position in text, matrix index), in text order
    for (std::size_t k = 0; k < matrices.size(); ++k)
        if (const std::size_t at = text.find("\"" + placeholder(k) + "\""); at != std::string::npos)
            spots.emplace_back(at, k);
    std::sort(spots.begin(), spots.end());
    std::string out;
    std::size_t from = 0;
    for (const auto& [at, k] : spots) {
        out.append(text, from, at - from);
        matrices[k](out);
        matrices[k] = nullptr;  // frees the matrix
        from = at + placeholder(k).size() + 2;
    }
    out.append(text, from, std::string::npos);
    return out;
}

}  // namespace phaselens::cli
