#include "export/mp4_writer.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/mathematics.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "export/safe_write.h"

namespace phaselens::exporter {

namespace {

std::string avError(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

constexpr int kIoBufferBytes = 1 << 16;

// FFmpeg 7 (libavformat 61) made the write callback's buffer const.
#if LIBAVFORMAT_VERSION_MAJOR >= 61
using IoBytes = const std::uint8_t*;
#else
using IoBytes = std::uint8_t*;
#endif

}  // namespace

struct Mp4Writer::Impl {
    std::string path;
    std::unique_ptr<safe_write::TempFile> own;
    safe_write::TempFile* file = nullptr;
    int width = 0, height = 0;
    int frames = 0;
    bool finished = false;
    std::string codec;
    std::int64_t position = 0;  // the muxer's write position in the file
    AVFormatContext* format = nullptr;
    AVIOContext* io = nullptr;
    AVCodecContext* encoder = nullptr;
    AVStream* stream = nullptr;
    AVFrame* frame = nullptr;
    AVPacket* packet = nullptr;
    SwsContext* scale = nullptr;
    std::vector<std::uint8_t> rgb;  // the frame composited over white, RGB24

    ~Impl() {
        sws_freeContext(scale);
        av_packet_free(&packet);
        av_frame_free(&frame);
        avcodec_free_context(&encoder);
        if (io) {
            av_freep(&io->buffer);
            avio_context_free(&io);
        }
        if (format) format->pb = nullptr;  // custom I/O: closed above
        avformat_free_context(format);
    }

    [[noreturn]] void fail(const std::string& what, int code) {
        if (own) own->discard();
        throw safe_write::WriteError("cannot write MP4 '" + safe_write::printable(path) + "': " + what + ": " +
                                     avError(code));
    }

    // AVIOContext callbacks: positioned writes on the temporary file's descriptor.
    static int write(void* opaque, IoBytes data, int size) {
        Impl* self = static_cast<Impl*>(opaque);
        int done = 0;
        while (done < size) {
            const ssize_t n = ::pwrite(self->file->fd(), data + done, static_cast<size_t>(size - done),
                                       static_cast<off_t>(self->position));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return AVERROR(n < 0 ? errno : EIO);
            done += static_cast<int>(n);
            self->position += n;
        }
        return size;
    }
    static std::int64_t seek(void* opaque, std::int64_t offset, int whence) {
        Impl* self = static_cast<Impl*>(opaque);
        struct stat st {};
        const int how = whence & ~AVSEEK_FORCE;
        if (how == AVSEEK_SIZE) return ::fstat(self->file->fd(), &st) == 0 ? st.st_size : AVERROR(errno);
        std::int64_t to = offset;
        if (how == SEEK_CUR) to = self->position + offset;
        if (how == SEEK_END) {
            if (::fstat(self->file->fd(), &st) != 0) return AVERROR(errno);
            to = st.st_size + offset;
        }
        if (how != SEEK_SET && how != SEEK_CUR && how != SEEK_END) return AVERROR(EINVAL);
        if (to < 0) return AVERROR(EINVAL);
        self->position = to;
        return to;
    }

    // Fast start: the muxer's second pass (movflags=+faststart) re-opens its output for reading through
    // AVFormatContext::io_open. The reader reads the temporary file's descriptor at its own position (pread),
    // so the file is never opened again by name.
    struct Reader {
        int fd = -1;
        std::int64_t position = 0;
    };
    static int read(void* opaque, std::uint8_t* data, int size) {
        Reader* r = static_cast<Reader*>(opaque);
        for (;;) {
            const ssize_t n = ::pread(r->fd, data, static_cast<size_t>(size), static_cast<off_t>(r->position));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) return AVERROR(errno);
            if (n == 0) return AVERROR_EOF;
            r->position += n;
            return static_cast<int>(n);
        }
    }
    static std::int64_t seekReader(void* opaque, std::int64_t offset, int whence) {
        Reader* r = static_cast<Reader*>(opaque);
        struct stat st {};
        const int how = whence & ~AVSEEK_FORCE;
        if (how == AVSEEK_SIZE || how == SEEK_END) {
            if (::fstat(r->fd, &st) != 0) return AVERROR(errno);
            if (how == AVSEEK_SIZE) return st.st_size;
        }
        const std::int64_t to = how == SEEK_SET   ? offset
                                : how == SEEK_CUR ? r->position + offset
                                : how == SEEK_END ? st.st_size + offset
                                                  : -1;
        if (to < 0) return AVERROR(EINVAL);
        r->position = to;
        return to;
    }
    static int openForReading(AVFormatContext* s, AVIOContext** pb, const char*, int flags, AVDictionary**) {
        Impl* self = static_cast<Impl*>(s->opaque);
        if ((flags & AVIO_FLAG_WRITE) != 0) return AVERROR(EPERM);  // the muxer writes through `io` only
        auto reader = std::make_unique<Reader>();
        reader->fd = self->file->fd();
        auto* buffer = static_cast<unsigned char*>(av_malloc(kIoBufferBytes));
        if (!buffer) return AVERROR(ENOMEM);
        *pb = avio_alloc_context(buffer, kIoBufferBytes, 0, reader.get(), &Impl::read, nullptr, &Impl::seekReader);
        if (!*pb) {
            av_free(buffer);
            return AVERROR(ENOMEM);
        }
        reader.release();  // owned by the context until closeReader
        return 0;
    }
    static int closeReader(AVFormatContext*, AVIOContext* pb) {
        if (!pb) return 0;
        delete static_cast<Reader*>(pb->opaque);
        av_freep(&pb->buffer);
        avio_context_free(&pb);
        return 0;
    }

