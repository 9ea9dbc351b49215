#include "model/views_learned.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <numeric>
#include <stdexcept>

#include "config/learned_table_file.h"
#include "model/views_common.h"
#include "phaselens/learned_analysis.h"
#include "phaselens/sinusoidal.h"

namespace phaselens::model {

namespace {

constexpr plot::Rgba kCapColor = plot::rgba(230, 60, 60, 48);
constexpr plot::Rgba kCapLine = plot::rgba(230, 60, 60);
constexpr plot::Rgba kSinusoidColor = plot::rgba(150, 150, 150);

std::string num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string shapeText(int64_t rows, int64_t cols) {
    return "[" + std::to_string(rows) + ", " + std::to_string(cols) + "]";
}

// [SECTION] The table, cached --------------------------------------------------------------------------------------

struct CacheKey {
    std::string path, tensor;
    int64_t positions = 0, dim = 0;
    uint64_t seed = 0;
    int64_t size = -1, mtimeNs = -1;
    bool operator==(const CacheKey&) const = default;
};

struct TableCache {
    std::mutex mutex;
    bool valid = false;
    CacheKey key;
    LearnedSource source;
};

TableCache& tableCache() {
    static TableCache cache;  // one loaded table shared by the window, export and bench (not UI state)
    return cache;
}

CacheKey keyOf(const AppState& s) {
    CacheKey k;
    k.path = s.learnedTablePath;
    k.tensor = s.learnedTensor;
    if (k.path.empty()) {
        k.positions = s.learnedPositions;
        k.dim = s.learnedDim;
        k.seed = s.learnedSeed;
    } else {
        struct stat st {};
        if (::stat(k.path.c_str(), &st) == 0) {
            k.size = static_cast<int64_t>(st.st_size);
            k.mtimeNs = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
        }
    }
    return k;
}

LearnedSource loadSource(const AppState& s) {
    LearnedSource out;
    if (s.learnedTablePath.empty()) {
        if (s.learnedPositions < 2 || s.learnedPositions > 65536)
            throw std::invalid_argument("synthetic table positions must be in [2, 65536], got " +
                                        std::to_string(s.learnedPositions));
        if (s.learnedDim < 1 || s.learnedDim > 4096)
            throw std::invalid_argument("synthetic table width must be in [1, 4096], got " +
                                        std::to_string(s.learnedDim));
        out.table = core::learnedTableSynthetic(s.learnedPositions, s.learnedDim, s.learnedSeed);
        out.description = "synthetic table " + shapeText(s.learnedPositions, s.learnedDim) + ", seed " +
                          std::to_string(s.learnedSeed) +
                          " (smooth sinusoids + noise growing over the last 10% of rows; not a trained model)";
        out.synthetic = true;
        return out;
    }
    config::LearnedTableFile f = config::loadLearnedTable(s.learnedTablePath, s.learnedTensor);
    std::string shape = "[";
    for (size_t i = 0; i < f.shape.size(); ++i) shape += (i ? ", " : "") + std::to_string(f.shape[i]);
    shape += "]";
    out.description =
        (f.tensor.empty() ? std::string("array") : f.tensor) + " " + shape + " " + f.dtype + " from " + f.file;
    out.table = std::move(f.table);
    out.synthetic = false;
    return out;
}

// [SECTION] Plot helpers -----------------------------------------------------------------------------------------

// Block means of `m` with at most maxRows × maxCols blocks; rowStep/colStep receive the block sizes.
Eigen::MatrixXd blockMean(const Eigen::MatrixXd& m, int maxRows, int maxCols, int64_t& rowStep, int64_t& colStep) {
    rowStep = std::max<int64_t>(1, (m.rows() + maxRows - 1) / maxRows);
    colStep = std::max<int64_t>(1, (m.cols() + maxCols - 1) / maxCols);
    if (rowStep == 1 && colStep == 1) return m;
    const int64_t r = (m.rows() + rowStep - 1) / rowStep, c = (m.cols() + colStep - 1) / colStep;
    Eigen::MatrixXd out(r, c);
    for (int64_t i = 0; i < r; ++i)
        for (int64_t j = 0; j < c; ++j) {
            const int64_t r0 = i * rowStep, c0 = j * colStep;
            const int64_t nr = std::min(rowStep, m.rows() - r0), nc = std::min(colStep, m.cols() - c0);
            out(i, j) = m.block(r0, c0, nr, nc).mean();
        }
    return out;
}

plot::HeatmapSpec heatmap(const Eigen::MatrixXd& v, double xMax, double yMax, Colormap map, double vmin, double vmax,
                          std::string label, std::string sampling) {
    plot::HeatmapSpec h;
    h.rows = static_cast<int>(v.rows());
    h.cols = static_cast<int>(v.cols());
    h.values.resize(static_cast<size_t>(v.size()));
    for (Eigen::Index r = 0; r < v.rows(); ++r)
        for (Eigen::Index c = 0; c < v.cols(); ++c)
            h.values[static_cast<size_t>(r * v.cols() + c)] = static_cast<float>(v(r, c));
    h.xMax = xMax;
    h.yMax = yMax;
    detail::setHeatmapColors(h, vmin, vmax, map, std::move(label));
    h.sampling = std::move(sampling);
    return h;
}

// The table as a heatmap: positions down, dimensions across, symmetric color limits.
ViewResult tableHeatmap(const Eigen::MatrixXd& table, const AppState& s, const std::string& what) {
    ViewResult r;
    int64_t rs, cs;
    const Eigen::MatrixXd v = blockMean(table, s.maxPixels, s.maxPixels, rs, cs);
    const double lim = std::max(1e-300, table.cwiseAbs().maxCoeff());
    const bool exact = rs == 1 && cs == 1;
    r.spec.heatmap = heatmap(v, static_cast<double>(table.cols()), static_cast<double>(table.rows()), s.learnedColormap,
                             -lim, lim, "W[p][j]", exact ? "exact" : "mean");
    r.spec.x = {"dimension j", 0.0, static_cast<double>(table.cols())};
    r.spec.y = {"position p", 0.0, static_cast<double>(table.rows())};
    r.spec.y.invert = true;
    r.spec.x.grid = r.spec.y.grid = false;
    r.convention =
        what + "; row p = the embedding added at position p; color limits ±max|W| = ±" + num(lim) + "; " +
        (exact ? "one cell per entry"
               : "each pixel the mean of " + std::to_string(rs) + " positions × " + std::to_string(cs) + " dimensions");
    return r;
}

// Cosine similarity between positions, point-sampled to at most maxPixels positions.
ViewResult similarityHeatmap(const Eigen::MatrixXd& table, const AppState& s, const std::string& what) {
    ViewResult r;
    const int64_t t = table.rows();
    const int64_t step = std::max<int64_t>(1, (t + s.maxPixels - 1) / s.maxPixels);
    const int64_t n = (t + step - 1) / step;
    Eigen::MatrixXd rows(n, table.cols());
    for (int64_t i = 0; i < n; ++i) rows.row(i) = table.row(i * step);
    const Eigen::MatrixXd c = core::tableCosineSimilarity(rows);
    const double extent = static_cast<double>(n * step);
    r.spec.heatmap =
        heatmap(c, extent, extent, Colormap::Diverging, -1.0, 1.0, "cos(W[a], W[b])", step == 1 ? "exact" : "point");
    r.spec.x = {"position b", 0.0, extent};
    r.spec.y = {"position a", 0.0, extent};
    r.spec.y.invert = true;
    r.spec.x.grid = r.spec.y.grid = false;
    r.convention =
        what + "; cosine similarity W[a]·W[b] / (‖W[a]‖ ‖W[b]‖) in float64 (0 for a zero row); " +
        (step == 1 ? "every position" : "one position in every " + std::to_string(step) + " (point-sampled)");
    return r;
}

Eigen::MatrixXd sinusoidalOfWidth(int64_t rows, int64_t dim) {
    core::SinusoidalParams sp;
    sp.dModel = static_cast<int>(dim + (dim % 2));
    sp.base = 10000.0;
    return core::sinusoidalTable(sp, rows).leftCols(dim);
}

// log10 power per dimension, dims sorted by their peak frequency; rows = frequency k (cycles per T positions).
ViewResult spectrumHeatmap(const Eigen::MatrixXd& table, const AppState& s, const std::string& what) {
    ViewResult r;
    const Eigen::MatrixXd p = core::tablePowerSpectrum(table);
    std::vector<Eigen::Index> peak(static_cast<size_t>(p.cols()));
    for (Eigen::Index j = 0; j < p.cols(); ++j) p.col(j).maxCoeff(&peak[static_cast<size_t>(j)]);
    std::vector<Eigen::Index> order(static_cast<size_t>(p.cols()));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
        return peak[static_cast<size_t>(a)] < peak[static_cast<size_t>(b)];
    });
    Eigen::MatrixXd sorted(p.rows(), p.cols());
    for (size_t j = 0; j < order.size(); ++j) sorted.col(static_cast<Eigen::Index>(j)) = p.col(order[j]);
    int64_t rs, cs;
    Eigen::MatrixXd v = blockMean(sorted, s.maxPixels, s.maxPixels, rs, cs);
    const double top = std::max(1e-300, v.maxCoeff());
    v = v.unaryExpr([top](double x) { return std::log10(std::max(x, top * 1e-8)); });
    const double hi = std::log10(top);
    r.spec.heatmap = heatmap(v, static_cast<double>(p.cols()), static_cast<double>(p.rows()), Colormap::Magma, hi - 6,
                             hi, "log10 power", rs == 1 && cs == 1 ? "exact" : "mean");
    r.spec.x = {"dimension (sorted by peak frequency)", 0.0, static_cast<double>(p.cols())};
    r.spec.y = {"frequency k (cycles per " + std::to_string(table.rows()) + " positions)", 0.0,
                static_cast<double>(p.rows())};
    r.spec.y.invert = true;
    r.spec.x.grid = r.spec.y.grid = false;
    r.convention = what + "; power |X_k|²/T of each dimension minus its mean along positions, k = 0..T/2 (FFT); " +
                   "dimensions sorted by the k of their peak; color: log10, 6 decades below the maximum";
    return r;
}

