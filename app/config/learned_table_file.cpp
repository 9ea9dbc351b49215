#include "config/learned_table_file.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "config/safetensors_header.h"
#include "phaselens/file_read.h"
#include "phaselens/learned.h"
#include "phaselens/safetensors.h"

namespace phaselens::config {

namespace {

constexpr const char* kPositionNames[] = {
    "wpe.weight",
    "position_embeddings.weight",
    "embed_positions.weight",
    "position_embedding.weight",
    "position_embeddings",
    "pos_embed",
    "positional_embedding",
    "wpe",
};
constexpr size_t kMaxListed = 40;  // tensors listed in an error message before "... and N more"

bool isDirectory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
bool exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

std::string directoryOf(const std::string& path) {
    const size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string(".") : path.substr(0, slash == 0 ? 1 : slash);
}

std::string joinPath(const std::string& dir, const std::string& name) {
    return dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
}

std::string shapeText(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

bool hasTableShape(const std::vector<int64_t>& shape) {
    return shape.size() == 2 || (shape.size() == 3 && shape[0] == 1);
}

// "2-D tensors: a [1024, 768], b [512, 768]" (bounded), for error messages.
std::string listTables(const std::vector<std::pair<std::string, std::vector<int64_t>>>& tensors) {
    std::string s;
    size_t listed = 0, total = 0;
    for (const auto& [name, shape] : tensors) {
        if (!hasTableShape(shape)) continue;
        ++total;
        if (listed < kMaxListed) {
            s += (listed ? ", " : "") + name + " " + shapeText(shape);
            ++listed;
        }
    }
    if (total == 0) return "the file has no 2-D tensor";
    if (total > listed) s += ", ... and " + std::to_string(total - listed) + " more";
    return "2-D tensors: " + s;
}

// The tensor to read among `tensors` (name, shape): `wanted` when given, else the one position-table name.
std::string chooseTensor(const std::string& file,
                         const std::vector<std::pair<std::string, std::vector<int64_t>>>& tensors,
                         const std::string& wanted) {
    if (!wanted.empty()) {
        for (const auto& t : tensors)
            if (t.first == wanted) return wanted;
        throw LearnedTableError(file, "tensor: no tensor named '" + wanted + "'; " + listTables(tensors));
    }
    std::vector<std::string> found;
    for (const auto& [name, shape] : tensors)
        if (isPositionTableName(name) && hasTableShape(shape)) found.push_back(name);
    if (found.size() == 1) return found[0];
    if (found.empty())
        throw LearnedTableError(file,
                                "tensor: no position table found by name (wpe.weight, "
                                "position_embeddings.weight, embed_positions.weight, ...); pick one with "
                                "--tensor; " +
                                    listTables(tensors));
    std::string names;
    for (const auto& n : found) names += (names.empty() ? "" : ", ") + n;
    throw LearnedTableError(file, "tensor: ambiguous, several position tables (" + names +
                                      "); pick one with --tensor; " + listTables(tensors));
}

LearnedTableFile loadFromSafetensors(const std::string& file, const std::string& tensor, bool chosen) {
    core::SafetensorsHeader header;
    std::vector<core::SafetensorsEntry> entries;
    try {
        header = core::readSafetensorsHeader(file);
        entries = parseSafetensorsHeaderJson(header.json, header.dataSize);
    } catch (const std::invalid_argument& e) {
        throw LearnedTableError(file, e.what());
    }
    std::string name = tensor;
    if (!chosen) {
        std::vector<std::pair<std::string, std::vector<int64_t>>> list;
        for (const auto& e : entries) list.emplace_back(e.name, e.shape);
        name = chooseTensor(file, list, tensor);
    }
    const auto it = std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.name == name; });
    if (it == entries.end())
        throw LearnedTableError(file, "tensor: the index maps '" + name + "' to this shard, which does not hold it");
    LearnedTableFile out;
    out.file = file;
    out.format = "safetensors";
    out.tensor = name;
    out.dtype = it->dtype;
    out.shape = it->shape;
    try {
        out.table = core::readSafetensorsTable(file, header, *it);
    } catch (const std::invalid_argument& e) {
        throw LearnedTableError(file, e.what());
    }
    return out;
}

LearnedTableFile loadFromIndex(const std::string& indexFile, const std::string& tensor) {
    std::map<std::string, std::string> weightMap;
    try {
        weightMap = parseSafetensorsIndexJson(core::readRegularFile(indexFile, core::kMaxJsonFileBytes));
    } catch (const std::invalid_argument& e) {
        throw LearnedTableError(indexFile, e.what());
    }
    // The index has no shapes: read every shard's header (headers only) to choose among the real tensors.
    const std::string dir = directoryOf(indexFile);
    std::map<std::string, std::vector<core::SafetensorsEntry>> shards;
    for (const auto& [name, shard] : weightMap) {
        if (shards.count(shard)) continue;
        const std::string file = joinPath(dir, shard);
        try {
            const core::SafetensorsHeader h = core::readSafetensorsHeader(file);
            shards[shard] = parseSafetensorsHeaderJson(h.json, h.dataSize);
        } catch (const std::invalid_argument& e) {
            throw LearnedTableError(file, e.what());
        }
    }
    std::vector<std::pair<std::string, std::vector<int64_t>>> list;
    for (const auto& item : weightMap) {
        const std::string& name = item.first;  // not a structured binding: captured by the lambda below
        const auto& entries = shards.at(item.second);
        const auto it = std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.name == name; });
        if (it == entries.end())
            throw LearnedTableError(joinPath(dir, item.second),
                                    "weight_map: the index maps '" + name + "' to this shard, which does not hold it");
        list.emplace_back(name, it->shape);
    }
    const std::string name = chooseTensor(indexFile, list, tensor);
    return loadFromSafetensors(joinPath(dir, weightMap.at(name)), name, true);
}

