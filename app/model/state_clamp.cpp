#include "model/state_clamp.h"

#include <algorithm>

#include "phaselens/rope.h"

namespace phaselens::model {

namespace {

// Pairs shown by the pair-based views, or 0 when the encoding parameters are themselves invalid.
int pairCountOfRope(const AppState& s);

int pairCount(const AppState& s) {
    if (s.ladderScheme == LadderScheme::Sinusoidal) return s.sinusoidalDModel >= 2 ? s.sinusoidalDModel / 2 : 0;
    return pairCountOfRope(s);
}

int pairCountOfRope(const AppState& s) {
    if (s.rope.headDim < 2 || !(s.rope.partialRotaryFactor > 0.0 && s.rope.partialRotaryFactor <= 1.0)) return 0;
    const double r = static_cast<double>(s.rope.headDim) * s.rope.partialRotaryFactor;
    return static_cast<int>(r) / 2;
}

}  // namespace

std::vector<ClampNote> clampDependentSelections(AppState& s) {
    std::vector<ClampNote> notes;
    const int pairs = pairCount(s);
    if (pairs > 0) {
        bool changed = false;
        std::string moved;
        for (int& p : s.phasePairs) {
            const int clamped = std::clamp(p, 0, pairs - 1);
            if (clamped == p) continue;
            moved += (moved.empty() ? "" : ", ") + std::to_string(p) + " → " + std::to_string(clamped);
            p = clamped;
            changed = true;
        }
        if (changed)
            notes.push_back(
                {{View::PhaseCircle, View::PhaseSawtooth},
                 "phase pair " + moved + " (this encoding has pairs 0.." + std::to_string(pairs - 1) + ")"});
    }
    if (s.alibiHeads >= 1 && (s.alibiSelectedHead < 0 || s.alibiSelectedHead >= s.alibiHeads)) {
        const int before = s.alibiSelectedHead;
        s.alibiSelectedHead = std::clamp(s.alibiSelectedHead, 0, s.alibiHeads - 1);
        notes.push_back({{View::Alibi, View::AlibiSlopes},
                         "selected head " + std::to_string(before + 1) + " → " +
                             std::to_string(s.alibiSelectedHead + 1) + " (" + std::to_string(s.alibiHeads) +
                             " heads)"});
    }
    // LongRoPE lists are per pair: lists loaded for another rotary_dim are dropped (short = 1, long = factor).
    const size_t listPairs = static_cast<size_t>(std::max(0, pairCountOfRope(s)));
    if (s.rope.type == core::RopeType::LongRope && listPairs > 0 &&
        ((!s.rope.shortFactor.empty() && s.rope.shortFactor.size() != listPairs) ||
         (!s.rope.longFactor.empty() && s.rope.longFactor.size() != listPairs))) {
        notes.push_back({{View::Ladder, View::Wavelengths, View::PhaseCircle, View::PhaseSawtooth, View::Scores,
                          View::Kernel, View::Turns, View::Aliasing, View::LadderPoint, View::LadderMean},
                         "LongRoPE lists of " +
                             std::to_string(std::max(s.rope.shortFactor.size(), s.rope.longFactor.size())) +
                             " pairs dropped (this rotary_dim has " + std::to_string(listPairs) +
                             "): short = 1, long = factor for every pair"});
        s.rope.shortFactor.clear();
        s.rope.longFactor.clear();
    }
    // T5: bidirectional needs num_buckets >= 4 (half for each direction); max_distance must exceed max_exact.
    if (s.t5NumBuckets >= 2 && s.t5NumBuckets <= 4096 && s.t5MaxDistance >= 1) {
        std::string moved;
        if (s.t5Bidirectional && s.t5NumBuckets < 4) {
            moved = "num_buckets " + std::to_string(s.t5NumBuckets) + " → 4 (bidirectional)";
            s.t5NumBuckets = 4;
        }
        const int maxExact = (s.t5Bidirectional ? s.t5NumBuckets / 2 : s.t5NumBuckets) / 2;
        if (s.t5MaxDistance <= maxExact) {
            moved += (moved.empty() ? "" : "; ") + std::string("max_distance ") + std::to_string(s.t5MaxDistance) +
                     " → " + std::to_string(maxExact + 1) + " (it must exceed max_exact = " + std::to_string(maxExact) +
                     ")";
            s.t5MaxDistance = maxExact + 1;
        }
        if (!moved.empty()) notes.push_back({{View::T5}, "T5 " + moved});
    }
    // M-RoPE spatial map: the query patch and the key frame follow the grid when it shrinks (a slider, a preset).
    if (s.mropeGridT >= 1 && s.mropeGridH >= 1 && s.mropeGridW >= 1) {
        std::string moved;
        const auto clampTo = [&moved](int& v, int size, const char* what) {
            const int clamped = std::clamp(v, 0, size - 1);
            if (clamped == v) return;
            moved += (moved.empty() ? "" : ", ") + std::string(what) + " " + std::to_string(v) + " → " +
                     std::to_string(clamped);
            v = clamped;
        };
        clampTo(s.mropeQueryFrame, s.mropeGridT, "query frame");
        clampTo(s.mropeQueryRow, s.mropeGridH, "query row");
        clampTo(s.mropeQueryCol, s.mropeGridW, "query column");
        clampTo(s.mropeKeyFrame, s.mropeGridT, "key frame");
        if (!moved.empty())
            notes.push_back({{View::MropeSpatial},
                             moved + " (grid " + std::to_string(s.mropeGridT) + "×" + std::to_string(s.mropeGridH) +
                                 "×" + std::to_string(s.mropeGridW) + ")"});
    }
    return notes;
}

}  // namespace phaselens::model