// [SECTION] Views --------------------------------------------------------------------------------------------------

ViewResult buildNorms(const LearnedSource& src, const AppState& s) {
    ViewResult r;
    const Eigen::VectorXd norms = core::tableRowNorms(src.table);
    const int64_t t = src.table.rows();
    plot::LineSeries line;
    line.name = "‖W[p]‖";
    line.x.resize(static_cast<size_t>(t));
    line.y.resize(static_cast<size_t>(t));
    for (int64_t p = 0; p < t; ++p) {
        line.x[static_cast<size_t>(p)] = static_cast<double>(p);
        line.y[static_cast<size_t>(p)] = norms(p);
    }
    r.spec.series.push_back(std::move(line));
    const double end = std::max(static_cast<double>(s.contextLength), 1.25 * static_cast<double>(t));
    plot::ShadedRect cap;
    cap.x0 = static_cast<double>(t);
    cap.x1 = end;
    cap.color = kCapColor;
    cap.label = "no embedding: p >= T_max = " + std::to_string(t);
    r.spec.shaded.push_back(cap);
    plot::RefLine tmax;
    tmax.value = static_cast<double>(t);
    tmax.label = "T_max = " + std::to_string(t);
    tmax.color = kCapLine;
    r.spec.refLines.push_back(tmax);
    r.spec.x = {"position p", 0.0, end};
    r.spec.y = {"row L2 norm"};
    r.convention = src.description + "; ‖W[p]‖₂ per position; positions >= T_max = " + std::to_string(t) +
                   " have no row (the hard context limit); shaded up to the context length " +
                   std::to_string(s.contextLength) + " (at least 1.25 T_max)";
    return r;
}

