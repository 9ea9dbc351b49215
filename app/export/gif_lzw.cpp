#include "export/gif_lzw.h"

#include <stdexcept>
#include <string>

namespace phaselens::exporter {

namespace {

constexpr int kMaxCodes = 4096;  // 12-bit codes
constexpr int kLastFree = 4095;  // the table is cleared instead of assigning this code (as giflib)

// Bits, least significant first, packed into 255-byte data sub-blocks.
class BitWriter {
  public:
    void put(int code, int bits) {
        acc_ |= static_cast<std::uint32_t>(code) << filled_;
        filled_ += bits;
        while (filled_ >= 8) {
            byte(static_cast<std::uint8_t>(acc_ & 0xFF));
            acc_ >>= 8;
            filled_ -= 8;
        }
    }
    std::vector<std::uint8_t> finish() {
        if (filled_ > 0) byte(static_cast<std::uint8_t>(acc_ & 0xFF));
        acc_ = 0, filled_ = 0;
        return std::move(out_);
    }

  private:
    void byte(std::uint8_t b) {
        if (blockLength_ == 255 || out_.empty()) {
            blockStart_ = out_.size();
            out_.push_back(0);
            blockLength_ = 0;
        }
        out_.push_back(b);
        out_[blockStart_] = static_cast<std::uint8_t>(++blockLength_);
    }
    std::vector<std::uint8_t> out_;
    std::size_t blockStart_ = 0;
    int blockLength_ = 0;
    std::uint32_t acc_ = 0;
    int filled_ = 0;
};

}  // namespace

std::vector<std::uint8_t> encodeGifLzw(const std::vector<std::uint8_t>& indices, int minCodeSize, const LzwAdmit& admit,
                                       std::vector<std::uint8_t>* shown) {
    if (minCodeSize < 2 || minCodeSize > 8)
        throw std::invalid_argument("GIF LZW minimum code size must be in 2..8, got " + std::to_string(minCodeSize));
    if (indices.empty()) throw std::invalid_argument("GIF LZW needs at least one pixel");
    const int clearCode = 1 << minCodeSize, endCode = clearCode + 1;
    for (std::uint8_t v : indices)
        if (v >= clearCode)
            throw std::invalid_argument("GIF LZW index " + std::to_string(v) + " does not fit minimum code size " +
                                        std::to_string(minCodeSize));
    // The string table as a trie: a code's children (first child, next sibling) and the index that extends its
    // parent; `child` finds a code's child by index directly (reset entry by entry at a clear).
    std::vector<std::int16_t> firstChild(kMaxCodes, -1), nextSibling(kMaxCodes, -1), symbol(kMaxCodes, 0);
    std::vector<std::int16_t> child(static_cast<std::size_t>(kMaxCodes) * 256, -1);
    std::vector<std::size_t> used;  // keys of `child` set since the last clear
    used.reserve(kMaxCodes);
    int nextCode = endCode + 1, bits = minCodeSize + 1;
    BitWriter out;
    auto emit = [&](int code) {
        out.put(code, bits);
        if (nextCode >= (1 << bits) && bits < 12) ++bits;
    };
    auto clear = [&]() {
        for (std::size_t key : used) child[key] = -1;
        used.clear();
        for (int c = 0; c < kMaxCodes; ++c) firstChild[static_cast<std::size_t>(c)] = -1;
        nextCode = endCode + 1;
        bits = minCodeSize + 1;
    };
    // How many pixels from `from` on the string of `code` can still be extended by (exact or first admitted child),
    // up to kLookahead: the lossy match's choice between admitted children.
    constexpr int kLookahead = 64;
    auto reach = [&](int code, std::size_t from) {
        int length = 0;
        for (std::size_t j = from; j < indices.size() && length < kLookahead; ++j, ++length) {
            int c = child[static_cast<std::size_t>(code) * 256 + indices[j]];
            for (int d = firstChild[static_cast<std::size_t>(code)]; c < 0 && d >= 0;
                 d = nextSibling[static_cast<std::size_t>(d)])
                if (admit(j, static_cast<std::uint8_t>(symbol[static_cast<std::size_t>(d)]))) c = d;
            if (c < 0) break;
            code = c;
        }
        return length;
    };
    if (shown) shown->assign(indices.size(), 0);
    emit(clearCode);
    int current = indices[0];
    if (shown) (*shown)[0] = indices[0];
    for (std::size_t i = 1; i < indices.size(); ++i) {
        const std::uint8_t want = indices[i];
        const std::size_t key = static_cast<std::size_t>(current) * 256 + want;
        int next = child[key];
        std::uint8_t got = want;
        if (next < 0 && admit) {  // the admitted child from which the string goes on longest
            int best = -1;
            for (int c = firstChild[static_cast<std::size_t>(current)]; c >= 0;
                 c = nextSibling[static_cast<std::size_t>(c)]) {
                const auto s = static_cast<std::uint8_t>(symbol[static_cast<std::size_t>(c)]);
                if (!admit(i, s)) continue;
                const int length = reach(c, i + 1);
                if (length > best) next = c, got = s, best = length;
            }
        }
        if (next >= 0) {
            current = next;
            if (shown) (*shown)[i] = got;
            continue;
        }
        emit(current);
        if (nextCode >= kLastFree) {
            emit(clearCode);
            clear();
        } else {
            const auto code = static_cast<std::int16_t>(nextCode++);
            child[key] = code;
            used.push_back(key);
            symbol[static_cast<std::size_t>(code)] = want;
            nextSibling[static_cast<std::size_t>(code)] = firstChild[static_cast<std::size_t>(current)];
            firstChild[static_cast<std::size_t>(current)] = code;
        }
        current = want;
        if (shown) (*shown)[i] = want;
    }
    emit(current);
    emit(endCode);
    return out.finish();
}

}  // namespace phaselens::exporter