    // Sends `input` (nullptr: flush) and writes every packet the encoder has ready.
    void encode(const AVFrame* input) {
        int rc = avcodec_send_frame(encoder, input);
        if (rc < 0) fail("encode frame " + std::to_string(frames + 1), rc);
        for (;;) {
            rc = avcodec_receive_packet(encoder, packet);
            if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
            if (rc < 0) fail("encode", rc);
            av_packet_rescale_ts(packet, encoder->time_base, stream->time_base);
            packet->stream_index = stream->index;
            rc = av_interleaved_write_frame(format, packet);  // takes the packet's reference
            if (rc < 0) fail("write packet", rc);
        }
    }
};

Mp4Writer::Mp4Writer(const std::string& path, int width, int height, double fps, safe_write::TempFile* into)
    : impl_(std::make_unique<Impl>()) {
    Impl& m = *impl_;
    m.path = path;
    if (path.empty()) throw std::invalid_argument("MP4 path is empty");
    if (width < 16 || height < 16 || width > 7680 || height > 4320)
        throw std::invalid_argument("MP4 frame size must be in 16..7680 x 16..4320 px, got " + std::to_string(width) +
                                    "x" + std::to_string(height));
    if (width % 2 != 0 || height % 2 != 0)
        throw std::invalid_argument("MP4 frame size must be even (4:2:0 video halves the color resolution), got " +
                                    std::to_string(width) + "x" + std::to_string(height));
    if (!(fps >= 1 && fps <= 120))
        throw std::invalid_argument("MP4 frame rate must be in [1, 120] frames per second, got " + std::to_string(fps));
    static std::once_flag quiet;
    std::call_once(quiet, [] { av_log_set_level(AV_LOG_QUIET); });  // errors are thrown, not printed
    m.width = width, m.height = height;
    if (!into) m.own = std::make_unique<safe_write::TempFile>(path);
    m.file = into ? into : m.own.get();

    int rc = avformat_alloc_output_context2(&m.format, nullptr, "mp4", nullptr);
    if (rc < 0 || !m.format) m.fail("MP4 muxer", rc < 0 ? rc : AVERROR(ENOMEM));
    const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
    if (!codec) codec = avcodec_find_encoder(AV_CODEC_ID_MPEG4);
    if (!codec) m.fail("no H.264 (libx264) or MPEG-4 encoder in libavcodec", AVERROR_ENCODER_NOT_FOUND);
    m.codec = codec->name;
    m.stream = avformat_new_stream(m.format, nullptr);
    m.encoder = avcodec_alloc_context3(codec);
    m.frame = av_frame_alloc();
    m.packet = av_packet_alloc();
    if (!m.stream || !m.encoder || !m.frame || !m.packet) m.fail("allocate", AVERROR(ENOMEM));

    const AVRational rate = av_d2q(fps, 65535);  // MPEG-4 part 2 time bases are at most 16 bits
    AVCodecContext* e = m.encoder;
    e->width = width;
    e->height = height;
    e->pix_fmt = AV_PIX_FMT_YUV420P;
    e->time_base = av_inv_q(rate);
    e->framerate = rate;
    e->gop_size = std::max(1, static_cast<int>(std::lround(2 * fps)));
    e->color_primaries = AVCOL_PRI_BT709;
    e->color_trc = AVCOL_TRC_BT709;
    e->colorspace = AVCOL_SPC_BT709;
    e->color_range = AVCOL_RANGE_MPEG;
    if (m.codec == "libx264") {
        av_opt_set(e->priv_data, "preset", "medium", 0);
        av_opt_set(e->priv_data, "profile", "high", 0);
        av_opt_set(e->priv_data, "crf", "18", 0);
    } else {
        e->flags |= AV_CODEC_FLAG_QSCALE;
        e->global_quality = FF_QP2LAMBDA * 2;
    }
    if (m.format->oformat->flags & AVFMT_GLOBALHEADER) e->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if ((rc = avcodec_open2(e, codec, nullptr)) < 0) m.fail("open encoder " + m.codec, rc);
    if ((rc = avcodec_parameters_from_context(m.stream->codecpar, e)) < 0) m.fail("stream parameters", rc);
    m.stream->time_base = e->time_base;
    m.stream->avg_frame_rate = rate;

    auto* buffer = static_cast<unsigned char*>(av_malloc(kIoBufferBytes));
    if (!buffer) m.fail("allocate", AVERROR(ENOMEM));
    m.io = avio_alloc_context(buffer, kIoBufferBytes, 1, &m, nullptr, &Impl::write, &Impl::seek);
    if (!m.io) {
        av_free(buffer);
        m.fail("allocate", AVERROR(ENOMEM));
    }
    m.format->pb = m.io;
    m.format->flags |= AVFMT_FLAG_CUSTOM_IO;
    m.format->opaque = &m;
    m.format->io_open = &Impl::openForReading;
    m.format->io_close2 = &Impl::closeReader;
    AVDictionary* options = nullptr;
    av_dict_set(&options, "movflags", "+faststart", 0);  // moov before mdat: players start before the whole file
    rc = avformat_write_header(m.format, &options);
    const bool unused = av_dict_count(options) > 0;  // an option the muxer did not take
    av_dict_free(&options);
    if (rc < 0) m.fail("header", rc);
    if (unused) m.fail("header: the MP4 muxer does not take movflags=+faststart", AVERROR_OPTION_NOT_FOUND);

    m.frame->format = AV_PIX_FMT_YUV420P;
    m.frame->width = width;
    m.frame->height = height;
    if ((rc = av_frame_get_buffer(m.frame, 0)) < 0) m.fail("allocate frame", rc);
    m.scale = sws_getContext(width, height, AV_PIX_FMT_RGB24, width, height, AV_PIX_FMT_YUV420P,
                             SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP, nullptr, nullptr, nullptr);
    if (!m.scale) m.fail("color conversion", AVERROR(EINVAL));
    const int* bt709 = sws_getCoefficients(SWS_CS_ITU709);
    sws_setColorspaceDetails(m.scale, bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);  // full-range RGB -> limited Y'CbCr
    m.rgb.resize(static_cast<size_t>(width) * static_cast<size_t>(height) * 3);
}

Mp4Writer::~Mp4Writer() = default;  // Impl frees FFmpeg's objects; own (uncommitted) removes the temporary file

int Mp4Writer::frames() const {
    return impl_->frames;
}

const std::string& Mp4Writer::codecName() const {
    return impl_->codec;
}

void Mp4Writer::addFrame(const render::RgbaImage& image) {
    Impl& m = *impl_;
    if (m.finished || !m.encoder) throw std::logic_error("Mp4Writer::addFrame after finish");
    const size_t n = static_cast<size_t>(m.width) * static_cast<size_t>(m.height);
    if (image.width != m.width || image.height != m.height || image.pixels.size() != n * 4)
        throw std::invalid_argument("MP4 frame " + std::to_string(m.frames + 1) + " is " + std::to_string(image.width) +
                                    "x" + std::to_string(image.height) + ", expected " + std::to_string(m.width) + "x" +
                                    std::to_string(m.height));
    for (size_t i = 0; i < n; ++i) {  // straight alpha over white
        const std::uint8_t* p = image.pixels.data() + i * 4;
        const unsigned a = p[3];
        for (size_t k = 0; k < 3; ++k)
            m.rgb[i * 3 + k] = static_cast<std::uint8_t>((p[k] * a + 255u * (255u - a) + 127u) / 255u);
    }
    int rc = av_frame_make_writable(m.frame);
    if (rc < 0) m.fail("frame buffer", rc);
    const std::uint8_t* src[1] = {m.rgb.data()};
    const int srcStride[1] = {3 * m.width};
    sws_scale(m.scale, src, srcStride, 0, m.height, m.frame->data, m.frame->linesize);
    m.frame->pts = m.frames;
    m.encode(m.frame);
    ++m.frames;
}

void Mp4Writer::finish() {
    Impl& m = *impl_;
    if (m.finished) throw std::logic_error("Mp4Writer::finish called twice");
    if (m.frames == 0) throw std::invalid_argument("MP4 '" + m.path + "' needs at least one frame");
    m.encode(nullptr);
    int rc = av_write_trailer(m.format);
    if (rc < 0) m.fail("index (moov)", rc);
    avio_flush(m.io);
    if (m.io->error < 0) m.fail("write", m.io->error);
    m.finished = true;
    if (m.own) m.own->commit();  // fsync + rename; a caller's TempFile is committed with its set
}

}  // namespace phaselens::exporter