plot::LineSeries trajectory(const Eigen::MatrixXd& proj, std::string name, plot::Rgba color) {
    plot::LineSeries l;
    l.name = std::move(name);
    l.color = color;
    const double rms = std::sqrt(proj.leftCols(2).rowwise().squaredNorm().mean());
    const double scale = rms > 0 ? 1.0 / rms : 1.0;
    for (Eigen::Index p = 0; p < proj.rows(); ++p) {
        l.x.push_back(proj(p, 0) * scale);
        l.y.push_back(proj.cols() > 1 ? proj(p, 1) * scale : 0.0);
    }
    return l;
}

ViewResult buildPca(const LearnedSource& src) {
    ViewResult r;
    const core::TablePca learned = core::tablePca(src.table, 2);
    const Eigen::MatrixXd sin = sinusoidalOfWidth(src.table.rows(), src.table.cols());
    const core::TablePca ref = core::tablePca(sin, 2);
    r.spec.series.push_back(trajectory(ref.projections, "sinusoidal, same width", kSinusoidColor));
    r.spec.series.push_back(trajectory(learned.projections, "learned", 0));
    const plot::LineSeries& l = r.spec.series.back();
    r.spec.notes.push_back({l.x.front(), l.y.front(), "p = 0"});
    r.spec.notes.push_back({l.x.back(), l.y.back(), "p = " + std::to_string(src.table.rows() - 1)});
    r.spec.x = {"PC1 (unit RMS radius)"};
    r.spec.y = {"PC2 (unit RMS radius)"};
    r.spec.equalAspect = true;
    const auto pct = [](double f) { return num(100.0 * f) + "%"; };
    r.convention = src.description + "; rows centred, first two principal components (explained " +
                   pct(learned.explained(0)) + ", " + pct(learned.explained.size() > 1 ? learned.explained(1) : 0.0) +
                   "); sinusoidal table (Vaswani, base 10000, d = " + std::to_string(src.table.cols()) +
                   ", interleaved) over the same positions, explained " + pct(ref.explained(0)) + ", " +
                   pct(ref.explained.size() > 1 ? ref.explained(1) : 0.0) +
                   "; each trajectory scaled to unit RMS radius";
    return r;
}

