// The guided tour (tour.h): parsing, the deck, and the claim checks.
#include "model/tour.h"

#include <cmath>
#include <complex>
#include <random>
#include <stdexcept>

#include "model/state_io.h"
#include "model/tour_embedded.h"
#include "model/views.h"
#include "phaselens/alibi.h"
#include "phaselens/attention.h"
#include "phaselens/learned.h"
#include "phaselens/rope.h"
#include "phaselens/rope_scaling.h"
#include "phaselens/sinusoidal.h"
#include "phaselens/study.h"
#include "phaselens/t5_buckets.h"
#include "phaselens/xpos.h"

namespace phaselens::model {

namespace {

using nlohmann::json;

std::string text(const json& card, const char* key, size_t index) {
    if (!card.contains(key) || !card.at(key).is_string() || card.at(key).get<std::string>().empty())
        throw std::invalid_argument("card " + std::to_string(index + 1) + ": " + key + ": expected a non-empty string");
    return card.at(key).get<std::string>();
}

Eigen::VectorXd randomVector(Eigen::Index n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> g(0.0, 1.0);
    Eigen::VectorXd v(n);
    for (Eigen::Index i = 0; i < n; ++i) v[i] = g(rng);
    return v;
}

ClaimResult result(const std::string& claim, bool ok, const std::string& detail) {
    return {claim, ok, detail};
}

std::string num(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

bool near(double a, double b, double tol) {
    return std::abs(a - b) <= tol * std::max(1.0, std::max(std::abs(a), std::abs(b)));
}

// NoPE attention output softmax(QKᵀ/√d + mask)·V for the rows of X (tokens), Q = X·Wq etc.
Eigen::MatrixXd nopeAttention(const Eigen::MatrixXd& X, bool causal) {
    const Eigen::Index d = X.cols();
    Eigen::MatrixXd wq(d, d), wk(d, d), wv(d, d);
    for (Eigen::Index c = 0; c < d; ++c) {
        wq.col(c) = randomVector(d, 100 + static_cast<uint64_t>(c));
        wk.col(c) = randomVector(d, 200 + static_cast<uint64_t>(c));
        wv.col(c) = randomVector(d, 300 + static_cast<uint64_t>(c));
    }
    Eigen::MatrixXd scores = core::rawScores(X * wq, X * wk, true);
    if (causal) {
        core::MaskParams m;
        m.type = core::MaskType::Causal;
        core::applyMask(scores, m);
    }
    return core::rowSoftmax(scores) * (X * wv);
}

ClaimResult check(const json& c, const AppState& s) {
    const std::string claim = c.value("claim", std::string());
    const core::RopeFrequencies f = core::computeRopeFrequencies(ropeParams(s));
    const core::Pairing pairing = s.ropePairing;
    const Eigen::Index d = s.rope.headDim;
    if (claim == "rope_shift_invariant") {
        const double m = c.at("m"), n = c.at("n"), t = c.at("t");
        const Eigen::VectorXd q = randomVector(d, 1), k = randomVector(d, 2);
        const double a = core::rotate(q, m, f.invFreq, pairing).dot(core::rotate(k, n, f.invFreq, pairing));
        const double b = core::rotate(q, m + t, f.invFreq, pairing).dot(core::rotate(k, n + t, f.invFreq, pairing));
        return result(claim, near(a, b, 1e-9), "q·k " + num(a) + " at (m, n), " + num(b) + " shifted");
    }
    if (claim == "norm_preserved") {
        const Eigen::VectorXd x = randomVector(d, 3);
        const double a = x.norm(), b = core::rotate(x, c.at("position"), f.invFreq, pairing).norm();
        return result(claim, near(a, b, 1e-12), "|x| " + num(a) + ", |R_p x| " + num(b));
    }
    if (claim == "rotated_v_breaks_shift") {
        const double t = c.at("t");
        const Eigen::VectorXd v0 = randomVector(d, 4), v1 = randomVector(d, 5);
        // Output of a query attending 50/50 to keys at 3 and 7 (weights depend only on the offset).
        auto out = [&](double shift, bool rotateV) {
            const Eigen::VectorXd a = rotateV ? core::rotate(v0, 3 + shift, f.invFreq, pairing) : v0;
            const Eigen::VectorXd b = rotateV ? core::rotate(v1, 7 + shift, f.invFreq, pairing) : v1;
            return Eigen::VectorXd(0.5 * a + 0.5 * b);
        };
        const double plain = (out(0, false) - out(t, false)).norm(), rotated = (out(0, true) - out(t, true)).norm();
        return result(claim, plain == 0.0 && rotated > 1e-3,
                      "output change under a shift: V plain " + num(plain) + ", V rotated " + num(rotated));
    }
    if (claim == "complex_form") {
        const double m = c.at("m"), n = c.at("n");
        const Eigen::VectorXd q = randomVector(d, 6), k = randomVector(d, 7);
        const double real = core::rotate(q, m, f.invFreq, pairing).dot(core::rotate(k, n, f.invFreq, pairing));
        std::complex<double> sum = 0;
        const Eigen::Index half = f.invFreq.size();
        for (Eigen::Index i = 0; i < half; ++i) {
            const bool hs = pairing == core::Pairing::HalfSplit;
            const std::complex<double> qi(q[hs ? i : 2 * i], q[hs ? i + half : 2 * i + 1]);
            const std::complex<double> ki(k[hs ? i : 2 * i], k[hs ? i + half : 2 * i + 1]);
            sum += qi * std::conj(ki) * std::polar(1.0, (m - n) * f.invFreq[i]);
        }
        for (Eigen::Index j = 2 * half; j < d; ++j) sum += q[j] * k[j];
        return result(claim, near(real, sum.real(), 1e-9), "real " + num(real) + ", complex " + num(sum.real()));
    }
    if (claim == "permutation_equivariant") {
        const bool causal = c.at("mask").get<std::string>() == "causal";
        const bool expect = c.at("expect");
        constexpr int kTokens = 6, kDim = 8;
        Eigen::MatrixXd X(kTokens, kDim);
        for (int r = 0; r < kTokens; ++r) X.row(r) = randomVector(kDim, 10 + static_cast<uint64_t>(r)).transpose();
        const int perm[kTokens] = {3, 0, 5, 1, 4, 2};
        Eigen::MatrixXd PX(kTokens, kDim);
        for (int r = 0; r < kTokens; ++r) PX.row(r) = X.row(perm[r]);
        const Eigen::MatrixXd out = nopeAttention(X, causal), outP = nopeAttention(PX, causal);
        double diff = 0;
        for (int r = 0; r < kTokens; ++r) diff = std::max(diff, (outP.row(r) - out.row(perm[r])).cwiseAbs().maxCoeff());
        const bool equivariant = diff < 1e-12;
        return result(claim, equivariant == expect, "max |out(PX) − P·out(X)| = " + num(diff));
    }
    if (claim == "sinusoidal_linear_offset") {
        core::SinusoidalParams p;
        p.dModel = s.sinusoidalDModel;
        p.base = s.rope.base;
        p.layout = s.sinusoidalLayout;
        const double k = c.at("offset");
        Eigen::VectorXd pos(3);
        pos << 5, 123, 4000;
        Eigen::VectorXd shifted = pos.array() + k;
        const Eigen::MatrixXd a = core::sinusoidalTable(p, pos), b = core::sinusoidalTable(p, shifted);
        const Eigen::VectorXd w = core::sinusoidalFrequencies(p);
        double worst = 0;
        for (Eigen::Index r = 0; r < 3; ++r)
            for (Eigen::Index i = 0; i < w.size(); ++i) {
                const bool il = p.layout == core::SinusoidalLayout::Interleaved;
                const Eigen::Index si = il ? 2 * i : i, ci = il ? 2 * i + 1 : i + w.size();
                const double cs = std::cos(k * w[i]), sn = std::sin(k * w[i]);  // M_k: one rotation per pair
                worst = std::max(worst, std::abs(b(r, si) - (a(r, si) * cs + a(r, ci) * sn)));
                worst = std::max(worst, std::abs(b(r, ci) - (a(r, ci) * cs - a(r, si) * sn)));
            }
        return result(claim, worst < 1e-9, "max |PE(p+k) − M_k·PE(p)| = " + num(worst));
    }
    if (claim == "learned_cap") {
        const int64_t T = c.at("max_positions");
        const Eigen::MatrixXd table = core::learnedTableRandom(T, 8, 1);
        bool lastOk = core::learnedLookup(table, {T - 1}).rows() == 1, beyondThrows = false;
        try {
            core::learnedLookup(table, {T});
        } catch (const std::invalid_argument&) {
            beyondThrows = true;
        }
        return result(claim, lastOk && beyondThrows,
                      "row " + std::to_string(T - 1) + " exists, row " + std::to_string(T) +
                          (beyondThrows ? " does not" : " exists"));
    }
    if (claim == "pairs_without_full_turn") {
        int64_t count = 0;
        for (Eigen::Index i = 0; i < f.invFreq.size(); ++i)
            count += 2 * M_PI / f.invFreq[i] > static_cast<double>(s.trainingContext);
        return result(claim, count >= c.at("at_least").get<int64_t>(), std::to_string(count) + " pairs");
    }
    if (claim == "critical_dim") {
        const int64_t v = core::criticalDimension(s.rope.headDim, s.rope.base, static_cast<double>(s.trainingContext));
        return result(claim, v == c.at("value").get<int64_t>(), "d_extra = " + std::to_string(v));
    }
    if (claim == "min_base") {
        const auto v = core::minValidBase(s.rope.headDim, s.trainingContext);
        const double want = c.at("value"), rel = c.value("rel", 1e-3);
        return result(claim, v && std::abs(*v - want) <= rel * want, "min_base = " + (v ? num(*v) : "none"));
    }
    if (claim == "scaled_pairs") {
        const double first = f.scale[0], last = f.scale[f.scale.size() - 1];
        return result(claim, near(first, c.at("first"), 1e-9) && near(last, c.at("last"), 1e-9),
                      "θ/θ' first " + num(first) + ", last " + num(last));
    }
    if (claim == "attention_factor") {
        return result(claim, near(f.attentionFactor, c.at("value"), 1e-12), "af = " + num(f.attentionFactor));
    }
    if (claim == "llama3_bands") {
        const Eigen::Index kept = (f.band.array() == 0).count(), blended = (f.band.array() == 1).count(),
                           divided = (f.band.array() == 2).count();
        return result(claim, kept > 0 && blended > 0 && divided > 0,
                      std::to_string(kept) + " kept, " + std::to_string(blended) + " blended, " +
                          std::to_string(divided) + " divided");
    }
    if (claim == "alibi_slopes") {
        const Eigen::VectorXd got = core::alibiSlopes(c.at("heads"));
        const std::vector<double> want = c.at("slopes");
        bool ok = static_cast<size_t>(got.size()) == want.size();
        for (size_t h = 0; ok && h < want.size(); ++h) ok = near(got[static_cast<Eigen::Index>(h)], want[h], 1e-12);
        return result(claim, ok, "slopes of " + std::to_string(got.size()) + " heads");
    }
    if (claim == "t5_buckets") {
        core::T5BucketParams p;
        p.numBuckets = c.at("num_buckets");
        p.maxDistance = c.at("max_distance");
        p.bidirectional = c.at("bidirectional");
        const Eigen::VectorXi got = core::t5Buckets(p, c.at("relative").get<std::vector<int64_t>>());
        const std::vector<int> want = c.at("buckets");
        bool ok = static_cast<size_t>(got.size()) == want.size();
        std::string detail;
        for (Eigen::Index i = 0; i < got.size(); ++i) detail += (i ? "," : "") + std::to_string(got[i]);
        for (size_t i = 0; ok && i < want.size(); ++i) ok = got[static_cast<Eigen::Index>(i)] == want[i];
        return result(claim, ok, "buckets " + detail);
    }
    if (claim == "xpos_zeta_below_one") {
        core::XposParams p;
        p.headDim = s.rope.headDim;
        p.scaleBase = s.xposScaleBase;
        p.base = s.rope.base;
        const Eigen::VectorXd z = core::xposZeta(p);
        bool ok = z.minCoeff() > 0 && z.maxCoeff() < 1;
        for (Eigen::Index i = 1; i < z.size(); ++i) ok = ok && z[i] > z[i - 1];
        return result(claim, ok, "ζ from " + num(z[0]) + " to " + num(z[z.size() - 1]));
    }
    if (claim == "decay_at_zero") {
        const double v = core::decayBound(core::defaultInvFreq(s.rope.headDim, s.rope.base), 0.0);
        return result(claim, v == (s.rope.headDim / 2 + 1) / 2.0, "bound(0) = " + num(v));
    }
    if (claim == "view_builds") {
        const ViewResult r = buildView(s.view, s);
        return result(claim, !r.spec.title.empty(), r.spec.title);
    }
    return result(claim, false, "unknown claim '" + claim + "'");
}

}  // namespace

std::vector<TourCard> tourFromJson(const json& doc) {
    if (!doc.is_object() || !doc.contains("cards") || !doc.at("cards").is_array())
        throw std::invalid_argument("tour must be an object with a \"cards\" array");
    std::vector<TourCard> out;
    const json& cards = doc.at("cards");
    for (size_t k = 0; k < cards.size(); ++k) {
        const json& c = cards[k];
        if (!c.is_object()) throw std::invalid_argument("card " + std::to_string(k + 1) + ": expected an object");
        TourCard card;
        card.id = text(c, "id", k);
        card.question = text(c, "question", k);
        card.look = text(c, "look", k);
        card.tryThis = text(c, "try", k);
        if (!c.contains("state") || !c.at("state").is_object())
            throw std::invalid_argument("card " + std::to_string(k + 1) + ": state: expected an object");
        try {
            card.state = stateFromJson(c.at("state"));
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument("card " + std::to_string(k + 1) + ": state: " + e.what());
        }
        if (c.contains("checks")) card.checks = c.at("checks");
        out.push_back(std::move(card));
    }
    if (out.empty()) throw std::invalid_argument("tour has no cards");
    return out;
}

std::vector<TourCard> loadTourFile(const std::string& path) {
    const std::string body = readJsonInput(path);
    try {
        return tourFromJson(json::parse(body));
    } catch (const std::exception& e) {
        throw std::invalid_argument(path + ": " + e.what());
    }
}

std::vector<AppState> tourDeck(const std::vector<TourCard>& cards) {
    std::vector<AppState> deck;
    for (const TourCard& c : cards) {
        AppState s = c.state;
        s.title = c.question;
        deck.push_back(s);
    }
    return deck;
}

std::vector<ClaimResult> checkCard(const TourCard& card) {
    std::vector<ClaimResult> out;
    for (const json& c : card.checks) {
        try {
            out.push_back(check(c, card.state));
        } catch (const std::exception& e) {
            out.push_back({c.value("claim", std::string("?")), false, e.what()});
        }
    }
    return out;
}

std::vector<TourCard> loadBuiltInTour() {
    try {
        return tourFromJson(json::parse(embedded::kTourJson));
    } catch (const std::exception& e) {
        throw std::invalid_argument(std::string("built-in tour (assets/tour/tour.json): ") + e.what());
    }
}

}  // namespace phaselens::model
