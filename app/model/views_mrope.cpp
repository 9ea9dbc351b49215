#include "model/views_mrope.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "config/mrope_config.h"
#include "model/views_common.h"
#include "phaselens/heatmap.h"
#include "phaselens/rope.h"
#include "phaselens/validate.h"

namespace phaselens::model {

namespace {

constexpr plot::Rgba kAxisColors[3] = {plot::rgba(240, 150, 40), plot::rgba(60, 140, 230), plot::rgba(60, 190, 100)};
constexpr plot::Rgba kAltColors[3] = {plot::rgba(200, 60, 60), plot::rgba(170, 80, 220), plot::rgba(120, 120, 120)};
const char* const kAxisLetters[3] = {"t", "h", "w"};

std::string num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string sectionText(const core::MropeSection& s) {
    return "[" + std::to_string(s[0]) + ", " + std::to_string(s[1]) + ", " + std::to_string(s[2]) + "]";
}

std::string paramsSentence(const core::MropeParams& p, int r) {
    return std::string(core::mropeLayoutName(p.layout)) + " mrope_section " + sectionText(p.section) +
           " (pairs t, h, w), head_dim " + std::to_string(p.headDim) + ", rotary_dim " + std::to_string(r) +
           ", rope_theta " + num(p.ropeTheta) + "; pair j = channels (j, j + " + std::to_string(r / 2) +
           ") half-split, theta_j = base^(-2j/r)";
}

plot::HeatmapSpec heatmap(int rows, int cols, std::vector<float> values, double xMax, double yMax, Colormap map,
                          double vmin, double vmax, std::string label) {
    plot::HeatmapSpec h;
    h.rows = rows;
    h.cols = cols;
    h.values = std::move(values);
    h.xMin = 0;
    h.xMax = xMax;
    h.yMin = 0;
    h.yMax = yMax;
    detail::setHeatmapColors(h, vmin, vmax, map, std::move(label));
    h.sampling = "exact";
    return h;
}

plot::LineSeries series(std::string name, plot::Rgba color, bool markers) {
    plot::LineSeries s;
    s.name = std::move(name);
    s.color = color;
    s.markers = markers;
    return s;
}

void checkGrid(const AppState& s) {
    core::requireInRange("mrope grid T", s.mropeGridT, 1, kMaxMropeGridT);
    core::requireInRange("mrope grid H", s.mropeGridH, 1, kMaxMropeGridSide);
    core::requireInRange("mrope grid W", s.mropeGridW, 1, kMaxMropeGridSide);
    core::requireInRange("mrope query frame", s.mropeQueryFrame, 0, s.mropeGridT - 1);
    core::requireInRange("mrope query row", s.mropeQueryRow, 0, s.mropeGridH - 1);
    core::requireInRange("mrope query column", s.mropeQueryCol, 0, s.mropeGridW - 1);
    core::requireInRange("mrope key frame", s.mropeKeyFrame, 0, s.mropeGridT - 1);
}

}  // namespace

core::MropeParams mropeParams(const AppState& s, std::string* warning) {
    if (s.mropeSection.size() != 3)
        throw std::invalid_argument("mrope_section must have three entries [T, H, W], got " +
                                    std::to_string(s.mropeSection.size()));
    core::MropeParams p;
    p.headDim = s.rope.headDim;
    p.ropeTheta = s.rope.base;
    p.partialRotaryFactor = s.rope.partialRotaryFactor;
    for (size_t a = 0; a < 3; ++a) p.section[a] = s.mropeSection[a];
    p.layout = s.mropeInterleaved ? core::MropeLayout::Interleaved : core::MropeLayout::Chunked;
    const int pairs = core::rotaryDim(p.headDim, p.partialRotaryFactor) / 2;
    const int64_t sum = int64_t{p.section[0]} + p.section[1] + p.section[2];
    if (warning != nullptr && sum != pairs && sum > 0 && p.section[0] >= 0 && p.section[1] >= 0 && p.section[2] >= 0) {
        const core::MropeSection given = p.section;
        p.section[1] = static_cast<int>(int64_t{given[1]} * pairs / sum);
        p.section[2] = static_cast<int>(int64_t{given[2]} * pairs / sum);
        p.section[0] = pairs - p.section[1] - p.section[2];
        *warning = "mrope_section " + sectionText(given) + " does not fit " + std::to_string(pairs) +
                   " pairs: shown scaled to " + sectionText(p.section);
    }
    core::validate(p);
    return p;
}

core::MropeIndexOptions mropeIndexOptions(const AppState& s) {
    core::MropeIndexOptions o;
    core::requireAtLeast("tokens_per_second", s.mropeTokensPerSecond, 0.0);
    core::requireAtLeast("second_per_grid_t", s.mropeSecondPerGridT, 0.0);
    o.tokensPerSecond = s.mropeTokensPerSecond;
    o.secondPerGridT = {s.mropeSecondPerGridT};
    return o;
}

// [SECTION] Channel allocation -----------------------------------------------------------------------------------

ViewResult buildMropeAxes(const AppState& s) {
    ViewResult r;
    std::string scaled;
    core::MropeParams p = mropeParams(s, &scaled);
    if (!scaled.empty()) r.warnings.push_back(scaled);
    const int rd = core::mropeRotaryDim(p), pairs = rd / 2;
    std::vector<float> values;
    const core::MropeLayout layouts[2] = {core::MropeLayout::Chunked, core::MropeLayout::Interleaved};
    int counts[2][3] = {};
    for (int row = 0; row < 2; ++row) {
        const Eigen::VectorXi axis = core::mropeAxisOfPair(p.section, layouts[row], pairs);
        for (int j = 0; j < pairs; ++j) {
            values.push_back(static_cast<float>(axis[j]));
            ++counts[row][axis[j]];
        }
    }
    plot::PlotSpec& spec = r.spec;
    spec.heatmap = heatmap(2, pairs, std::move(values), pairs, 2.0, Colormap::Viridis, 0.0, 2.0,
                           "axis (0 time, 1 height, 2 width)");
    spec.x = {"rotary pair j (fast → slow)", 0.0, static_cast<double>(pairs)};
    spec.y = {"layout (row 0 chunked, row 1 interleaved)", 0.0, 2.0};
    spec.y.invert = true;
    spec.x.grid = spec.y.grid = false;
    const char* rowNames[2] = {"chunked (Qwen2/2.5-VL)", "interleaved (Qwen3-VL/3.5)"};  // short: inside a row
    for (int row = 0; row < 2; ++row) {
        plot::TextNote note;
        note.x = 0.5;
        note.y = row + 0.5;
        note.text = std::string(rowNames[row]) + (layouts[row] == p.layout ? " (current)" : "") + ": " +
                    std::to_string(counts[row][0]) + " t, " + std::to_string(counts[row][1]) + " h, " +
                    std::to_string(counts[row][2]) + " w";
        note.color = plot::rgba(255, 255, 255);
        spec.notes.push_back(note);
    }
    spec.title = s.title.empty() ? mropeTitle(View::MropeAxes, s) : s.title;
    r.convention = "M-RoPE channel allocation, " + paramsSentence(p, rd) +
                   "; chunked: pairs 0..T-1 time, T..T+H-1 height, the rest width (HF apply_multimodal_rotary_pos_emb)"
                   "; interleaved: pair j is height if j%3==1 and j<3H, width if j%3==2 and j<3W, else time "
                   "(Qwen3-VL apply_interleaved_mrope)";
    if (counts[1][1] != p.section[1] || counts[1][2] != p.section[2]) {
        // Only a problem for the layout in use (the interleaved row's note shows the counts in the plot).
        if (p.layout == core::MropeLayout::Interleaved)
            r.warnings.push_back("interleaved " + sectionText(p.section) + " gives " + std::to_string(counts[1][1]) +
                                 " h, " + std::to_string(counts[1][2]) + " w pairs (matches only if H, W <= T + 1)");
    }
    spec.caption = detail::breakAtClauses(r.convention);
    return r;
}

// [SECTION] Frequency ladder per axis ---------------------------------------------------------------------------

ViewResult buildMropeLadder(const AppState& s) {
    ViewResult r;
    std::string scaled;
    const core::MropeParams p = mropeParams(s, &scaled);
    if (!scaled.empty()) r.warnings.push_back(scaled);
    const int rd = core::mropeRotaryDim(p), pairs = rd / 2;
    const Eigen::VectorXd theta = core::mropeInvFreq(p);
    const Eigen::VectorXi axis = core::mropeAxisOfPair(p);
    const Eigen::VectorXd lambda = core::wavelengths(theta);
    plot::PlotSpec& spec = r.spec;
    std::string facts;
    for (int a = 0; a < 3; ++a) {
        plot::LineSeries ser = series(std::string(core::mropeAxisName(a)) + " pairs", kAxisColors[a], true);
        double lo = 0, hi = 0;
        int n = 0;
        for (int j = 0; j < pairs; ++j) {
            ser.x.push_back(j);
            ser.y.push_back(axis[j] == a ? lambda[j] : std::nan(""));
            ser.x.push_back(std::nan(""));
            ser.y.push_back(std::nan(""));
            if (axis[j] != a) continue;
            lo = n == 0 ? lambda[j] : std::min(lo, lambda[j]);
            hi = n == 0 ? lambda[j] : std::max(hi, lambda[j]);
            ++n;
        }
        spec.series.push_back(std::move(ser));
        facts += std::string("; ") + core::mropeAxisName(a) + ": " + std::to_string(n) + " pairs" +
                 (n > 0 ? ", wavelengths " + num(lo) + " .. " + num(hi) + " positions" : "");
    }
    plot::LineSeries all = series("every pair", plot::rgba(150, 150, 150), false);
    all.width = 1.0f;
    for (int j = 0; j < pairs; ++j) {
        all.x.push_back(j);
        all.y.push_back(lambda[j]);
    }
    spec.series.insert(spec.series.begin(), std::move(all));
    spec.x = {"rotary pair j (fast → slow)", -0.5, pairs - 0.5};
    spec.y = {"wavelength 2π/θ_j (positions)"};
    spec.y.log = true;
    spec.y.min = lambda.minCoeff() / 2.0;
    spec.y.max = lambda.maxCoeff() * std::pow(lambda.maxCoeff() / lambda.minCoeff(), 0.3);  // legend room
    for (int a = 1; a < 3; ++a) {
        plot::RefLine line;
        line.orientation = plot::Orientation::Horizontal;
        line.value = a == 1 ? s.mropeGridH : s.mropeGridW;
        // One label for both lines (close on a log axis): "grid H = 24, W = 32".
        line.label = a == 1 ? "grid H = " + std::to_string(s.mropeGridH) + ", W = " + std::to_string(s.mropeGridW) : "";
        line.color = kAxisColors[a];
        spec.refLines.push_back(line);
    }
    spec.title = s.title.empty() ? mropeTitle(View::MropeLadder, s) : s.title;
    r.convention = "M-RoPE frequency ladder per axis, " + paramsSentence(p, rd) + facts +
                   "; a pair whose wavelength exceeds the grid side never turns once across the image";
    spec.caption = detail::breakAtClauses(r.convention);
    return r;
}

// [SECTION] Sequence builder ------------------------------------------------------------------------------------

ViewResult buildMropePositions(const AppState& s) {
    ViewResult r;
    const std::vector<core::MropeSegment> segments = core::parseMropeSequence(s.mropeSequence);
    const core::MropeIndexOptions o = mropeIndexOptions(s);
    core::MropeIndexOptions alt = o;
    alt.resumeAtStartPlusMaxHW = s.mropeResumeMaxHW;
    alt.castSecondPerGridT = s.mropeCastSecondPerGridT;
    const bool overlay = s.mropeResumeMaxHW || s.mropeCastSecondPerGridT;
    const int64_t length = core::mropeSequenceLength(segments);
    if (length > int64_t{1} << 20)
        throw std::invalid_argument("sequence has " + std::to_string(length) +
                                    " tokens; the positions view builds at most 1048576 (2^20)");
    const core::MropePositions ids = core::mropePositionIds(segments, o);
    const core::MropePositions altIds = overlay ? core::mropePositionIds(segments, alt) : ids;
    const int64_t shown = std::min(length, kMaxMropePlotTokens);

    plot::PlotSpec& spec = r.spec;
    const std::vector<int64_t> offsets = core::mropeSegmentOffsets(segments);
    for (size_t k = 0; k < segments.size(); ++k) {
        const core::MropeSegment& seg = segments[k];
        if (seg.kind == core::MropeSegmentKind::Text || offsets[k] >= shown) continue;
        plot::ShadedRect rect;
        rect.x0 = static_cast<double>(offsets[k]) - 0.5;
        rect.x1 = static_cast<double>(offsets[k] + core::mropeSegmentTokens(seg)) - 0.5;
        const bool video = seg.kind == core::MropeSegmentKind::Video;
        rect.color = video ? plot::rgba(220, 120, 40, 40) : plot::rgba(60, 140, 230, 40);
        rect.label = video
                         ? "video " + std::to_string(seg.t) + "×" + std::to_string(seg.h) + "×" + std::to_string(seg.w)
                         : "image " + std::to_string(seg.h) + "×" + std::to_string(seg.w);
        spec.shaded.push_back(rect);
    }
    int64_t differ = 0, firstDiffer = -1;
    for (int64_t c = 0; c < length; ++c)
        if (ids.col(c) != altIds.col(c)) {
            if (firstDiffer < 0) firstDiffer = c;
            ++differ;
        }
    for (int a = 0; a < 3; ++a) {
        plot::LineSeries ser =
            series(std::string(kAxisLetters[a]) + " (" + core::mropeAxisName(a) + ")", kAxisColors[a], shown <= 256);
        for (int64_t c = 0; c < shown; ++c) {
            ser.x.push_back(static_cast<double>(c));
            ser.y.push_back(static_cast<double>(ids(a, c)));
        }
        spec.series.push_back(std::move(ser));
    }
    if (overlay && differ > 0)
        for (int a = 0; a < 3; ++a) {
            plot::LineSeries ser = series(std::string(kAxisLetters[a]) + ", transformers rule", kAltColors[a], true);
            ser.width = 1.0f;
            for (int64_t c = 0; c < shown; ++c) {
                ser.x.push_back(static_cast<double>(c));
                ser.y.push_back(static_cast<double>(altIds(a, c)));
            }
            spec.series.push_back(std::move(ser));
        }
    spec.x = {"token index (sequence order)", -0.5, static_cast<double>(shown) - 0.5};
    spec.y = {"position id"};
    double top = 0;
    for (int64_t c = 0; c < shown; ++c)
        top =
            std::max({top, static_cast<double>(ids.col(c).maxCoeff()), static_cast<double>(altIds.col(c).maxCoeff())});
    spec.y.min = -0.5;
    spec.y.max = top * 1.6 + 1.0;  // headroom for the legend
    spec.title = s.title.empty() ? mropeTitle(View::MropePositions, s) : s.title;
    r.convention =
        "M-RoPE position ids of " + core::mropeSequenceSpec(segments) + " (" + std::to_string(length) +
        " tokens), Qwen2-VL / Qwen2.5-VL authors' get_rope_index (QwenLM qwen-vl-finetune rope2d.py): text has one "
        "id on t, h, w; every segment starts at the previous segment's max id over all three rows + 1; a vision "
        "token adds (t index, row, column), row-major per frame; images t index 0; video t index " +
        (o.tokensPerSecond > 0
             ? "floor(f · " + num(s.mropeSecondPerGridT) + " s · " + num(o.tokensPerSecond) + " tokens/s)"
             : std::string("= frame f (no tokens_per_second)"));
    if (overlay) {
        std::string rule;
        if (s.mropeResumeMaxHW) rule += "text after a vision segment resumes at start + max(H, W) (PR #43972)";
        if (s.mropeCastSecondPerGridT)
            rule +=
                std::string(rule.empty() ? "" : " and ") + "second_per_grid_t truncated to an integer (< PR #48669)";
        r.convention += "; overlay, transformers rule: " + rule + ": " + std::to_string(differ) + " of " +
                        std::to_string(length) + " tokens differ" +
                        (firstDiffer >= 0 ? ", first at token " + std::to_string(firstDiffer) : "");
    }
    if (shown < length) r.convention += "; first " + std::to_string(shown) + " tokens drawn";
    spec.caption = detail::breakAtClauses(r.convention);
    return r;
}

// [SECTION] Spatial attention map -------------------------------------------------------------------------------

ViewResult buildMropeSpatial(const AppState& s) {
    ViewResult r;
    checkGrid(s);
    std::string scaled;
    const core::MropeParams p = mropeParams(s, &scaled);
    if (!scaled.empty()) r.warnings.push_back(scaled);
    const int rd = core::mropeRotaryDim(p);
    core::MropeSegment grid;
    grid.kind = s.mropeGridT > 1 ? core::MropeSegmentKind::Video : core::MropeSegmentKind::Image;
    grid.t = s.mropeGridT;
    grid.h = s.mropeGridH;
    grid.w = s.mropeGridW;
    const core::MropePositions ids = core::mropePositionIds({grid}, mropeIndexOptions(s));
    const int64_t frame = static_cast<int64_t>(s.mropeGridH) * s.mropeGridW;
    const Eigen::Vector<int64_t, 3> query =
        ids.col(s.mropeQueryFrame * frame + static_cast<int64_t>(s.mropeQueryRow) * s.mropeGridW + s.mropeQueryCol);
    const core::MropePositions keys = ids.middleCols(s.mropeKeyFrame * frame, frame);
    Eigen::VectorXd q = Eigen::VectorXd::Ones(p.headDim), k = q;
    if (s.mropeRandomQk) {
        q = core::randomPositionVectors(s.seed, core::VectorRole::Query, {0}, p.headDim).row(0).transpose();
        k = core::randomPositionVectors(s.seed, core::VectorRole::Key, {0}, p.headDim).row(0).transpose();
    }
    const Eigen::VectorXd scores = core::mropeScores(p, q, k, query, keys);
    std::vector<float> values(scores.data(), scores.data() + scores.size());
    const Colormap map = s.mropeRandomQk ? Colormap::Diverging : Colormap::Viridis;
    double vmin = scores.minCoeff(), vmax = scores.maxCoeff();
    if (s.mropeRandomQk) vmax = std::max(std::abs(vmin), std::abs(vmax)), vmin = -vmax;
    plot::PlotSpec& spec = r.spec;
    spec.heatmap = heatmap(s.mropeGridH, s.mropeGridW, std::move(values), s.mropeGridW, s.mropeGridH, map, vmin, vmax,
                           "q·k (logit, no 1/√d)");
    spec.x = {"key column (w)", 0.0, static_cast<double>(s.mropeGridW)};
    spec.y = {"key row (h)", 0.0, static_cast<double>(s.mropeGridH)};
    spec.y.invert = true;
    spec.x.grid = spec.y.grid = false;
    if (s.mropeKeyFrame == s.mropeQueryFrame) {
        plot::LineSeries mark = series("query patch", plot::rgba(255, 60, 60), true);
        mark.x = {s.mropeQueryCol + 0.5};
        mark.y = {s.mropeQueryRow + 0.5};
        spec.series.push_back(mark);
    }
    spec.title = s.title.empty() ? mropeTitle(View::MropeSpatial, s) : s.title;
    r.convention = "M-RoPE spatial attention map, " + paramsSentence(p, rd) + "; " +
                   (s.mropeRandomQk ? "seeded random q, k (seed " + std::to_string(s.seed) + ", N(0,1) entries)"
                                    : std::string("all-ones q = k")) +
                   "; query patch (frame " + std::to_string(s.mropeQueryFrame) + ", row " +
                   std::to_string(s.mropeQueryRow) + ", column " + std::to_string(s.mropeQueryCol) + ") ids (" +
                   std::to_string(query[0]) + ", " + std::to_string(query[1]) + ", " + std::to_string(query[2]) +
                   "); keys: every patch of frame " + std::to_string(s.mropeKeyFrame) + " of a " +
                   std::to_string(s.mropeGridT) + "×" + std::to_string(s.mropeGridH) + "×" +
                   std::to_string(s.mropeGridW) + " grid (ids as get_rope_index gives a grid starting at 0" +
                   (s.mropeTokensPerSecond > 0
                        ? ", time floor(f · " + num(s.mropeSecondPerGridT) + " · " + num(s.mropeTokensPerSecond) + ")"
                        : std::string(", time = frame")) +
                   "); score = Σ_j a_j cos(Δ_j θ_j) − b_j sin(Δ_j θ_j) + pass-through, Δ_j the id difference on pair "
                   "j's axis";
    // The caption keeps the plot tall (the full sentence is the convention, in the sidecar).
    spec.caption = detail::breakAtClauses(
        std::string(core::mropeLayoutName(p.layout)) + " mrope_section " + sectionText(p.section) + ", head_dim " +
            std::to_string(p.headDim) + ", rotary_dim " + std::to_string(rd) + ", rope_theta " + num(p.ropeTheta) +
            "; " +
            (s.mropeRandomQk ? "random q, k (seed " + std::to_string(s.seed) + ")" : std::string("all-ones q = k")) +
            "; query ids (" + std::to_string(query[0]) + ", " + std::to_string(query[1]) + ", " +
            std::to_string(query[2]) + "), keys: frame " + std::to_string(s.mropeKeyFrame) +
            "; score = Σ_j a_j cos(Δ_j θ_j) − b_j sin(Δ_j θ_j)",
        110);
    return r;
}

// [SECTION] Configs -----------------------------------------------------------------------------------------------

namespace {

void applyMrope(const config::MropeConfig& cfg, AppState& s) {
    s.mropeSection = {cfg.params.section[0], cfg.params.section[1], cfg.params.section[2]};
    s.mropeInterleaved = cfg.params.layout == core::MropeLayout::Interleaved;
    s.mropeTokensPerSecond = cfg.tokensPerSecond.value_or(0.0);
}

}  // namespace

bool applyMropeFile(const std::string& path, AppState& s) {
    try {
        applyMrope(config::loadMropeConfig(path), s);
        return true;
    } catch (const std::invalid_argument&) {
        return false;
    }
}

bool applyMropePreset(const std::string& name, AppState& s) {
    try {
        applyMrope(config::loadMropePreset(name), s);
        return true;
    } catch (const std::invalid_argument&) {
        return false;
    }
}

// [SECTION] Registration helpers --------------------------------------------------------------------------------

std::string mropeTitle(View view, const AppState& s) {
    const std::string layout = s.mropeInterleaved ? "interleaved" : "chunked";
    std::string section = "[";
    for (size_t i = 0; i < s.mropeSection.size(); ++i) section += (i ? ", " : "") + std::to_string(s.mropeSection[i]);
    section += "]";
    switch (view) {
        case View::MropeAxes:
            return "M-RoPE channel allocation, section " + section + ": chunked vs interleaved";
        case View::MropeLadder:
            return "M-RoPE wavelength per pair and axis (" + layout + " " + section + ")";
        case View::MropePositions:
            return "M-RoPE position ids t, h, w of the sequence";
        case View::MropeSpatial:
            return "M-RoPE q·k over a " + std::to_string(s.mropeGridH) + "×" + std::to_string(s.mropeGridW) +
                   " grid, query (" + std::to_string(s.mropeQueryRow) + ", " + std::to_string(s.mropeQueryCol) +
                   "), frame " + std::to_string(s.mropeKeyFrame) + " (" + layout + ")";
        default:
            return "";
    }
}

namespace {
constexpr FieldSet kMropeParams = {Field::ropeHeadDim, Field::ropeBase, Field::ropePartialRotaryFactor,
                                   Field::mropeSection, Field::mropeInterleaved};
constexpr FieldSet kMropeTiming = {Field::mropeTokensPerSecond, Field::mropeSecondPerGridT};
constexpr FieldSet kMropeGrid = {Field::mropeGridT, Field::mropeGridH, Field::mropeGridW};
}  // namespace

template <>
ViewDef viewDef<View::MropeAxes>() {
    return {[](View, const AppState& s) { return buildMropeAxes(s); }, &mropeTitle, kMropeParams, nullptr};
}

template <>
ViewDef viewDef<View::MropeLadder>() {
    return {[](View, const AppState& s) { return buildMropeLadder(s); }, &mropeTitle, kMropeParams | kMropeGrid,
            nullptr};
}

template <>
ViewDef viewDef<View::MropePositions>() {
    return {[](View, const AppState& s) { return buildMropePositions(s); }, &mropeTitle,
            kMropeTiming | FieldSet{Field::mropeSequence, Field::mropeResumeMaxHW, Field::mropeCastSecondPerGridT},
            nullptr};
}

template <>
ViewDef viewDef<View::MropeSpatial>() {
    return {[](View, const AppState& s) { return buildMropeSpatial(s); }, &mropeTitle,
            kMropeParams | kMropeTiming | kMropeGrid |
                FieldSet{Field::mropeQueryFrame, Field::mropeQueryRow, Field::mropeQueryCol, Field::mropeKeyFrame,
                         Field::mropeRandomQk, Field::seed},
            nullptr};
}

}  // namespace phaselens::model