int64_t checkedResize(const AppState& s, int64_t dim) {
    if (s.learnedResize < 1 || s.learnedResize > 65536)
        throw std::invalid_argument("resize must be in [1, 65536], got " + std::to_string(s.learnedResize));
    if (s.learnedResize * dim > (int64_t{1} << 28))
        throw std::invalid_argument("resize * width must be <= 2^28, got " + std::to_string(s.learnedResize) + " * " +
                                    std::to_string(dim));
    return s.learnedResize;
}

std::string resizeSentence(const AppState& s, int64_t from) {
    return "resized " + std::to_string(from) + " -> " + std::to_string(s.learnedResize) +
           " rows as torch.nn.functional.interpolate(mode='linear', align_corners=" +
           (s.learnedAlignCorners ? "True" : "False") + ") along positions";
}

}  // namespace

LearnedSource learnedSource(const AppState& s) {
    TableCache& cache = tableCache();
    const CacheKey key = keyOf(s);
    {
        std::lock_guard<std::mutex> lock(cache.mutex);
        if (cache.valid && cache.key == key) return cache.source;
    }
    LearnedSource src = loadSource(s);
    std::lock_guard<std::mutex> lock(cache.mutex);
    cache.valid = true;
    cache.key = key;
    cache.source = src;
    return src;
}

bool isLearnedView(View view) {
    switch (view) {
        case View::LearnedTable:
        case View::LearnedSimilarity:
        case View::LearnedNorms:
        case View::LearnedPca:
        case View::LearnedSpectrum:
        case View::LearnedSinusoidalSpectrum:
        case View::LearnedResized:
        case View::LearnedResizedSimilarity:
            return true;
        default:
            return false;
    }
}

