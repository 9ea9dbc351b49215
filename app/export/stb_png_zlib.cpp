// stb_image_write's PNG encoder with zlib as its deflate (STBIW_ZLIB_COMPRESS, the hook stb documents for
// this purpose). The implementation is instantiated here as static functions (STB_IMAGE_WRITE_STATIC) from
// Debian's libstb-dev header, so it does not clash with libstb's own symbols. Compiled without warnings
// (-w, see CMakeLists.txt): the code is stb's.
#include "export/stb_png_zlib.h"

#include <zlib.h>

#include <cstdlib>

namespace {

int gZlibLevel = 3;

unsigned char* zlibCompress(unsigned char* data, int length, int* outLength, int /*stbQuality*/) {
    z_stream z{};
    if (deflateInit2(&z, gZlibLevel, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return nullptr;
    const uLong capacity = deflateBound(&z, static_cast<uLong>(length));
    auto* out = static_cast<unsigned char*>(std::malloc(capacity));  // stb frees it with STBIW_FREE (free)
    if (out == nullptr) {
        deflateEnd(&z);
        return nullptr;
    }
    z.next_in = data;
    z.avail_in = static_cast<uInt>(length);
    z.next_out = out;
    z.avail_out = static_cast<uInt>(capacity);
    const int rc = deflate(&z, Z_FINISH);
    *outLength = static_cast<int>(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        std::free(out);
        return nullptr;
    }
    return out;
}

}  // namespace

#define STBIW_ZLIB_COMPRESS zlibCompress
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>

namespace phaselens::exporter::detail {

namespace {
void appendBytes(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(context);
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
}
}  // namespace

bool stbPngWithZlib(const std::uint8_t* pixels, int width, int height, int channels, int strideBytes, int filter,
                    int zlibLevel, std::vector<std::uint8_t>& out) {
    stbi_write_force_png_filter = filter;
    gZlibLevel = zlibLevel;
    out.clear();
    return stbi_write_png_to_func(appendBytes, &out, width, height, channels, pixels, strideBytes) != 0;
}

}  // namespace phaselens::exporter::detail
