#include "model/learned_state.h"

#include <algorithm>
#include <stdexcept>

#include "model/views_learned.h"

namespace phaselens::model {

namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool isLearnedTableFile(const std::string& path) {
    return endsWith(path, ".npy") || endsWith(path, ".safetensors") || endsWith(path, ".safetensors.index.json");
}

}  // namespace phaselens::model