ViewResult buildLearnedView(View view, const AppState& s) {
    if (s.maxPixels < 16) throw std::invalid_argument("max pixels must be >= 16, got " + std::to_string(s.maxPixels));
    const LearnedSource src = learnedSource(s);
    ViewResult r;
    switch (view) {
        case View::LearnedTable:
            r = tableHeatmap(src.table, s, src.description);
            break;
        case View::LearnedSimilarity:
            r = similarityHeatmap(src.table, s, src.description);
            break;
        case View::LearnedNorms:
            r = buildNorms(src, s);
            break;
        case View::LearnedPca:
            r = buildPca(src);
            break;
        case View::LearnedSpectrum:
            r = spectrumHeatmap(src.table, s, src.description);
            break;
        case View::LearnedSinusoidalSpectrum:
            r = spectrumHeatmap(sinusoidalOfWidth(src.table.rows(), src.table.cols()), s,
                                "sinusoidal table (Vaswani, base 10000, interleaved) of the same shape " +
                                    shapeText(src.table.rows(), src.table.cols()) + " as " + src.description +
                                    ": the frequency ladder");
            break;
        case View::LearnedResized:
        case View::LearnedResizedSimilarity: {
            checkedResize(s, src.table.cols());
            const Eigen::MatrixXd resized = core::resizeTableLinear(src.table, s.learnedResize, s.learnedAlignCorners);
            const std::string what = src.description + "; " + resizeSentence(s, src.table.rows());
            r = view == View::LearnedResized ? tableHeatmap(resized, s, what) : similarityHeatmap(resized, s, what);
            break;
        }
        default:
            throw std::invalid_argument("not a learned view");
    }
    r.spec.title = s.title.empty() ? learnedTitle(view, s) : s.title;
    std::string caption = r.convention;
    for (size_t pos = 0, line = 0; pos < caption.size(); ++pos, ++line)  // wrap at "; " every ~100 characters
        if (line > 90 && caption.compare(pos, 2, "; ") == 0) {
            caption.replace(pos, 2, ";\n");
            line = 0;
        }
    r.spec.caption = caption;
    return r;
}

std::string learnedTitle(View view, const AppState& s) {
    const std::string what = s.learnedTablePath.empty() ? "synthetic learned table" : "learned table";
    switch (view) {
        case View::LearnedTable:
            return "Learned positions: the " + what;
        case View::LearnedSimilarity:
            return "Cosine similarity between positions (" + what + ")";
        case View::LearnedNorms:
            return "Row norm against position, and the cap T_max";
        case View::LearnedPca:
            return "Principal components of the rows vs sinusoidal";
        case View::LearnedSpectrum:
            return "Power spectrum of each dimension (" + what + ")";
        case View::LearnedSinusoidalSpectrum:
            return "Power spectrum of the sinusoidal table of the same width";
        case View::LearnedResized:
            return "Resized to " + std::to_string(s.learnedResize) + " positions (linear)";
        case View::LearnedResizedSimilarity:
            return "Cosine similarity after resizing to " + std::to_string(s.learnedResize);
        default:
            return "";
    }
}

namespace {
constexpr FieldSet kLearnedInputs =
    FieldSet{Field::learnedTablePath, Field::learnedTensor, Field::learnedPositions,    Field::learnedDim,
             Field::learnedSeed,      Field::learnedResize, Field::learnedAlignCorners, Field::learnedColormap};
}  // namespace

template <>
ViewDef viewDef<View::LearnedTable>() {
    return {&buildLearnedView, &learnedTitle, kLearnedInputs, "learned_colormap"};
}

template <>
ViewDef viewDef<View::LearnedSimilarity>() {
    return {&buildLearnedView, &learnedTitle, kLearnedInputs, nullptr};
}

template <>
ViewDef viewDef<View::LearnedNorms>() {
    return {&buildLearnedView, &learnedTitle, kLearnedInputs, nullptr};
}

template <>
ViewDef viewDef<View::LearnedPca>() {
    return {&buildLearnedView, &learnedTitle, kLearnedInputs, nullptr};
}

template <>
ViewDef viewDef<View::LearnedSpectrum>() {
    return {&buildLearnedView, &learnedTitle, kLearnedInputs, nullptr};
}

template <>
ViewDef viewDef<View::LearnedSinusoidalSpectrum>() {
    return {&buildLearnedView, &learnedTitle, kLearnedInputs, nullptr};
}

template <>
ViewDef viewDef<View::LearnedResized>() {
    return {&buildLearnedView, &learnedTitle, kLearnedInputs, "learned_colormap"};
}

template <>
ViewDef viewDef<View::LearnedResizedSimilarity>() {
    return {&buildLearnedView, &learnedTitle, kLearnedInputs, nullptr};
}

}  // namespace phaselens::model
