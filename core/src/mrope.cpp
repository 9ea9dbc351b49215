#include "phaselens/mrope.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "phaselens/rope.h"
#include "phaselens/validate.h"

namespace phaselens::core {

namespace {

constexpr double kMaxExactId = 9007199254740992.0;  // 2^53

std::string sectionText(const MropeSection& s) {
    return "[" + std::to_string(s[0]) + ", " + std::to_string(s[1]) + ", " + std::to_string(s[2]) + "]";
}

std::string trim(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i)
        if (i == s.size() || s[i] == sep) {
            out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    return out;
}

// A decimal count 1 .. kMaxMropeTokens; nullopt-like -1 on any other text.
int64_t parseCount(const std::string& text) {
    if (text.empty() || text.size() > 8) return -1;
    int64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    return (v >= 1 && v <= kMaxMropeTokens) ? v : -1;
}

[[noreturn]] void badItem(size_t index, const std::string& item, const std::string& problem) {
    throw std::invalid_argument("sequence item " + std::to_string(index + 1) + " '" + item + "' " + problem);
}

// Sum of a and b, both in [0, kMaxMropeTokens]: never overflows int64.
int64_t addTokens(int64_t a, int64_t b) {
    const int64_t sum = a + b;
    if (sum > kMaxMropeTokens)
        throw std::invalid_argument("sequence has more than " + std::to_string(kMaxMropeTokens) +
                                    " tokens (limit 2^22)");
    return sum;
}

}  // namespace

const char* mropeAxisName(int axis) {
    switch (axis) {
        case kMropeTime:
            return "time";
        case kMropeHeight:
            return "height";
        case kMropeWidth:
            return "width";
    }
    throw std::invalid_argument("mrope axis must be 0, 1 or 2, got " + std::to_string(axis));
}

const char* mropeLayoutName(MropeLayout layout) {
    return layout == MropeLayout::Chunked ? "chunked" : "interleaved";
}

MropeLayout mropeLayoutFromName(const std::string& name) {
    if (name == "chunked") return MropeLayout::Chunked;
    if (name == "interleaved") return MropeLayout::Interleaved;
    throw std::invalid_argument("mrope_layout must be one of chunked, interleaved; got '" + name + "'");
}

void validateMropeSection(const MropeSection& section, int rotaryPairs) {
    for (int a = 0; a < 3; ++a)
        if (section[a] < 0)
            throw std::invalid_argument("mrope_section " + sectionText(section) + " entries must be >= 0, got " +
                                        std::to_string(section[a]) + " for " + mropeAxisName(a));
    const int64_t sum = int64_t{section[0]} + section[1] + section[2];
    if (sum != rotaryPairs)
        throw std::invalid_argument("mrope_section " + sectionText(section) + " must sum to rotary_dim/2 = " +
                                    std::to_string(rotaryPairs) + ", got " + std::to_string(sum));
}

Eigen::VectorXi mropeAxisOfPair(const MropeSection& section, MropeLayout layout, int rotaryPairs) {
    validateMropeSection(section, rotaryPairs);
    Eigen::VectorXi axis(rotaryPairs);
    for (int j = 0; j < rotaryPairs; ++j) {
        if (layout == MropeLayout::Chunked) {
            axis[j] = j < section[0] ? kMropeTime : (j < section[0] + section[1] ? kMropeHeight : kMropeWidth);
        } else {
            const int64_t j64 = j;
            if (j % 3 == 1 && j64 < 3 * int64_t{section[1]})
                axis[j] = kMropeHeight;
            else if (j % 3 == 2 && j64 < 3 * int64_t{section[2]})
                axis[j] = kMropeWidth;
            else
                axis[j] = kMropeTime;
        }
    }
    return axis;
}

void validate(const MropeParams& p) {
    const int r = rotaryDim(p.headDim, p.partialRotaryFactor);
    requireGreater("rope_theta", p.ropeTheta, 1.0);
    validateMropeSection(p.section, r / 2);
}

int mropeRotaryDim(const MropeParams& p) {
    validate(p);
    return rotaryDim(p.headDim, p.partialRotaryFactor);
}

Eigen::VectorXd mropeInvFreq(const MropeParams& p) {
    return defaultInvFreq(mropeRotaryDim(p), p.ropeTheta);
}

Eigen::VectorXi mropeAxisOfPair(const MropeParams& p) {
    return mropeAxisOfPair(p.section, p.layout, mropeRotaryDim(p) / 2);
}

// -----------------------------------------------------------------------------------------------------------------
// Sequences
// -----------------------------------------------------------------------------------------------------------------

std::vector<MropeSegment> parseMropeSequence(const std::string& spec) {
    if (trim(spec).empty()) throw std::invalid_argument("sequence must not be empty (e.g. text:3,image:2x3,text:2)");
    std::vector<MropeSegment> out;
    const std::vector<std::string> items = split(spec, ',');
    for (size_t i = 0; i < items.size(); ++i) {
        const std::string item = trim(items[i]);
        const size_t colon = item.find(':');
        if (colon == std::string::npos) badItem(i, item, "must be text:N, image:HxW or video:TxHxW");
        const std::string kind = item.substr(0, colon);
        const std::vector<std::string> dims = split(item.substr(colon + 1), 'x');
        std::vector<int64_t> n;
        for (const std::string& d : dims) n.push_back(parseCount(d));
        const bool allOk = std::all_of(n.begin(), n.end(), [](int64_t v) { return v >= 1; });
        MropeSegment s;
        if (kind == "text") {
            if (n.size() != 1 || !allOk) badItem(i, item, "must be text:N with N an integer in 1..4194304");
            s.kind = MropeSegmentKind::Text;
            s.length = n[0];
        } else if (kind == "image") {
            if (n.size() != 2 || !allOk) badItem(i, item, "must be image:HxW with integers H, W in 1..4194304");
            s.kind = MropeSegmentKind::Image;
            s.h = n[0];
            s.w = n[1];
        } else if (kind == "video") {
            if (n.size() != 3 || !allOk) badItem(i, item, "must be video:TxHxW with integers T, H, W in 1..4194304");
            s.kind = MropeSegmentKind::Video;
            s.t = n[0];
            s.h = n[1];
            s.w = n[2];
        } else {
            badItem(i, item, "has an unknown kind '" + kind + "' (expected text, image or video)");
        }
        out.push_back(s);
    }
    (void)mropeSequenceLength(out);
    return out;
}

std::string mropeSequenceSpec(const std::vector<MropeSegment>& segments) {
    std::string out;
    for (const MropeSegment& s : segments) {
        if (!out.empty()) out += ",";
        switch (s.kind) {
            case MropeSegmentKind::Text:
                out += "text:" + std::to_string(s.length);
                break;
            case MropeSegmentKind::Image:
                out += "image:" + std::to_string(s.h) + "x" + std::to_string(s.w);
                break;
            case MropeSegmentKind::Video:
                out += "video:" + std::to_string(s.t) + "x" + std::to_string(s.h) + "x" + std::to_string(s.w);
                break;
        }
    }
    return out;
}

int64_t mropeSegmentTokens(const MropeSegment& s) {
    auto check = [](const char* what, int64_t v) {
        if (v < 1 || v > kMaxMropeTokens)
            throw std::invalid_argument(std::string("sequence ") + what + " must be in 1..4194304, got " +
                                        std::to_string(v));
    };
    switch (s.kind) {
        case MropeSegmentKind::Text:
            check("text length", s.length);
            return s.length;
        case MropeSegmentKind::Image:
        case MropeSegmentKind::Video: {
            const int64_t t = s.kind == MropeSegmentKind::Video ? s.t : 1;
            check("grid t", t);
            check("grid h", s.h);
            check("grid w", s.w);
            // Each factor <= 2^22, so h·w <= 2^44 and the check below keeps t·(h·w) from overflowing.
            const int64_t hw = s.h * s.w;
            if (hw > kMaxMropeTokens || t > kMaxMropeTokens / hw)
                throw std::invalid_argument("sequence grid " + std::to_string(t) + "x" + std::to_string(s.h) + "x" +
                                            std::to_string(s.w) + " has more than 4194304 tokens (limit 2^22)");
            return t * hw;
        }
    }
    throw std::invalid_argument("sequence segment kind is invalid");
}

int64_t mropeSequenceLength(const std::vector<MropeSegment>& segments) {
    if (segments.empty()) throw std::invalid_argument("sequence must have at least one segment");
    int64_t total = 0;
    for (const MropeSegment& s : segments) total = addTokens(total, mropeSegmentTokens(s));
    return total;
}

int mropeVideoCount(const std::vector<MropeSegment>& segments) {
    return static_cast<int>(std::count_if(segments.begin(), segments.end(),
                                          [](const MropeSegment& s) { return s.kind == MropeSegmentKind::Video; }));
}

std::vector<int64_t> mropeSegmentOffsets(const std::vector<MropeSegment>& segments) {
    std::vector<int64_t> out;
    int64_t at = 0;
    for (const MropeSegment& s : segments) {
        out.push_back(at);
        at = addTokens(at, mropeSegmentTokens(s));
    }
    return out;
}

MropePositions mropePositionIds(const std::vector<MropeSegment>& segments, const MropeIndexOptions& options) {
    const int64_t total = mropeSequenceLength(segments);
    const int videos = mropeVideoCount(segments);
    const size_t given = options.secondPerGridT.size();
    if (given > 1 && given != static_cast<size_t>(videos))
        throw std::invalid_argument("second_per_grid_t has " + std::to_string(given) + " values but the sequence has " +
                                    std::to_string(videos) +
                                    " video segments (give one value per video, or one for all)");
    for (double s : options.secondPerGridT) requireAtLeast("second_per_grid_t", s, 0.0);
    requireFinite("tokens_per_second", options.tokensPerSecond);
    const bool timed = options.tokensPerSecond > 0.0;

    MropePositions ids(3, total);
    int64_t col = 0;
    int64_t start = 0;  // id of the segment's first token (before its grid offsets)
    int video = 0;
    for (const MropeSegment& seg : segments) {
        const int64_t n = mropeSegmentTokens(seg);
        if (static_cast<double>(start) + static_cast<double>(n) > kMaxExactId)
            throw std::invalid_argument("sequence position ids exceed 2^53");
        if (seg.kind == MropeSegmentKind::Text) {
            for (int64_t i = 0; i < n; ++i) ids.col(col + i).setConstant(start + i);
            col += n;
            start += n;  // max over rows + 1
            continue;
        }
        const bool isVideo = seg.kind == MropeSegmentKind::Video;
        const int64_t frames = isVideo ? seg.t : 1;
        double s = 1.0;
        if (isVideo && given > 0) s = options.secondPerGridT[given == 1 ? 0 : static_cast<size_t>(video)];
        if (options.castSecondPerGridT) s = std::trunc(s);
        int64_t maxId = start;
        for (int64_t f = 0; f < frames; ++f) {
            int64_t tau = f;
            if (isVideo && timed) {
                const double scaled = std::floor((static_cast<double>(f) * s) * options.tokensPerSecond);
                if (!(scaled <= kMaxExactId - static_cast<double>(start)))
                    throw std::invalid_argument("second_per_grid_t " + formatDouble(s) + " x tokens_per_second " +
                                                formatDouble(options.tokensPerSecond) + " makes a time id exceed 2^53");
                tau = static_cast<int64_t>(scaled);
            }
            for (int64_t r = 0; r < seg.h; ++r)
                for (int64_t c = 0; c < seg.w; ++c) {
                    ids(0, col) = start + tau;
                    ids(1, col) = start + r;
                    ids(2, col) = start + c;
                    ++col;
                }
            maxId = std::max({maxId, start + tau, start + seg.h - 1, start + seg.w - 1});
        }
        start = options.resumeAtStartPlusMaxHW ? start + std::max(seg.h, seg.w) : maxId + 1;
        if (isVideo) ++video;
    }
    return ids;
}

// -----------------------------------------------------------------------------------------------------------------
// Scores
// -----------------------------------------------------------------------------------------------------------------

namespace {

void requireVector(const char* name, const Eigen::VectorXd& v, int headDim) {
    if (v.size() != headDim)
        throw std::invalid_argument(std::string(name) + " must have head_dim = " + std::to_string(headDim) +
                                    " entries, got " + std::to_string(v.size()));
    for (Eigen::Index i = 0; i < v.size(); ++i)
        if (!std::isfinite(v[i]))
            throw std::invalid_argument(std::string(name) + "[" + std::to_string(i) + "] must be finite, got " +
                                        formatDouble(v[i]));
}

struct PairTerms {
    Eigen::VectorXd a, b;  // per pair: cos and sin coefficients
    double passThrough = 0.0;
};

PairTerms pairTerms(const Eigen::VectorXd& q, const Eigen::VectorXd& k, int r) {
    const int half = r / 2;
    PairTerms t;
    t.a.resize(half);
    t.b.resize(half);
    for (int j = 0; j < half; ++j) {
        t.a[j] = q[j] * k[j] + q[j + half] * k[j + half];
        t.b[j] = q[j + half] * k[j] - q[j] * k[j + half];
    }
    for (Eigen::Index c = r; c < q.size(); ++c) t.passThrough += q[c] * k[c];
    return t;
}

double scoreFromTerms(const PairTerms& t, const Eigen::VectorXd& theta, const Eigen::VectorXi& axis,
                      const Eigen::Vector<int64_t, 3>& P, const Eigen::Vector<int64_t, 3>& Q) {
    double s = t.passThrough;
    for (Eigen::Index j = 0; j < theta.size(); ++j) {
        const double phi = static_cast<double>(P[axis[j]] - Q[axis[j]]) * theta[j];
        s += t.a[j] * std::cos(phi) - t.b[j] * std::sin(phi);
    }
    return s;
}

void requireIds(const Eigen::Vector<int64_t, 3>& ids) {
    for (int a = 0; a < 3; ++a)
        if (ids[a] < -static_cast<int64_t>(kMaxExactId) || ids[a] > static_cast<int64_t>(kMaxExactId))
            throw std::invalid_argument("position id must be within +-2^53, got " + std::to_string(ids[a]));
}

}  // namespace

double mropeScore(const MropeParams& p, const Eigen::VectorXd& q, const Eigen::VectorXd& k,
                  const Eigen::Vector<int64_t, 3>& queryIds, const Eigen::Vector<int64_t, 3>& keyIds) {
    MropePositions keys(3, 1);
    keys.col(0) = keyIds;
    return mropeScores(p, q, k, queryIds, keys)[0];
}

Eigen::VectorXd mropeScores(const MropeParams& p, const Eigen::VectorXd& q, const Eigen::VectorXd& k,
                            const Eigen::Vector<int64_t, 3>& queryIds, const MropePositions& keyIds) {
    const int r = mropeRotaryDim(p);
    requireVector("q", q, p.headDim);
    requireVector("k", k, p.headDim);
    requireIds(queryIds);
    const Eigen::VectorXd theta = defaultInvFreq(r, p.ropeTheta);
    const Eigen::VectorXi axis = mropeAxisOfPair(p.section, p.layout, r / 2);
    const PairTerms terms = pairTerms(q, k, r);
    Eigen::VectorXd out(keyIds.cols());
    for (Eigen::Index n = 0; n < keyIds.cols(); ++n) {
        const Eigen::Vector<int64_t, 3> key = keyIds.col(n);
        requireIds(key);
        out[n] = scoreFromTerms(terms, theta, axis, queryIds, key);
    }
    return out;
}

Eigen::VectorXd mropeKernelOnes(const MropeParams& p, const Eigen::Vector<int64_t, 3>& queryIds,
                                const MropePositions& keyIds) {
    const Eigen::VectorXd ones = Eigen::VectorXd::Ones(p.headDim > 0 ? p.headDim : 0);
    return mropeScores(p, ones, ones, queryIds, keyIds);
}

}  // namespace phaselens::core
