// `phaselens compute learned`: a learned absolute position table — its size alone (--n-positions T) or a real one
// read from a checkpoint or .npy (--table FILE [--tensor NAME]) — optionally resized along positions (--resize N).
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "cli/compute_config.h"
#include "cli/parameter_flags.h"
#include "config/learned_table_file.h"
#include "phaselens/learned.h"
#include "phaselens/learned_analysis.h"

namespace phaselens::cli {

namespace {

std::string shapeSummary(int64_t rows) {
    return "rows 0.." + std::to_string(rows - 1) + ", n_positions = T_max = " + std::to_string(rows);
}

void checkPositions(const ParsedArgs& args, const std::vector<int64_t>& positions, int64_t rows, bool resized) {
    for (int64_t p : positions)
        if (p < 0 || p >= rows)
            throw flagError("--positions",
                            "position " + std::to_string(p) + " is outside the " + (resized ? "resized" : "learned") +
                                " table (" + shapeSummary(rows) + ")",
                            args.raw("--positions"));
}

Json computeLearned(const ParsedArgs& args) {
    const bool hasTable = args.has("--table"), hasN = args.has("--n-positions");
    if (!hasTable && !hasN)
        throw CliError(
            "compute learned: one of --table FILE or --n-positions T is required (see 'phaselens compute "
            "learned --help')");
    if (args.has("--tensor") && !hasTable)
        throw flagError("--tensor", "needs --table FILE (the checkpoint to read the tensor from)",
                        args.raw("--tensor"));
    if (args.has("--align-corners") && !args.has("--resize")) throw CliError("--align-corners: needs --resize N");
    const std::vector<int64_t> positions =
        args.has("--positions") ? args.integerList("--positions") : std::vector<int64_t>{};
    const std::optional<int64_t> resize = args.optionalInteger("--resize");
    const bool alignCorners = args.has("--align-corners");

    Json j;
    j["quantity"] = "learned";
    if (!hasTable) {
        const int64_t n = args.integer("--n-positions");
        const int64_t rows = resize ? *resize : n;
        checkPositions(args, positions, rows, resize.has_value());
        j["n_positions"] = rows;
        j["max_position"] = rows - 1;
        putArray(j, "positions", positions);
        if (resize) j["resized_from"] = n;
        j["note"] =
            "learned absolute table (GPT-2 wpe, BERT position_embeddings): row p is added to the token at position "
            "p; there is no row for positions >= n_positions, the hard context limit T_max";
        return j;
    }

    config::LearnedTableFile file;
    try {
        file = config::loadLearnedTable(args.raw("--table"), args.has("--tensor") ? args.raw("--tensor") : "");
    } catch (const std::invalid_argument& e) {
        throw CliError(std::string("--table: ") + e.what());
    }
    const int64_t original = file.table.rows();
    if (hasN && args.integer("--n-positions") != original)
        throw flagError("--n-positions",
                        "the table in " + file.file + " has " + std::to_string(original) + " rows (n_positions)",
                        args.raw("--n-positions"));
    Eigen::MatrixXd table;
    if (resize) {
        if (*resize > (int64_t{1} << 28) / file.table.cols())
            throw flagError("--resize",
                            "resize * dim must be <= 2^28 cells (dim = " + std::to_string(file.table.cols()) + ")",
                            args.raw("--resize"));
        table = core::resizeTableLinear(file.table, *resize, alignCorners);
    } else {
        table = std::move(file.table);
    }
    const int64_t rows = table.rows(), dim = table.cols();
    checkPositions(args, positions, rows, resize.has_value());
    const double k = static_cast<double>(positions.size());
    if (k * static_cast<double>(dim) > static_cast<double>(kMaxOutputNumbers) ||
        k * k > static_cast<double>(kMaxOutputNumbers))
        throw flagError("--positions",
                        std::to_string(positions.size()) + " positions × " + std::to_string(dim) +
                            " dims exceeds the output limit 2^24 numbers",
                        args.raw("--positions"));

    j["n_positions"] = rows;
    j["max_position"] = rows - 1;
    putArray(j, "positions", positions);
    j["file"] = file.file;
    j["format"] = file.format;
    j["tensor"] = file.tensor;
    j["dtype"] = file.dtype;
    if (resize)
        j["shape"] = Json::array({rows, dim});
    else
        putArray(j, "shape", file.shape);
    const Eigen::MatrixXd picked = core::learnedLookup(table, positions);
    for (Eigen::Index r = 0; r < picked.rows(); ++r)
        for (Eigen::Index c = 0; c < picked.cols(); ++c)
            if (!std::isfinite(picked(r, c)))
                throw CliError("--table: " + file.file + ": tensor '" + file.tensor + "': row " +
                               std::to_string(positions[static_cast<size_t>(r)]) + " holds a non-finite value");
    Json rowsJson = Json::array();
    for (Eigen::Index r = 0; r < picked.rows(); ++r) {
        Json row;
        putArray(row, "r", Eigen::VectorXd(picked.row(r).transpose()));
        rowsJson.push_back(std::move(row["r"]));
    }
    j["rows"] = std::move(rowsJson);
    putArray(j, "norms", Eigen::VectorXd(core::tableRowNorms(picked)));
    putArray(j, "cosine_similarity", core::tableCosineSimilarity(picked));
    if (resize) {
        j["resized_from"] = original;
        j["align_corners"] = alignCorners;
    }
    j["note"] =
        "rows in float64 (exact conversion of the stored dtype); norms are L2 norms of those rows; "
        "cosine_similarity[a][b] = rows[a]·rows[b] / (norms[a] norms[b]) (0 for a zero row). Resizing is "
        "torch.nn.functional.interpolate(mode='linear') along positions, evaluated in float64";
    return j;
}

}  // namespace

Quantity learnedQuantity() {
    Quantity q;
    q.name = "learned";
    q.summary = "learned absolute position tables: T_max, and the rows of a real checkpoint's table (GPT-2, BERT)";
    q.usage = "(--table FILE [--tensor NAME] | --n-positions T) [--positions LIST] [--resize N [--align-corners]]";
    q.description =
        "A learned table has T = n_positions rows; position p reads row p, and positions >= T have no row.\n"
        "--table reads a real table: FILE.npy (float32/float64, C or Fortran order), FILE.safetensors (F32, F16,\n"
        "BF16, F64; only the header and that tensor are read), a sharded checkpoint's model.safetensors.index.json,\n"
        "or a folder holding either. The tensor is found by name (wpe.weight, *.position_embeddings.weight,\n"
        "*.embed_positions.weight, ...) or given with --tensor; an ambiguous or missing name lists the 2-D tensors.\n"
        "--resize N interpolates the table to N rows as torch.nn.functional.interpolate(mode='linear',\n"
        "align_corners=False, or True with --align-corners): scale = T/N, src = max(0, scale (i + 0.5) - 0.5)\n"
        "(align corners: scale = (T-1)/(N-1), src = scale i), out[i] = (1-l) W[floor(src)] + l W[floor(src)+1].\n"
        "Output keys: n_positions (T_max), max_position (T - 1), positions, note; with --table also file, format,\n"
        "tensor, dtype, shape, rows ([k][d] float64 rows at --positions), norms (L2 norm of each), cosine_similarity\n"
        "([k][k]); with --resize these describe the resized table (N rows) and resized_from = T, align_corners.\n"
        "A bad file is bad input naming --table, the file and the field (header length, dtype, shape, data_offsets,\n"
        "weight_map, tensor). A position outside 0..T-1 is bad input naming --positions.\n";
    q.flags = {
        integerFlag("--n-positions", "T",
                    "rows of the learned table (n_positions, the context limit T_max); with --table a check", 1,
                    int64_t{1} << 24)
            .core({"n_positions"}),
        integerListFlag("--positions", "LIST", "positions to look up (0 <= p < T)", -kMaxLength, kMaxLength)
            .core({"positions"}),
        parameterFlag("--table", model::kCompute, q.name),
        parameterFlag("--tensor", model::kCompute, q.name),
        parameterFlag("--resize", model::kCompute, q.name).core({"resize"}),
        parameterFlag("--align-corners", model::kCompute, q.name),
    };
    q.compute = computeLearned;
    return q;
}

}  // namespace phaselens::cli
