// PhaseLens app — animations: a sweep of one parameter over a sequence of AppStates, played in the
// window (Space plays/pauses) and written as an animated GIF, an MP4 video or a PNG sequence, also headless:
//
//     phaselens export --view ladder --animate context:1024:1048576:60 --out sweep.gif [--fps 10]
//
// A sweep is "PARAM:FROM:TO:FRAMES":
//   position  positions 0..P: sets phasePositions (the phase-circle trail) and positionMarker (a vertical
//             line on the ladders and the sawtooth); linear steps, rounded to integers, FROM/TO in
//             [0, 2^31].
//   context   contextLength, geometric steps (equal ratios: 1K → 1M in 60 frames looks even), rounded,
//             [1, 2^31].
//   base      rope.base (RoPE and sinusoidal), geometric, > 1.
//   factor    the scaling factor: rope.factor and extensionFactor (the context-extension views), geometric,
//             >= 1.
// Frame k of n has t = k/(n − 1) (t = 0 when n = 1): linear v = FROM + t·(TO − FROM), geometric
// v = FROM·(TO/FROM)^t. FROM > TO sweeps downwards. FRAMES is 1..1000.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "model/app_state.h"
#include "render/image_io.h"

namespace phaselens::safe_write {
class WriteSet;
}

namespace phaselens::model {

enum class AnimationParam { Position, Context, Base, Factor };

/// "position", "context", "base", "factor"; animationParamFromName throws listing the valid names.
const char* animationParamName(AnimationParam param);
AnimationParam animationParamFromName(const std::string& name);

struct AnimationSpec {
    AnimationParam param = AnimationParam::Context;
    double from = 1024;   ///< first value (units of the parameter)
    double to = 1048576;  ///< last value
    int frames = 60;      ///< 1 .. 1000
};

constexpr int kMaxAnimationFrames = 1000;
/// The GIF tolerance of exports unless told otherwise (CLI --gif-tolerance, the window's Animation section): at most 8
/// levels of 255 per channel, and only where the frame's local contrast is at least as large (export/gif_writer.h).
/// Measured at 800×600, 48 frames: a ladder base sweep 5.75 MB lossless, 4.89 MB at 8. 0 = lossless.
constexpr int kDefaultGifTolerance = 8;

/// Parses "PARAM:FROM:TO:FRAMES". Throws std::invalid_argument naming the whole spec and the part that is
/// wrong, e.g. "animation 'context:8:x:10': TO must be a number, got 'x'".
AnimationSpec parseAnimationSpec(const std::string& text);
/// Throws std::invalid_argument (naming `spec`'s text) when a value is outside the parameter's range.
void validateAnimationSpec(const AnimationSpec& spec);
/// The inverse of parseAnimationSpec ("%.17g" numbers, so it round-trips).
std::string formatAnimationSpec(const AnimationSpec& spec);

/// The parameter's value at `frame` (0-based; clamped to the spec's frames), see the file comment.
double animationValue(const AnimationSpec& spec, int frame);
/// Writes `value` into the fields `param` drives (see the file comment).
void applyAnimationValue(AppState& state, AnimationParam param, double value);
/// `spec.frames` copies of `base`, frame k with animationValue(spec, k) applied. Validates the spec.
std::vector<AppState> animationStates(const AppState& base, const AnimationSpec& spec);

/// The window's player (lives in UiContext): plays the spec at framesPerSecond, looping.
struct AnimationState {
    AnimationSpec spec;
    bool playing = false;
    int frame = 0;                 ///< current frame, 0 .. spec.frames − 1
    float framesPerSecond = 8.0f;  ///< 1 .. 60; also the GIF frame delay (100/fps cs)
    double elapsed = 0.0;          ///< seconds since the last step
    std::string error;             ///< why the spec cannot play (shown next to the controls)
    // Export from the window: the dialog sets these; the desktop loop renders the frames between frames.
    std::string exportPath = "phaselens-animation.gif";  ///< .gif, or .png for a numbered PNG sequence
    int exportWidth = 1280, exportHeight = 720;          ///< frame size of exports from the window, px
    bool exportRequested = false;
    std::string exportMessage;                ///< "wrote …" or the error of the last export
    int gifTolerance = kDefaultGifTolerance;  ///< GIF exports: levels per channel, 0 (lossless) .. 64
};

/// Toggles playing; starting from the last frame rewinds to frame 0.
void togglePlaying(AnimationState& animation);
/// Advances the player by `dt` seconds while playing and applies the current frame to `state` when the
/// frame changed (or `force`). Returns true when `state` was written. Invalid specs stop the player and
/// set `error`.
bool stepAnimation(AnimationState& animation, AppState& state, double dt, bool force = false);

/// GIF frame delay in centiseconds for a frame rate: round(100/fps), at least 2.
int gifDelayCs(double framesPerSecond);

/// "FILE_0001.png" for path "FILE.png" and index 1 (1-based, 4 digits).
std::string pngSequencePath(const std::string& path, int index);

/// Renders every state with `renderFrame` and writes them: an animated GIF when `path` ends in ".gif"
/// (case-insensitive; exporter::GifWriter, frame delay `delayCs`), an MP4 video when it ends in ".mp4"
/// (exporter::Mp4Writer: H.264, `framesPerSecond`, or 100 / delayCs when 0; the frame size must be even), a PNG
/// sequence pngSequencePath(path, k)
/// when it ends in ".png" (each written atomically). Every frame is rendered once; a GIF shares one palette over
/// all frames (exporter::SharedPalette from up to 8 frames spread over the sweep, rendered first and kept).
/// `progress(k, n)` (optional) is called before frame k is rendered (a GIF's sample frames first). Returns the
/// files written. Throws
/// std::invalid_argument for another extension or no states, and whatever renderFrame / the writers throw.
/// All files are one safe_write::WriteSet (export/safe_write.h): every frame goes to a temporary file and
/// nothing is renamed until all are complete, so a failure or a signal leaves the old files and no new
/// partial ones. With `unit` given the files are added to it and the caller commits (e.g. after adding the
/// sidecar); otherwise they are committed before returning. `gifTolerance` (0..255, a GIF only): the GIF writer's lossy
/// mode (exporter::GifWriter::setTolerance: every shown pixel within that many levels per channel of the lossless
/// frame); 0 = lossless.
std::vector<std::string> writeAnimation(const std::string& path, const std::vector<AppState>& states,
                                        const std::function<render::RgbaImage(const AppState&)>& renderFrame,
                                        int delayCs, const std::function<void(int, int)>& progress = {},
                                        safe_write::WriteSet* unit = nullptr, double framesPerSecond = 0,
                                        int gifTolerance = 0);

/// True when `path` ends in .gif, .mp4 or .png (case-insensitive): a file writeAnimation can write.
bool isAnimationPath(const std::string& path);
/// True when `path` ends in .mp4 (case-insensitive): writeAnimation writes a video (even frame sizes only).
bool isVideoPath(const std::string& path);
/// True when `path` ends in .gif (case-insensitive): writeAnimation writes an animated GIF.
bool isGifPath(const std::string& path);
/// `path` with its animation extension (.gif, .mp4 or .png, any case) replaced by `extension` (".gif", ".mp4" or
/// ".png"), or `extension` appended when it has none: the window's format choice. "a/b.GIF", ".mp4" -> "a/b.mp4".
std::string animationPathWithExtension(const std::string& path, const std::string& extension);

}  // namespace phaselens::model
