// PhaseLens config — opening a learned absolute position table from a file a user has.
//
// Accepted paths (chosen by content, not by extension):
//   FILE.npy                         NumPy array, '<f4' or '<f8', C or Fortran order, 1-D or 2-D (core::loadNpy)
//   FILE.safetensors                 one checkpoint file: only its header and the chosen tensor are read
//   model.safetensors.index.json     a sharded checkpoint: weight_map names the shard holding the tensor
//   a folder                         its model.safetensors.index.json, else its model.safetensors
//
// Which tensor: `tensor` when given (it must exist: the error lists the 2-D tensors); otherwise the one tensor
// whose name ends with a known position-table name (whole dot-separated components):
//   wpe.weight (GPT-2, GPT-Neo, GPT-BigCode)   position_embeddings.weight (BERT, RoBERTa, ELECTRA, DeBERTa, XLM)
//   embed_positions.weight (OPT, BART, Whisper) position_embedding.weight (CLIP, SigLIP)
//   position_embeddings (ViT, [1, 1 + patches, d]) pos_embed (timm ViT)  positional_embedding (OpenAI CLIP)
// None or several found: an error naming the file that lists the tensors of table shape (2-D, or 3-D with a
// leading 1), so the user can pass --tensor. OPT's table has 2 extra leading rows (its positions start at 2); the
// table is shown as stored.
//
// Errors: LearnedTableError (a std::invalid_argument) whose what() is "<file>: <field>: <problem>" — the file
// actually read (the shard for an index) and the field (header length, a tensor's dtype/shape/data_offsets,
// weight_map, tensor). Never a crash, never an allocation beyond the chosen tensor (bounded by the file's size).
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace phaselens::config {

class LearnedTableError : public std::invalid_argument {
  public:
    LearnedTableError(const std::string& file, const std::string& problem)
        : std::invalid_argument(file + ": " + problem), file_(file) {}
    const std::string& file() const { return file_; }

  private:
    std::string file_;
};

/// A loaded table and where it came from.
struct LearnedTableFile {
    std::string file;            ///< the file the numbers were read from (the shard, for an index or folder)
    std::string format;          ///< "npy" or "safetensors"
    std::string tensor;          ///< the tensor name ("" for .npy)
    std::string dtype;           ///< "F32", "F16", "BF16" or "F64" (.npy '<f4' → F32, '<f8' → F64)
    std::vector<int64_t> shape;  ///< as stored (e.g. [1, 197, 768] for ViT)
    Eigen::MatrixXd table;       ///< T × d in float64 (exact conversion)
};

/// Loads the table at `path` (see the header comment); `tensor` empty = find it by name. Throws LearnedTableError.
LearnedTableFile loadLearnedTable(const std::string& path, const std::string& tensor = "");

/// True when `name` ends with one of the known position-table names above (on a '.' boundary).
bool isPositionTableName(const std::string& name);

}  // namespace phaselens::config
