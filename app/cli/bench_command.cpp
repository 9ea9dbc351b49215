#include "cli/bench_command.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <stdexcept>
#include <thread>

#include "cli/arg_parser.h"
#include "model/app_state.h"
#include "model/views.h"
#include "phaselens/alibi.h"
#include "phaselens/attention.h"
#include "phaselens/rope.h"
#include "phaselens/sinusoidal.h"

#ifndef PHASELENS_VERSION
#define PHASELENS_VERSION "unknown"
#endif

namespace phaselens::cli {

namespace {

// Sizes of ../shared/bench/numpy_peer.py (its defaults).
constexpr int64_t kN = 4096;
constexpr int kD = 128;
constexpr int kHeads = 8;
constexpr int64_t kSinN = 65536;
constexpr int kSinD = 512;
constexpr double kBase = 10000.0;
constexpr int64_t kOffsets1m = int64_t{1} << 20;

const std::vector<FlagSpec>& benchFlags() {
    static const std::vector<FlagSpec> flags = {
        integerFlag("--repeats", "N", "timed runs per workload after one warm-up; the median is printed", 1, 1000)
            .withDefault("5"),
        textFlag("--only", "SUBSTR", "run only workloads whose name phaselens.<workload> contains SUBSTR"),
    };
    return flags;
}

struct Workload {
    std::string name;
    std::function<double()> run;  // returns a value of the result, so the work cannot be optimized away
};

std::string fixed6(double seconds) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6f", seconds);
    return buf;
}

double medianSeconds(const std::function<double()>& fn, int64_t repeats, double& sink) {
    sink += fn();  // warm-up (page faults of the allocator, lazy tables)
    std::vector<double> times;
    for (int64_t r = 0; r < repeats; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        sink += fn();
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(times.begin(), times.end());
    const size_t n = times.size();
    return n % 2 == 1 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
}

Eigen::MatrixXd randomNormal(int64_t rows, int cols, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index j = 0; j < m.cols(); ++j)
        for (Eigen::Index i = 0; i < m.rows(); ++i) m(i, j) = normal(rng);
    return m;
}

// The state the window shows for the score heatmap at context 2^20 (everything else at its default).
model::AppState heatmapState() {
    model::AppState s;
    s.view = model::View::Scores;
    s.contextLength = kOffsets1m;
    s.maxPixels = 1024;
    return s;
}

std::vector<Workload> workloads(const Eigen::MatrixXd& q, const Eigen::MatrixXd& k) {
    std::vector<Workload> w;
    w.push_back({"rope_scores_random", [&q, &k] {
                     const Eigen::VectorXd theta = core::defaultInvFreq(kD, kBase);
                     const Eigen::VectorXd pos = Eigen::VectorXd::LinSpaced(kN, 0.0, double(kN - 1));
                     const Eigen::MatrixXd s = core::ropeScores(q, k, pos, pos, theta, core::Pairing::HalfSplit);
                     return s(kN - 1, 7);
                 }});
    w.push_back({"rope_kernel_toeplitz", [] {
                     const Eigen::VectorXd theta = core::defaultInvFreq(kD, kBase);
                     const Eigen::MatrixXd s = core::kernelMatrix(theta, Eigen::VectorXd::Constant(kD / 2, 2.0), kN);
                     return s(kN - 1, 7);
                 }});
    w.push_back({"alibi_bias", [] {
                     const Eigen::VectorXd slopes = core::alibiSlopes(kHeads);
                     std::vector<Eigen::MatrixXd> bias;
                     bias.reserve(kHeads);
                     for (int h = 0; h < kHeads; ++h) bias.push_back(core::alibiBias(slopes[h], kN));
                     return bias.back()(kN - 1, 7);
                 }});
    w.push_back({"sinusoidal_table", [] {
                     const core::SinusoidalParams p{kSinD, kBase, core::SinusoidalLayout::Interleaved};
                     const Eigen::MatrixXd t = core::sinusoidalTable(p, kSinN);
                     return t(kSinN - 1, kSinD - 1);
                 }});
    w.push_back({"kernel_1m", [] {
                     const Eigen::VectorXd theta = core::defaultInvFreq(kD, kBase);
                     const Eigen::VectorXd s =
                         core::kernelSumCosRange(theta, Eigen::VectorXd::Ones(kD / 2), 0, kOffsets1m);
                     return s[kOffsets1m - 1];
                 }});
    w.push_back({"heatmap_1m", [] {
                     const model::ViewResult r = model::buildView(model::View::Scores, heatmapState());
                     if (!r.spec.heatmap || r.spec.heatmap->values.empty()) return 0.0;
                     return double(r.spec.heatmap->values[r.spec.heatmap->values.size() / 2]);
                 }});
    return w;
}

// What the window computes on the first frame after a change, per view: model::buildView at context 2^20
// (also the bias matrices), 1024 px, the median of three runs in milliseconds.
std::string viewTimes() {
    std::string text;
    for (int v = 0; v < static_cast<int>(model::View::Count); ++v) {
        model::AppState s = heatmapState();
        s.view = static_cast<model::View>(v);
        s.biasContext = kOffsets1m;
        double sink = 0.0;
        const double ms = 1e3 * medianSeconds(
                                    [&s] {
                                        const model::ViewResult r = model::buildView(s.view, s);
                                        return r.spec.heatmap ? double(r.spec.heatmap->rows) : 0.0;
                                    },
                                    3, sink);
        char buf[96];
        std::snprintf(buf, sizeof buf, "%s%s %.1f", text.empty() ? "" : ", ", model::viewName(s.view), ms);
        text += buf;
    }
    return text;
}

// Deep zoom (model/view_window.h): re-sampling time of every zoomable view at context 2^20, 1024 px, mean
// reduction: the whole context, and a window of 100 positions in the middle (keys and queries for the matrices;
// the ladders keep every pair). Random q/k scores are timed too. Median of three runs, ms.
std::string zoomTimes() {
    std::string text;
    auto time = [](const model::AppState& s) {
        double sink = 0.0;
        return 1e3 * medianSeconds(
                         [&s] {
                             const model::ViewResult r = model::buildView(s.view, s);
                             return r.spec.heatmap ? double(r.spec.heatmap->cols) : double(r.spec.series.size());
                         },
                         3, sink);
    };
    for (int v = 0; v < static_cast<int>(model::View::Count); ++v) {
        const auto view = static_cast<model::View>(v);
        if (!model::viewInfo(view).def.inputs.contains(model::Field::windows)) continue;
        for (bool random : {false, true}) {
            if (random && view != model::View::Scores) continue;
            model::AppState s = heatmapState();
            s.view = view;
            s.biasContext = kOffsets1m;
            if (random) s.scoreSource = model::ScoreSource::Random;
            const double whole = time(s);
            const double mid = static_cast<double>(kOffsets1m / 2);
            s.windows[view].x = {mid, mid + 100.0};
            if (view == model::View::Scores || view == model::View::Alibi || view == model::View::T5)
                s.windows[view].y = {mid, mid + 100.0};
            const double zoomed = time(s);
            char buf[128];
            std::snprintf(buf, sizeof buf, "%s%s%s %.2f | %.2f", text.empty() ? "" : ", ", model::viewName(view),
                          random ? "(random q/k)" : "", zoomed, whole);
            text += buf;
        }
    }
    return text;
}

double peakRssMb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: kilobytes
}

}  // namespace