// Reads the first `n` bytes only.
std::string filePrefix(const std::string& path, size_t n) {
    std::string out;
    if (FILE* f = std::fopen(path.c_str(), "rb")) {
        out.resize(n);
        out.resize(std::fread(out.data(), 1, n, f));
        std::fclose(f);
    }
    return out;
}

LearnedTableFile loadFromNpy(const std::string& file, const std::string& tensor) {
    if (!tensor.empty())
        throw LearnedTableError(file, "tensor: a .npy file holds one array; --tensor is for safetensors");
    LearnedTableFile out;
    out.file = file;
    out.format = "npy";
    out.table = core::loadNpy(file);  // throws "'<file>': npy: ..." / "cannot read '<file>': ..."
    const std::string head = filePrefix(file, 4096);
    out.dtype = head.find("'<f4'") != std::string::npos ? "F32" : "F64";
    const bool oneD = head.find(",)") != std::string::npos;
    out.shape =
        oneD ? std::vector<int64_t>{out.table.rows()} : std::vector<int64_t>{out.table.rows(), out.table.cols()};
    return out;
}

}  // namespace

bool isPositionTableName(const std::string& name) {
    for (const char* known : kPositionNames) {
        const std::string k = known;
        if (name == k) return true;
        if (name.size() > k.size() && name.compare(name.size() - k.size(), k.size(), k) == 0 &&
            name[name.size() - k.size() - 1] == '.')
            return true;
    }
    return false;
}

LearnedTableFile loadLearnedTable(const std::string& path, const std::string& tensor) {
    if (path.empty()) throw LearnedTableError("(empty path)", "path: no file given");
    if (isDirectory(path)) {
        const std::string index = joinPath(path, "model.safetensors.index.json");
        if (exists(index)) return loadFromIndex(index, tensor);
        const std::string single = joinPath(path, "model.safetensors");
        if (exists(single)) return loadFromSafetensors(single, tensor, false);
        throw LearnedTableError(path, "path: a folder without model.safetensors.index.json or model.safetensors");
    }
    if (!exists(path)) throw LearnedTableError(path, "path: no such file");
    const std::string head = filePrefix(path, 16);
    if (head.compare(0, 6, "\x93NUMPY") == 0) {
        try {
            return loadFromNpy(path, tensor);
        } catch (const LearnedTableError&) {
            throw;
        } catch (const std::invalid_argument& e) {
            std::string msg = e.what();
            const std::string quotedPath = "'" + path + "': ";
            if (msg.compare(0, quotedPath.size(), quotedPath) == 0) msg = msg.substr(quotedPath.size());
            throw LearnedTableError(path, msg);
        }
    }
    const size_t firstChar = head.find_first_not_of(" \t\r\n");
    if (firstChar != std::string::npos && head[firstChar] == '{') return loadFromIndex(path, tensor);
    return loadFromSafetensors(path, tensor, false);
}

}  // namespace phaselens::config
