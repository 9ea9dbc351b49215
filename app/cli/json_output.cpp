#include "cli/json_output.h"

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

std::string dumpJson(const Json& value) {
    // nlohmann formats doubles with Grisu2 (shortest digits that read back to the same double), so no
    // precision setting is needed; the tests parse every printed double back and compare with ==.
    return phaselens::json_text::dump(value);
}

}  // namespace phaselens::cli