void printBenchHelp(std::ostream& out) {
    std::vector<FlagSpec> helpFlags = benchFlags();
    helpFlags.push_back(switchFlag("-h, --help", "print this help and exit"));
    out << "Usage: phaselens bench [--repeats N] [--only SUBSTR]\n\n"
           "Times PhaseLens' float64 hot paths on the workloads and sizes of ../shared/bench/numpy_peer.py and prints\n"
           "one line per workload, 'phaselens.<workload> <median seconds>', after one warm-up run; '#' lines are\n"
           "metadata. scripts/bench.sh runs this and the NumPy peer in one job and prints the ratios.\n\n"
           "Workloads:\n"
           "  rope_scores_random    4096 x 4096 RoPE scores of random q, k (d 128, half-split, base 10000)\n"
           "  rope_kernel_toeplitz  4096 x 4096 kernel matrix 2*sum_i cos((m - n)*theta_i)\n"
           "  alibi_bias            8 heads x 4096 x 4096 ALiBi bias -m_h*(i - j)\n"
           "  sinusoidal_table      65536 x 512 interleaved sinusoidal table, base 10000\n"
           "  kernel_1m             s(delta) = sum_i cos(delta*theta_i) for delta = 0 .. 2^20 - 1, d 128\n"
           "  heatmap_1m            the app's score heatmap at context 2^20, 1024 px, mean reduction (buildView)\n"
           "A '#' line gives the deep-zoom re-sampling time of every zoomable view (a window of 100 positions vs the\n"
           "whole 2^20 context); '--only zoom' prints only that line.\n\n"
           "Flags:\n"
        << formatFlagHelp(helpFlags);
}

