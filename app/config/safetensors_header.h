// PhaseLens config — the JSON side of safetensors: the header object of a `.safetensors` file and the
// `model.safetensors.index.json` of a sharded checkpoint, parsed with nlohmann and checked field by field.
// The binary side (header length, offsets, reading one tensor with pread) is core (phaselens/safetensors.h).
//
// Header (see core/include/phaselens/safetensors.h for the whole file layout):
//   {"<name>": {"dtype": "F32", "shape": [1024, 768], "data_offsets": [begin, end]}, ...,
//    "__metadata__": {"<key>": "<string>", ...}}                                      (metadata optional)
// Each tensor must be an object with exactly these three fields: dtype a string naming a safetensors dtype; shape an
// array of non-negative integers; data_offsets an array of two non-negative integers (begin <= end), then every
// offset, size and overlap is checked by core::validateSafetensorsEntries. Any other value is refused.
//
// Index (written by transformers' save_pretrained for sharded checkpoints):
//   {"metadata": {"total_size": ...}, "weight_map": {"<tensor name>": "model-00001-of-00002.safetensors", ...}}
// weight_map must be an object of strings; each shard name must be a plain relative path (no absolute path, no
// ".." component), resolved next to the index.
//
// Errors: std::invalid_argument with the field named ("header: not valid JSON at byte 17: ...",
// "tensor 'wpe.weight': shape: expected an array of non-negative integers", "weight_map: 'h.0.w': expected a shard
// file name"). Callers prefix the file.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "phaselens/safetensors.h"

namespace phaselens::config {

/// Parses and validates a header's JSON text for a data buffer of `dataSize` bytes. Tensors are returned sorted
/// by name; "__metadata__" is checked (an object of strings) and dropped.
std::vector<core::SafetensorsEntry> parseSafetensorsHeaderJson(const std::string& json, uint64_t dataSize);

/// The whole check of a safetensors file held in memory (fuzzing and tests): splitSafetensorsHeader on the bytes,
/// then parseSafetensorsHeaderJson. Throws std::invalid_argument.
std::vector<core::SafetensorsEntry> parseSafetensorsBytes(const std::string& bytes);

/// weight_map of an index.json text: tensor name → shard file name (as written, relative to the index).
std::map<std::string, std::string> parseSafetensorsIndexJson(const std::string& json);

}  // namespace phaselens::config
