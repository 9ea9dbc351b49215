#include "model/animation.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <stdexcept>

#include "export/gif_writer.h"
#include "export/mp4_writer.h"
#include "export/safe_write.h"
#include "phaselens/heatmap.h"
#include "render/image_io.h"

namespace phaselens::model {

namespace {

constexpr AnimationParam kParams[] = {AnimationParam::Position, AnimationParam::Context, AnimationParam::Base,
                                      AnimationParam::Factor};

std::string numberText(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

bool geometric(AnimationParam p) {
    return p != AnimationParam::Position;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && lower(s.substr(s.size() - suffix.size())) == suffix;
}

}  // namespace

const char* animationParamName(AnimationParam param) {
    switch (param) {
        case AnimationParam::Position:
            return "position";
        case AnimationParam::Context:
            return "context";
        case AnimationParam::Base:
            return "base";
        case AnimationParam::Factor:
            return "factor";
    }
    return "?";
}

AnimationParam animationParamFromName(const std::string& name) {
    for (AnimationParam p : kParams)
        if (name == animationParamName(p)) return p;
    throw std::invalid_argument("unknown animation parameter '" + name + "' (valid: position, context, base, factor)");
}

AnimationSpec parseAnimationSpec(const std::string& text) {
    const std::string where = "animation '" + text + "': ";
    std::vector<std::string> parts;
    size_t start = 0;
    for (;;) {
        const size_t colon = text.find(':', start);
        parts.push_back(text.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    if (parts.size() != 4)
        throw std::invalid_argument(where + "expected PARAM:FROM:TO:FRAMES (4 parts separated by ':'), got " +
                                    std::to_string(parts.size()) + " part" + (parts.size() == 1 ? "" : "s"));
    AnimationSpec spec;
    try {
        spec.param = animationParamFromName(parts[0]);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(where + e.what());
    }
    auto number = [&](const std::string& part, const char* what) {
        char* end = nullptr;
        errno = 0;
        const double v = std::strtod(part.c_str(), &end);
        if (part.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v))
            throw std::invalid_argument(where + what + " must be a number, got '" + part + "'");
        return v;
    };
    spec.from = number(parts[1], "FROM");
    spec.to = number(parts[2], "TO");
    char* end = nullptr;
    errno = 0;
    const long frames = std::strtol(parts[3].c_str(), &end, 10);
    if (parts[3].empty() || *end != '\0' || errno == ERANGE || frames < 1 || frames > kMaxAnimationFrames)
        throw std::invalid_argument(where + "FRAMES must be an integer in [1, " + std::to_string(kMaxAnimationFrames) +
                                    "], got '" + parts[3] + "'");
    spec.frames = static_cast<int>(frames);
    try {
        validateAnimationSpec(spec);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(where + e.what());
    }
    return spec;
}

void validateAnimationSpec(const AnimationSpec& spec) {
    if (spec.frames < 1 || spec.frames > kMaxAnimationFrames)
        throw std::invalid_argument("FRAMES must be in [1, " + std::to_string(kMaxAnimationFrames) + "], got " +
                                    std::to_string(spec.frames));
    const double maxPositions = static_cast<double>(core::kMaxSampledPositions);
    for (const auto& [v, what] : {std::pair{spec.from, "FROM"}, std::pair{spec.to, "TO"}}) {
        const std::string got = std::string(what) + " " + numberText(v);
        if (!std::isfinite(v)) throw std::invalid_argument(got + " is not finite");
        switch (spec.param) {
            case AnimationParam::Position:
                if (v < 0 || v > maxPositions) throw std::invalid_argument(got + ": position must be in [0, 2^31]");
                break;
            case AnimationParam::Context:
                if (v < 1 || v > maxPositions) throw std::invalid_argument(got + ": context must be in [1, 2^31]");
                break;
            case AnimationParam::Base:
                if (!(v > 1)) throw std::invalid_argument(got + ": base must be > 1");
                break;
            case AnimationParam::Factor:
                if (!(v >= 1)) throw std::invalid_argument(got + ": factor must be >= 1");
                break;
        }
    }
}

std::string formatAnimationSpec(const AnimationSpec& spec) {
    return std::string(animationParamName(spec.param)) + ":" + numberText(spec.from) + ":" + numberText(spec.to) + ":" +
           std::to_string(spec.frames);
}

double animationValue(const AnimationSpec& spec, int frame) {
    if (spec.frames <= 1) return spec.from;
    frame = std::clamp(frame, 0, spec.frames - 1);
    if (frame == spec.frames - 1) return spec.to;  // exact end value, whatever the rounding
    const double t = static_cast<double>(frame) / (spec.frames - 1);
    if (geometric(spec.param) && spec.from > 0 && spec.to > 0) return spec.from * std::pow(spec.to / spec.from, t);
    return spec.from + t * (spec.to - spec.from);
}

void applyAnimationValue(AppState& state, AnimationParam param, double value) {
    switch (param) {
        case AnimationParam::Position: {
            const int64_t p = static_cast<int64_t>(std::llround(value));
            state.positionMarker = p;
            state.phasePositions = std::max<int64_t>(1, p);
            break;
        }
        case AnimationParam::Context:
            state.contextLength = std::max<int64_t>(1, std::llround(value));
            break;
        case AnimationParam::Base:
            state.rope.base = value;
            break;
        case AnimationParam::Factor:
            state.rope.factor = value;
            state.extensionFactor = value;
            break;
    }
}

std::vector<AppState> animationStates(const AppState& base, const AnimationSpec& spec) {
    validateAnimationSpec(spec);
    std::vector<AppState> states(static_cast<size_t>(spec.frames), base);
    for (int k = 0; k < spec.frames; ++k)
        applyAnimationValue(states[static_cast<size_t>(k)], spec.param, animationValue(spec, k));
    return states;
}

void togglePlaying(AnimationState& a) {
    a.playing = !a.playing;
    a.elapsed = 0;
    if (a.playing && a.frame >= a.spec.frames - 1) a.frame = 0;
}

bool stepAnimation(AnimationState& a, AppState& state, double dt, bool force) {
    try {
        validateAnimationSpec(a.spec);
        a.error.clear();
    } catch (const std::invalid_argument& e) {
        a.error = e.what();
        a.playing = false;
        return false;
    }
    a.frame = std::clamp(a.frame, 0, a.spec.frames - 1);
    bool changed = force;
    if (a.playing) {
        const double period = 1.0 / std::clamp(static_cast<double>(a.framesPerSecond), 1.0, 60.0);
        a.elapsed += std::max(0.0, dt);
        while (a.elapsed >= period) {
            a.elapsed -= period;
            a.frame = (a.frame + 1) % a.spec.frames;  // loops
            changed = true;
        }
    }
    if (changed) applyAnimationValue(state, a.spec.param, animationValue(a.spec, a.frame));
    return changed;
}

int gifDelayCs(double framesPerSecond) {
    if (!(framesPerSecond > 0)) return 10;
    return std::max(2, static_cast<int>(std::lround(100.0 / framesPerSecond)));
}

std::string pngSequencePath(const std::string& path, int index) {
    const std::string stem = endsWith(path, ".png") ? path.substr(0, path.size() - 4) : path;
    char digits[16];
    std::snprintf(digits, sizeof digits, "_%04d", index);
    return stem + digits + ".png";
}

bool isAnimationPath(const std::string& path) {
    return endsWith(path, ".gif") || endsWith(path, ".mp4") || endsWith(path, ".png");
}

bool isVideoPath(const std::string& path) {
    return endsWith(path, ".mp4");
}

bool isGifPath(const std::string& path) {
    return endsWith(path, ".gif");
}

std::string animationPathWithExtension(const std::string& path, const std::string& extension) {
    const std::string stem = isAnimationPath(path) ? path.substr(0, path.size() - 4) : path;
    return stem + extension;
}

std::vector<std::string> writeAnimation(const std::string& path, const std::vector<AppState>& states,
                                        const std::function<render::RgbaImage(const AppState&)>& renderFrame,
                                        int delayCs, const std::function<void(int, int)>& progress,
                                        safe_write::WriteSet* unit, double framesPerSecond, int gifTolerance) {
    if (states.empty()) throw std::invalid_argument("animation '" + path + "': no frames");
    const int n = static_cast<int>(states.size());
    if (!isAnimationPath(path))
        throw std::invalid_argument("animation output '" + path +
                                    "' must end in .gif (animated GIF), .mp4 (H.264 video) or .png (PNG sequence)");
    safe_write::WriteSet ownUnit;
    safe_write::WriteSet& set = unit ? *unit : ownUnit;
    if (isVideoPath(path)) {
        const double fps = framesPerSecond > 0 ? framesPerSecond : 100.0 / std::max(1, delayCs);
        std::unique_ptr<exporter::Mp4Writer> mp4;  // opened with the first frame's size
        for (int k = 0; k < n; ++k) {
            if (progress) progress(k, n);
            const render::RgbaImage frame = renderFrame(states[static_cast<size_t>(k)]);
            if (!mp4) mp4 = std::make_unique<exporter::Mp4Writer>(path, frame.width, frame.height, fps, &set.add(path));
            mp4->addFrame(frame);
        }
        mp4->finish();
        if (!unit) set.commit();
        return {path};
    }
    if (endsWith(path, ".gif")) {
        // One palette for every frame (no shimmer), from up to 8 frames spread over the sweep (first and last
        // included) and at most ~128 MB of them. They are rendered first and kept, so every frame is rendered once.
        auto renderAt = [&](int k) {
            if (progress) progress(k, n);
            return renderFrame(states[static_cast<size_t>(k)]);
        };
        std::map<int, render::RgbaImage> samples;
        samples.emplace(0, renderAt(0));
        const double frameBytes = std::max(1.0, static_cast<double>(samples.at(0).pixels.size()));
        const int wanted = std::clamp(static_cast<int>((128.0 * 1024 * 1024) / frameBytes), 2, 8);
        const int count = std::min(n, wanted);
        for (int i = 1; i < count; ++i) {
            const int k = static_cast<int>(std::lround(static_cast<double>(i) * (n - 1) / (count - 1)));
            if (!samples.count(k)) samples.emplace(k, renderAt(k));
        }
        std::vector<const render::RgbaImage*> sampled;
        for (const auto& entry : samples) sampled.push_back(&entry.second);
        const exporter::SharedPalette palette(sampled);
        exporter::GifWriter gif(path, samples.at(0).width, samples.at(0).height, delayCs, 0, &set.add(path));
        gif.setTolerance(gifTolerance);
        for (int k = 0; k < n; ++k) {
            const auto it = samples.find(k);
            if (it != samples.end()) {
                gif.addFrame(it->second, palette);
                samples.erase(it);
            } else {
                gif.addFrame(renderAt(k), palette);
            }
        }
        gif.finish();
        if (!unit) set.commit();
        return {path};
    }
    std::vector<std::string> files;
    for (int k = 0; k < n; ++k) {
        if (progress) progress(k, n);
        const std::string file = pngSequencePath(path, k + 1);
        const render::RgbaImage frame = renderFrame(states[static_cast<size_t>(k)]);
        safe_write::TempFile& member = set.add(file);
        render::writePng(member, frame);
        member.finish();  // closed now: a long sequence holds no descriptor per frame
        files.push_back(file);
    }
    if (!unit) set.commit();
    return files;
}

}  // namespace phaselens::model