void runBench(const std::vector<std::string>& args, std::ostream& out) {
    if (std::any_of(args.begin(), args.end(), [](const std::string& a) { return a == "--help" || a == "-h"; })) {
        printBenchHelp(out);
        return;
    }
    const ParsedArgs parsed = parseFlags(benchFlags(), args, "phaselens bench");
    const int64_t repeats = parsed.integer("--repeats");
    const std::string only = parsed.has("--only") ? parsed.choice("--only") : "";

    const Eigen::MatrixXd q = randomNormal(kN, kD, 0), k = randomNormal(kN, kD, 1);
    const std::vector<Workload> all = workloads(q, k);
    out << "# phaselens " << PHASELENS_VERSION << " float64, threads " << std::thread::hardware_concurrency()
        << ", repeats " << repeats << " (median after one warm-up)\n"
        << "# N=" << kN << " d=" << kD << " heads=" << kHeads << " sin_N=" << kSinN << " sin_d=" << kSinD
        << " kernel_offsets=" << kOffsets1m << "\n";
    out.flush();
    double sink = 0.0;
    for (const Workload& w : all) {
        const std::string full = "phaselens." + w.name;
        if (!only.empty() && full.find(only) == std::string::npos) continue;
        if (w.name == "heatmap_1m") {
            const model::ViewResult r = model::buildView(model::View::Scores, heatmapState());
            if (!r.spec.heatmap) throw std::logic_error("bench: the score view has no heatmap");
            out << "# heatmap_1m: model::buildView(View::Scores), context " << kOffsets1m << ", "
                << r.spec.heatmap->rows << " x " << r.spec.heatmap->cols << " px, " << r.spec.heatmap->sampling << ": "
                << r.convention << "\n";
        }
        out << full << " " << fixed6(medianSeconds(w.run, repeats, sink)) << "\n";
        out.flush();
    }
    if (only.empty())
        out << "# model::buildView ms at context " << kOffsets1m
            << ", 1024 px (first frame after a change): " << viewTimes() << "\n";
    if (only.empty() || only == "zoom")
        out << "# deep zoom re-sampling, model::buildView ms at context " << kOffsets1m
            << ", 1024 px, window of 100 positions | whole context: " << zoomTimes() << "\n";
    char rss[64];
    std::snprintf(rss, sizeof rss, "%.0f", peakRssMb());
    out << "# peak RSS " << rss << " MB" << (std::isfinite(sink) ? "" : " (a result was not finite)") << "\n";
    out.flush();
}

}  // namespace phaselens::cli
