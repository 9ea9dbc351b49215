#include "export/gif_writer.h"

#include <fcntl.h>
#include <gif_lib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <unordered_map>

#include "export/gif_lzw.h"
#include "export/safe_write.h"

namespace phaselens::exporter {

namespace {

constexpr int kBins = 32 * 32 * 32;  // 5 bits per channel

struct Rgb {
    std::uint8_t r, g, b;
};

// Straight-alpha RGBA composited over white.
Rgb opaquePixel(const std::uint8_t* p) {
    const unsigned a = p[3];
    auto over = [a](unsigned c) { return static_cast<std::uint8_t>((c * a + 255u * (255u - a) + 127u) / 255u); };
    return {over(p[0]), over(p[1]), over(p[2])};
}

int binOf(Rgb c) {
    return ((c.r >> 3) << 10) | ((c.g >> 3) << 5) | (c.b >> 3);
}

struct Box {
    int lo[3], hi[3];  // inclusive bin coordinates per channel (r, g, b)
    std::uint64_t count = 0;
};

int binAt(int r, int g, int b) {
    return (r << 10) | (g << 5) | b;
}

// Shrinks `box` to the nonzero bins it contains and sets its count.
void tighten(Box& box, const std::vector<std::uint64_t>& hist) {
    int lo[3] = {31, 31, 31}, hi[3] = {0, 0, 0};
    box.count = 0;
    for (int r = box.lo[0]; r <= box.hi[0]; ++r)
        for (int g = box.lo[1]; g <= box.hi[1]; ++g)
            for (int b = box.lo[2]; b <= box.hi[2]; ++b) {
                const std::uint64_t n = hist[static_cast<size_t>(binAt(r, g, b))];
                if (n == 0) continue;
                box.count += n;
                const int c[3] = {r, g, b};
                for (int k = 0; k < 3; ++k) lo[k] = std::min(lo[k], c[k]), hi[k] = std::max(hi[k], c[k]);
            }
    if (box.count > 0)
        for (int k = 0; k < 3; ++k) box.lo[k] = lo[k], box.hi[k] = hi[k];
}

int longestChannel(const Box& box) {
    int best = 0;
    for (int k = 1; k < 3; ++k)
        if (box.hi[k] - box.lo[k] > box.hi[best] - box.lo[best]) best = k;
    return best;
}

// Splits `box` at the count median of its longest channel; both halves are non-empty.
std::pair<Box, Box> split(const Box& box, const std::vector<std::uint64_t>& hist) {
    const int ch = longestChannel(box);
    std::vector<std::uint64_t> slice(32, 0);
    for (int r = box.lo[0]; r <= box.hi[0]; ++r)
        for (int g = box.lo[1]; g <= box.hi[1]; ++g)
            for (int b = box.lo[2]; b <= box.hi[2]; ++b) {
                const int c[3] = {r, g, b};
                slice[static_cast<size_t>(c[ch])] += hist[static_cast<size_t>(binAt(r, g, b))];
            }
    std::uint64_t acc = 0;
    int cut = box.lo[ch];
    for (int v = box.lo[ch]; v < box.hi[ch]; ++v) {
        acc += slice[static_cast<size_t>(v)];
        cut = v;
        if (2 * acc >= box.count) break;
    }
    Box a = box, b = box;
    a.hi[ch] = cut;
    b.lo[ch] = cut + 1;
    tighten(a, hist);
    tighten(b, hist);
    return {a, b};
}

// Pixel counts and channel sums per 5-bit bin.
struct Histogram {
    std::vector<std::uint64_t> count = std::vector<std::uint64_t>(kBins, 0);
    std::vector<std::uint64_t> sum[3] = {std::vector<std::uint64_t>(kBins, 0), std::vector<std::uint64_t>(kBins, 0),
                                         std::vector<std::uint64_t>(kBins, 0)};
    void add(Rgb p) {
        const size_t bin = static_cast<size_t>(binOf(p));
        ++count[bin];
        sum[0][bin] += p.r;
        sum[1][bin] += p.g;
        sum[2][bin] += p.b;
    }
};

using Palette = std::vector<std::array<std::uint8_t, 3>>;

Palette medianCutPalette(const Histogram& h) {
    const std::vector<std::uint64_t>& hist = h.count;
    std::vector<Box> boxes(1);
    boxes[0] = {{0, 0, 0}, {31, 31, 31}, 0};
    tighten(boxes[0], hist);
    while (boxes.size() < 256) {
        size_t best = boxes.size();
        double bestScore = 0;
        for (size_t i = 0; i < boxes.size(); ++i) {
            const Box& b = boxes[i];
            const int range = b.hi[longestChannel(b)] - b.lo[longestChannel(b)];
            const double score = static_cast<double>(b.count) * range;
            if (range > 0 && score > bestScore) best = i, bestScore = score;
        }
        if (best == boxes.size()) break;  // every box is a single bin
        auto [a, b] = split(boxes[best], hist);
        boxes[best] = a;
        boxes.push_back(b);
    }
    Palette out;
    for (const Box& box : boxes) {
        std::uint64_t s[3] = {0, 0, 0};
        for (int r = box.lo[0]; r <= box.hi[0]; ++r)
            for (int g = box.lo[1]; g <= box.hi[1]; ++g)
                for (int b = box.lo[2]; b <= box.hi[2]; ++b)
                    for (int k = 0; k < 3; ++k) s[k] += h.sum[k][static_cast<size_t>(binAt(r, g, b))];
        std::array<std::uint8_t, 3> c{};
        for (int k = 0; k < 3; ++k)
            c[static_cast<size_t>(k)] =
                static_cast<std::uint8_t>((s[k] + box.count / 2) / std::max<std::uint64_t>(1, box.count));
        out.push_back(c);
    }
    return out;
}

// Nearest palette color (squared RGB distance) of each bin centre; only bins with pixels when `used` is given.
std::vector<std::uint8_t> nearestPerBin(const Palette& palette, const std::vector<std::uint64_t>* used) {
    std::vector<std::uint8_t> lookup(kBins, 0);
    for (int bin = 0; bin < kBins; ++bin) {
        if (used && (*used)[static_cast<size_t>(bin)] == 0) continue;
        const int c[3] = {((bin >> 10) & 31) * 8 + 4, ((bin >> 5) & 31) * 8 + 4, (bin & 31) * 8 + 4};
        int best = 0, bestDist = std::numeric_limits<int>::max();
        for (size_t i = 0; i < palette.size(); ++i) {
            int d = 0;
            for (size_t k = 0; k < 3; ++k) {
                const int e = c[k] - palette[i][k];
                d += e * e;
            }
            if (d < bestDist) best = static_cast<int>(i), bestDist = d;
        }
        lookup[static_cast<size_t>(bin)] = static_cast<std::uint8_t>(best);
    }
    return lookup;
}

QuantizedFrame medianCut(const std::vector<Rgb>& pixels) {
    Histogram h;
    for (const Rgb& p : pixels) h.add(p);
    QuantizedFrame out;
    out.palette = medianCutPalette(h);
    const std::vector<std::uint8_t> lookup = nearestPerBin(out.palette, &h.count);
    out.indices.reserve(pixels.size());
    for (const Rgb& p : pixels) out.indices.push_back(lookup[static_cast<size_t>(binOf(p))]);
    return out;
}

std::uint32_t keyOf(Rgb p) {
    return (std::uint32_t{p.r} << 16) | (std::uint32_t{p.g} << 8) | p.b;
}

// The frame's pixels composited over white; throws for a malformed frame.
std::vector<Rgb> opaquePixels(const render::RgbaImage& frame) {
    const size_t n = static_cast<size_t>(frame.width) * static_cast<size_t>(frame.height);
    if (frame.width <= 0 || frame.height <= 0 || frame.pixels.size() != n * 4)
        throw std::invalid_argument("GIF frame must be a non-empty RGBA image, got " + std::to_string(frame.width) +
                                    "x" + std::to_string(frame.height) + " with " +
                                    std::to_string(frame.pixels.size()) + " bytes");
    std::vector<Rgb> pixels(n);
    for (size_t i = 0; i < n; ++i) pixels[i] = opaquePixel(frame.pixels.data() + i * 4);
    return pixels;
}

std::string gifError(int code) {
    const char* text = GifErrorString(code);
    return text ? text : "giflib error " + std::to_string(code);
}

}  // namespace

QuantizedFrame quantizeFrame(const render::RgbaImage& frame) {
    const std::vector<Rgb> pixels = opaquePixels(frame);
    // Exact when there are at most 256 distinct colors (first-appearance order: deterministic).
    QuantizedFrame exact;
    exact.exact = true;
    std::unordered_map<std::uint32_t, std::uint8_t> index;
    exact.indices.reserve(pixels.size());
    for (const Rgb& p : pixels) {
        auto it = index.find(keyOf(p));
        if (it == index.end()) {
            if (index.size() == 256) return medianCut(pixels);
            it = index.emplace(keyOf(p), static_cast<std::uint8_t>(index.size())).first;
            exact.palette.push_back({p.r, p.g, p.b});
        }
        exact.indices.push_back(it->second);
    }
    return exact;
}

SharedPalette::SharedPalette(const std::vector<const render::RgbaImage*>& samples) {
    if (samples.empty()) throw std::invalid_argument("a shared GIF palette needs at least one sample frame");
    Histogram h;
    bool fits = true;  // at most 256 distinct colors over all samples so far
    for (const render::RgbaImage* frame : samples)
        for (const Rgb& p : opaquePixels(*frame)) {
            h.add(p);
            if (!fits || exact_.count(keyOf(p))) continue;
            if (exact_.size() == 256) {
                fits = false;
                continue;
            }
            exact_.emplace(keyOf(p), static_cast<std::uint8_t>(exact_.size()));
            colors_.push_back({p.r, p.g, p.b});
        }
    if (!fits) {
        exact_.clear();
        colors_ = medianCutPalette(h);
        for (size_t i = 0; i < colors_.size(); ++i) {  // palette colors that are frame colors stay exact
            const Rgb c{colors_[i][0], colors_[i][1], colors_[i][2]};
            exact_.emplace(keyOf(c), static_cast<std::uint8_t>(i));
        }
    }
    nearest_ = nearestPerBin(colors_, nullptr);  // every bin: frames between the samples may have new colors
}

QuantizedFrame SharedPalette::quantize(const render::RgbaImage& frame) const {
    const std::vector<Rgb> pixels = opaquePixels(frame);
    QuantizedFrame out;
    out.palette = colors_;
    out.exact = true;
    out.indices.reserve(pixels.size());
    for (const Rgb& p : pixels) {
        const auto it = exact_.find(keyOf(p));
        if (it != exact_.end()) {
            out.indices.push_back(it->second);
        } else {
            out.exact = false;
            out.indices.push_back(nearest_[static_cast<size_t>(binOf(p))]);
        }
    }
    return out;
}

GifWriter::GifWriter(const std::string& path, int width, int height, int delayCs, int loopCount,
                     safe_write::TempFile* into)
    : path_(path), width_(width), height_(height), delayCs_(delayCs) {
    if (path.empty()) throw std::invalid_argument("GIF path is empty");
    if (width < 1 || height < 1 || width > 65535 || height > 65535)
        throw std::invalid_argument("GIF size must be in 1..65535, got " + std::to_string(width) + "x" +
                                    std::to_string(height));
    if (delayCs < 1 || delayCs > 65535)
        throw std::invalid_argument("GIF frame delay must be in 1..65535 cs, got " + std::to_string(delayCs));
    if (loopCount < 0 || loopCount > 65535)
        throw std::invalid_argument("GIF loop count must be in 0..65535, got " + std::to_string(loopCount));
    if (!into) own_ = std::make_unique<safe_write::TempFile>(path);  // 0666 minus the umask, like the PNG writer
    file_ = into ? into : own_.get();
    const int fd = ::dup(file_->fd());  // giflib closes what it is given; the TempFile keeps its own descriptor
    int error = 0;
    gif_ = fd >= 0 ? EGifOpenFileHandle(fd, &error) : nullptr;  // takes ownership of fd
    if (!gif_) {
        if (fd >= 0) ::close(fd);
        throw std::runtime_error("cannot write GIF '" + safe_write::printable(path) +
                                 "': " + (fd < 0 ? std::string(std::strerror(errno)) : gifError(error)));
    }
    EGifSetGifVersion(gif_, true);  // GIF89a: delays and the loop extension
    if (EGifPutScreenDesc(gif_, width, height, 8, 0, nullptr) == GIF_ERROR) fail("screen descriptor", gif_->Error);
    const GifByteType app[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
    const GifByteType loop[] = {1, static_cast<GifByteType>(loopCount & 0xFF),
                                static_cast<GifByteType>(loopCount >> 8)};
    if (EGifPutExtensionLeader(gif_, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(gif_, sizeof app, app) == GIF_ERROR ||
        EGifPutExtensionBlock(gif_, sizeof loop, loop) == GIF_ERROR || EGifPutExtensionTrailer(gif_) == GIF_ERROR)
        fail("loop extension", gif_->Error);
}

GifWriter::~GifWriter() {
    if (finished_) return;
    if (gif_) {
        int error = 0;
        EGifCloseFile(gif_, &error);
    }
}  // own_ removes the temporary file unless committed

void GifWriter::fail(const std::string& what, int gifError_) {
    const std::string message =
        "cannot write GIF '" + safe_write::printable(path_) + "': " + what + ": " + gifError(gifError_);
    if (gif_) {
        int error = 0;
        EGifCloseFile(gif_, &error);
        gif_ = nullptr;
    }
    if (own_) own_->discard();
    throw safe_write::WriteError(message);
}

void GifWriter::checkFrame(const render::RgbaImage& frame) const {
    if (!gif_ || finished_) throw std::logic_error("GifWriter::addFrame after finish or failure");
    if (frame.width != width_ || frame.height != height_)
        throw std::invalid_argument("GIF frame " + std::to_string(frames_ + 1) + " is " + std::to_string(frame.width) +
                                    "x" + std::to_string(frame.height) + ", expected " + std::to_string(width_) + "x" +
                                    std::to_string(height_));
}

void GifWriter::addFrame(const render::RgbaImage& frame) {
    checkFrame(frame);
    writeFrame(quantizeFrame(frame));
}

void GifWriter::addFrame(const render::RgbaImage& frame, const SharedPalette& palette) {
    checkFrame(frame);
    writeFrame(palette.quantize(frame));
}

namespace {

constexpr int kMaskedContrast = 1;  // tolerance mode: a pixel may deviate by T where its local contrast is >= 1·T

int channelDistance(const std::array<std::uint8_t, 3>& a, const std::array<std::uint8_t, 3>& b) {
    int d = 0;
    for (size_t k = 0; k < 3; ++k) d = std::max(d, std::abs(int{a[k]} - int{b[k]}));
    return d;
}

}  // namespace

void GifWriter::setTolerance(int perChannel) {
    if (perChannel < 0 || perChannel > 255)
        throw std::invalid_argument("GIF tolerance must be in 0..255 per channel, got " + std::to_string(perChannel));
    tolerance_ = perChannel;
}

void GifWriter::writeFrame(const QuantizedFrame& q) {
    // The sub-rectangle to store and its indices: the whole frame, or (same table as the frame before) the bounding
    // box of the pixels that changed, with the unchanged ones as a transparent index the changed ones do not use.
    // With a tolerance T, "unchanged" means that the color shown now is within T of the frame's, and the LZW coder
    // may let a string stand for pixels within T of their colors (export/gif_lzw.h).
    int left = 0, top = 0, w = width_, h = height_;
    int transparent = NO_TRANSPARENT_COLOR;
    int tableSize = 2, tableBits = 1;  // a power of two > the palette size (a spare index for transparency) up to 256
    while (tableSize < std::min(256, static_cast<int>(q.palette.size()) + 1)) tableSize *= 2, ++tableBits;
    const size_t n = static_cast<size_t>(width_) * static_cast<size_t>(height_);
    // Tolerance mode: `distance` between palette colors (max over R, G, B) and, per pixel of the frame, whether it
    // may deviate at all: only where the frame's local contrast (the largest distance to a 4-neighbour) is at least
    // kMaskedContrast·T, so smooth areas stay exact and the error hides in texture (visual masking).
    std::vector<std::uint8_t> distance;
    std::vector<bool> busy;
    if (tolerance_ > 0) {
        distance.assign(256 * 256, 255);
        for (size_t a = 0; a < q.palette.size(); ++a)
            for (size_t b = 0; b < q.palette.size(); ++b)
                distance[a * 256 + b] = static_cast<std::uint8_t>(channelDistance(q.palette[a], q.palette[b]));
        busy.assign(n, false);
        const int threshold = std::min(255, kMaskedContrast * tolerance_);
        for (int y = 0; y < height_; ++y)
            for (int x = 0; x < width_; ++x) {
                const size_t i = static_cast<size_t>(y) * static_cast<size_t>(width_) + static_cast<size_t>(x);
                const size_t a = size_t{q.indices[i]} * 256;
                int c = 0;
                if (x > 0) c = std::max<int>(c, distance[a + q.indices[i - 1]]);
                if (x + 1 < width_) c = std::max<int>(c, distance[a + q.indices[i + 1]]);
                if (y > 0) c = std::max<int>(c, distance[a + q.indices[i - static_cast<size_t>(width_)]]);
                if (y + 1 < height_) c = std::max<int>(c, distance[a + q.indices[i + static_cast<size_t>(width_)]]);
                busy[i] = c >= threshold;
            }
    }
    // Whether pixel i of the frame may show color b instead of its own color a.
    auto near = [&](size_t i, std::uint8_t a, std::uint8_t b) {
        return a == b || (!busy.empty() && busy[i] && distance[size_t{a} * 256 + b] <= tolerance_);
    };
    std::vector<GifPixelType> rect;   // the stored rectangle's indices (transparent where unchanged)
    std::vector<std::uint8_t> truth;  // and the frame's own index of each of its pixels (the lossless color)
    std::vector<bool> keep;           // and whether it may stay as shown (within T of the frame's color)
    std::vector<bool> lossy;          // and whether it may deviate (busy)
    if (canvas_.size() == n && q.palette == canvasPalette_) {
        int x0 = width_, y0 = height_, x1 = -1, y1 = -1;
        for (int y = 0; y < height_; ++y) {
            const size_t row = static_cast<size_t>(y) * static_cast<size_t>(width_);
            for (int x = 0; x < width_; ++x)
                if (!near(row + static_cast<size_t>(x), q.indices[row + static_cast<size_t>(x)],
                          canvas_[row + static_cast<size_t>(x)])) {
                    x0 = std::min(x0, x), x1 = std::max(x1, x);
                    y0 = std::min(y0, y), y1 = std::max(y1, y);
                }
        }
        if (x1 < 0) {  // nothing changed: one transparent pixel keeps the frame (and its delay)
            w = h = 1;
            transparent = 0;
            rect.assign(1, 0);
            truth.assign(1, canvas_[0]);
            keep.assign(1, true);
            lossy.assign(1, false);
        } else {
            left = x0, top = y0, w = x1 - x0 + 1, h = y1 - y0 + 1;
            const size_t m = static_cast<size_t>(w) * static_cast<size_t>(h);
            truth.reserve(m), keep.reserve(m), rect.reserve(m);
            std::array<bool, 256> used{};
            for (int y = y0; y <= y1; ++y)
                for (int x = x0; x <= x1; ++x) {
                    const size_t i = static_cast<size_t>(y) * static_cast<size_t>(width_) + static_cast<size_t>(x);
                    truth.push_back(q.indices[i]);
                    keep.push_back(near(i, q.indices[i], canvas_[i]));
                    lossy.push_back(!busy.empty() && busy[i]);
                    if (!keep.back()) used[q.indices[i]] = true;
                }
            for (int t = 0; t < tableSize && transparent == NO_TRANSPARENT_COLOR; ++t)
                if (!used[static_cast<size_t>(t)]) transparent = t;
            for (size_t j = 0; j < m; ++j) {
                if (!keep[j]) {
                    rect.push_back(truth[j]);
                } else if (transparent != NO_TRANSPARENT_COLOR) {
                    rect.push_back(static_cast<GifPixelType>(transparent));
                } else {  // every index in use: an unchanged pixel is stored as shown
                    const size_t row = static_cast<size_t>(top) + j / static_cast<size_t>(w);
                    rect.push_back(canvas_[row * static_cast<size_t>(width_) + static_cast<size_t>(left) +
                                           j % static_cast<size_t>(w)]);
                }
            }
        }
    } else {
        rect.assign(q.indices.begin(), q.indices.end());
        truth = q.indices;
        keep.assign(n, false);
        lossy = busy;
    }

    std::vector<std::uint8_t> lzw;  // tolerance mode: our LZW coder; lossless: giflib's (today's bytes)
    if (tolerance_ > 0) {
        const LzwAdmit admit = [&](size_t j, std::uint8_t s) {
            if (static_cast<int>(s) == transparent) return static_cast<bool>(keep[j]);
            return lossy[j] && s < q.palette.size() && distance[size_t{s} * 256 + truth[j]] <= tolerance_;
        };
        std::vector<std::uint8_t> shown;
        lzw = encodeGifLzw(rect, std::max(2, tableBits), admit, &shown);
        rect = std::move(shown);
    }
    // What a viewer shows now.
    if (canvas_.size() != n) canvas_.assign(n, 0);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const std::uint8_t v = rect[static_cast<size_t>(y) * static_cast<size_t>(w) + static_cast<size_t>(x)];
            if (static_cast<int>(v) != transparent)
                canvas_[static_cast<size_t>(top + y) * static_cast<size_t>(width_) + static_cast<size_t>(left + x)] = v;
        }
    canvasPalette_ = q.palette;

    GraphicsControlBlock gcb{};
    gcb.DisposalMode = DISPOSE_DO_NOT;  // the next frame draws over this one
    gcb.UserInputFlag = false;
    gcb.DelayTime = delayCs_;
    gcb.TransparentColor = transparent;
    GifByteType ext[4];
    const size_t extLength = EGifGCBToExtension(&gcb, ext);
    if (EGifPutExtension(gif_, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(extLength), ext) == GIF_ERROR)
        fail("frame delay", gif_->Error);
    std::vector<GifColorType> colors(static_cast<size_t>(tableSize), GifColorType{0, 0, 0});
    for (size_t i = 0; i < q.palette.size(); ++i) colors[i] = {q.palette[i][0], q.palette[i][1], q.palette[i][2]};
    ColorMapObject* map = GifMakeMapObject(tableSize, colors.data());
    if (!map) fail("color table", E_GIF_ERR_NOT_ENOUGH_MEM);
    const int put = EGifPutImageDesc(gif_, left, top, w, h, false, map);
    GifFreeMapObject(map);
    if (put == GIF_ERROR) fail("image descriptor", gif_->Error);
    if (tolerance_ > 0) {
        // Pre-coded data: giflib has written the minimum code size (from the table: max(2, tableBits)); the
        // sub-blocks follow, then the terminator block.
        for (size_t at = 0; at < lzw.size(); at += size_t{lzw[at]} + 1)
            if ((at == 0 ? EGifPutCode(gif_, 0, lzw.data()) : EGifPutCodeNext(gif_, lzw.data() + at)) == GIF_ERROR)
                fail("frame " + std::to_string(frames_ + 1), gif_->Error);
        if (EGifPutCodeNext(gif_, nullptr) == GIF_ERROR) fail("frame " + std::to_string(frames_ + 1), gif_->Error);
    } else {
        for (int y = 0; y < h; ++y)
            if (EGifPutLine(gif_, rect.data() + static_cast<std::ptrdiff_t>(y) * w, w) == GIF_ERROR)
                fail("frame " + std::to_string(frames_ + 1), gif_->Error);
    }
    ++frames_;
}

void GifWriter::finish() {
    if (!gif_ || finished_) throw std::logic_error("GifWriter::finish called twice or after a failure");
    if (frames_ == 0) throw std::invalid_argument("GIF '" + path_ + "' needs at least one frame");
    int error = 0;
    GifFileType* gif = gif_;
    gif_ = nullptr;
    if (EGifCloseFile(gif, &error) == GIF_ERROR) {
        if (own_) own_->discard();
        throw safe_write::WriteError("cannot write GIF '" + safe_write::printable(path_) + "': " + gifError(error));
    }
    if (own_) own_->commit();  // fsync + rename; a caller's TempFile is committed with its set
    finished_ = true;
}

void writeGifAtomic(const std::string& path, const std::vector<render::RgbaImage>& frames, int delayCs, int loopCount) {
    if (frames.empty()) throw std::invalid_argument("GIF '" + path + "' needs at least one frame");
    GifWriter writer(path, frames.front().width, frames.front().height, delayCs, loopCount);
    for (const render::RgbaImage& f : frames) writer.addFrame(f);
    writer.finish();
}

}  // namespace phaselens::exporter
