// PhaseLens export — the figure drawn with cairo into a PDF (see pdf_writer.h).
#include "export/pdf_writer.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

#include "plot/plot_layout.h"
#include "render/colormap.h"

namespace phaselens::exporter {

namespace {

using plot::Rgba;

void setColor(cairo_t* cr, Rgba c) {
    cairo_set_source_rgba(cr, plot::redOf(c) / 255.0, plot::greenOf(c) / 255.0, plot::blueOf(c) / 255.0,
                          plot::alphaOf(c) / 255.0);
}

void rect(cairo_t* cr, const plot::Rect& r) {
    cairo_rectangle(cr, r.x0, r.y0, r.width(), r.height());
}

void line(cairo_t* cr, double x0, double y0, double x1, double y1) {
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
}

void text(cairo_t* cr, const plot::TextItem& t, const plot::PlotTheme& theme) {
    cairo_set_font_size(cr, t.size / kLineHeightPerEm);  // the same glyph size as ImGui's PNG
    cairo_text_extents_t ext;
    cairo_text_extents(cr, t.text.c_str(), &ext);
    setColor(cr, t.color ? t.color : theme.text);
    cairo_save(cr);
    cairo_translate(cr, t.x, t.y);
    if (t.vertical) cairo_rotate(cr, -M_PI / 2);
    double x = 0;
    if (t.vertical || t.align == plot::TextAlign::Center) x = -0.5 * ext.x_advance;
    if (!t.vertical && t.align == plot::TextAlign::Right) x = -ext.x_advance;
    cairo_move_to(cr, x, 0.35 * t.size);
    cairo_show_text(cr, t.text.c_str());
    cairo_restore(cr);
}

// The heatmap, one pixel per sample, as a cairo image (premultiplied ARGB32).
void heatmap(cairo_t* cr, const plot::HeatmapSpec& h, const plot::PlotTheme& theme, const plot::PlotLayout& L) {
    if (h.rows <= 0 || h.cols <= 0 || h.values.size() != static_cast<std::size_t>(h.rows) * h.cols) return;
    cairo_surface_t* img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, h.cols, h.rows);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        throw ExportError(ErrorKind::Internal, "cairo: cannot create a " + std::to_string(h.cols) + "x" +
                                                   std::to_string(h.rows) + " heatmap image");
    }
    cairo_surface_flush(img);
    unsigned char* data = cairo_image_surface_get_data(img);
    const int stride = cairo_image_surface_get_stride(img);
    const render::Colormap map = render::colormapFromName(h.colormap);
    const render::Rgba8 masked = {
        static_cast<std::uint8_t>(plot::redOf(theme.masked)), static_cast<std::uint8_t>(plot::greenOf(theme.masked)),
        static_cast<std::uint8_t>(plot::blueOf(theme.masked)), static_cast<std::uint8_t>(plot::alphaOf(theme.masked))};
    for (int r = 0; r < h.rows; ++r) {
        auto* row = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(r) * stride);
        for (int c = 0; c < h.cols; ++c) {
            const render::Rgba8 v = render::colorForValue(
                map,
                h.values[static_cast<std::size_t>(r) * static_cast<std::size_t>(h.cols) + static_cast<std::size_t>(c)],
                h.vmin, h.vmax, masked);
            const std::uint32_t a = v[3];
            auto pm = [a](std::uint32_t x) { return (x * a + 127) / 255; };
            row[c] = (a << 24) | (pm(v[0]) << 16) | (pm(v[1]) << 8) | pm(v[2]);
        }
    }
    cairo_surface_mark_dirty(img);
    const double ax = L.x.toPixel(h.xMin), bx = L.x.toPixel(h.xMax);
    const double ay = L.y.toPixel(h.yMin), by = L.y.toPixel(h.yMax);
    cairo_save(cr);
    cairo_translate(cr, ax, ay);
    cairo_scale(cr, (bx - ax) / h.cols, (by - ay) / h.rows);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
    cairo_rectangle(cr, 0, 0, h.cols, h.rows);
    cairo_fill(cr);
    cairo_restore(cr);
    cairo_surface_destroy(img);
}

void draw(cairo_t* cr, const plot::PlotSpec& spec, const plot::PlotTheme& theme, const plot::PlotLayout& L) {
    const plot::Rect& P = L.plot;
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    setColor(cr, theme.background);
    rect(cr, L.frame);
    cairo_fill(cr);
    setColor(cr, theme.plotBackground);
    rect(cr, P);
    cairo_fill(cr);

    cairo_save(cr);
    rect(cr, P);
    cairo_clip(cr);
    for (int pass = 0; pass < 2; ++pass) {
        const bool major = pass == 1;
        if (spec.x.grid)
            for (const plot::TickMark& t : L.xTicks)
                if (t.major == major) line(cr, t.pixel, P.y0, t.pixel, P.y1);
        if (spec.y.grid)
            for (const plot::TickMark& t : L.yTicks)
                if (t.major == major) line(cr, P.x0, t.pixel, P.x1, t.pixel);
        setColor(cr, major ? theme.grid : theme.gridMinor);
        cairo_set_line_width(cr, theme.gridWidth);
        cairo_stroke(cr);
    }
    if (spec.heatmap) heatmap(cr, *spec.heatmap, theme, L);
    for (const plot::ShadedRect& s : spec.shaded)
        if (const auto r = plot::dataRectToPixels(L, s.x0, s.x1, s.y0, s.y1)) {
            setColor(cr, s.color);
            rect(cr, *r);
            cairo_fill(cr);
        }
    for (std::size_t i = 0; i < spec.series.size(); ++i) {
        const plot::LineSeries& s = spec.series[i];
        setColor(cr, plot::seriesColor(theme, s, i));
        for (const auto& run : plot::seriesRuns(L, s)) {
            for (std::size_t k = 0; k < run.size(); ++k)
                k == 0 ? cairo_move_to(cr, run[k].x, run[k].y) : cairo_line_to(cr, run[k].x, run[k].y);
        }
        cairo_set_line_width(cr, s.width > 0 ? s.width : theme.lineWidth);
        cairo_stroke(cr);
        if (s.markers) {
            for (const plot::PixelPoint& p : plot::seriesMarkers(L, s)) {
                cairo_new_sub_path(cr);
                cairo_arc(cr, p.x, p.y, theme.markerRadius, 0, 2 * M_PI);
            }
            cairo_fill(cr);
        }
    }
    for (const plot::RefLine& r : spec.refLines) {
        const bool vertical = r.orientation == plot::Orientation::Vertical;
        const float p = vertical ? L.x.toPixel(r.value) : L.y.toPixel(r.value);
        if (!std::isfinite(p)) continue;
        vertical ? line(cr, p, P.y0, p, P.y1) : line(cr, P.x0, p, P.x1, p);
        setColor(cr, r.color ? r.color : theme.annotation);
        cairo_set_line_width(cr, r.width);
        const double dash[2] = {6.0 * theme.fontSize / 13.0, 4.0 * theme.fontSize / 13.0};
        cairo_set_dash(cr, dash, r.dashed ? 2 : 0, 0);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
    }
    cairo_restore(cr);

    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    rect(cr, P);
    for (const plot::TickMark& t : L.xTicks)
        line(cr, t.pixel, P.y1, t.pixel, P.y1 + (t.major ? theme.tickLength : theme.minorTickLength));
    for (const plot::TickMark& t : L.yTicks)
        line(cr, P.x0 - (t.major ? theme.tickLength : theme.minorTickLength), t.pixel, P.x0, t.pixel);
    if (L.hasColorbar)
        for (const plot::TickMark& t : L.colorbarTicks)
            line(cr, L.colorbar.x1, t.pixel, L.colorbar.x1 + theme.tickLength, t.pixel);
    setColor(cr, theme.axis);
    cairo_set_line_width(cr, theme.axisWidth);
    cairo_stroke(cr);
    if (L.hasColorbar) {
        const std::vector<Rgba>& lut = spec.heatmap->lut;
        const double h = L.colorbar.height() / static_cast<double>(lut.size());
        for (std::size_t i = 0; i < lut.size(); ++i) {  // entry 0 (vmin) at the bottom; overlap hides seams
            setColor(cr, lut[i]);
            cairo_rectangle(cr, L.colorbar.x0, L.colorbar.y1 - (static_cast<double>(i) + 1) * h, L.colorbar.width(),
                            h + (i + 1 < lut.size() ? 0.5 : 0));
            cairo_fill(cr);
        }
        rect(cr, L.colorbar);
        setColor(cr, theme.axis);
        cairo_stroke(cr);
    }
    cairo_set_line_width(cr, 1.0);
    if (L.hasLegend) {
        rect(cr, L.legend);
        setColor(cr, theme.legendBackground);
        cairo_fill_preserve(cr);
        setColor(cr, theme.legendBorder);
        cairo_stroke(cr);
        for (const plot::LegendEntry& e : L.legendEntries) {
            const plot::LineSeries& s = spec.series[e.series];
            setColor(cr, plot::seriesColor(theme, s, e.series));
            line(cr, e.x, e.y, e.x + theme.legendSwatch, e.y);
            cairo_set_line_width(cr, s.width > 0 ? s.width : theme.lineWidth);
            cairo_stroke(cr);
            if (s.markers) {
                cairo_arc(cr, e.x + theme.legendSwatch * 0.5, e.y, theme.markerRadius, 0, 2 * M_PI);
                cairo_fill(cr);
            }
        }
        cairo_set_line_width(cr, 1.0);
    }
    for (const plot::TextItem& t : L.texts) {
        if (t.boxed) {
            rect(cr, t.box);
            setColor(cr, theme.legendBackground);
            cairo_fill_preserve(cr);
            setColor(cr, theme.legendBorder);
            cairo_stroke(cr);
        }
        text(cr, t, theme);
    }
}

cairo_status_t appendBytes(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// One PDF page of width x height px, scaled to points at `dpi` (0: the width is 6.4 in), with PhaseLens as creator
// and `title` (when not empty) in its metadata. drawPage draws on the page in px and returns the plot::validate error
// of a figure it could not draw ("" when all was drawn); that error is a BadInput ExportError, a cairo failure an
// Internal one, and whatever drawPage throws is rethrown after the surface is released.
std::string pdfPage(int width, int height, double dpi, const std::string& title,
                    const std::function<std::string(cairo_t*)>& drawPage) {
    const double ptPerPx = 72.0 / (dpi > 0 ? dpi : width / 6.4);
    std::string bytes;
    cairo_surface_t* surface =
        cairo_pdf_surface_create_for_stream(appendBytes, &bytes, width * ptPerPx, height * ptPerPx);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "PhaseLens");
    if (!title.empty()) cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_t* cr = cairo_create(surface);
    cairo_scale(cr, ptPerPx, ptPerPx);
    std::string error;
    try {
        error = drawPage(cr);
    } catch (...) {
        cairo_destroy(cr);
        cairo_surface_destroy(surface);
        throw;
    }
    const cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const cairo_status_t surfaceStatus = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (!error.empty()) throw ExportError(ErrorKind::BadInput, "cannot draw plot: " + error);
    if (status != CAIRO_STATUS_SUCCESS || surfaceStatus != CAIRO_STATUS_SUCCESS)
        throw ExportError(ErrorKind::Internal,
                          std::string("cairo PDF: ") +
                              cairo_status_to_string(status != CAIRO_STATUS_SUCCESS ? status : surfaceStatus));
    return bytes;
}

}  // namespace

std::string toPdfDocument(const Figure& figure, int width, int height, double dpi) {
    const plot::PlotSpec& spec = figure.view.spec;
    return pdfPage(width, height, dpi, spec.title, [&](cairo_t* cr) {
        std::string error = plot::validate(spec);
        if (error.empty()) {
            const plot::PlotLayout L = plot::computeLayout(spec, figure.theme, plot::homeWindow(spec),
                                                           static_cast<float>(width), static_cast<float>(height));
            draw(cr, spec, figure.theme, L);
        }
        return error;
    });
}

std::string toPdfPanels(const std::vector<const Figure*>& figures, const std::vector<int>& widths, int height,
                        double dpi) {
    if (figures.size() != widths.size() || figures.empty())
        throw ExportError(ErrorKind::Internal, "toPdfPanels: one width per figure");
    int width = 0;
    for (int w : widths) width += w;
    return pdfPage(width, height, dpi, "", [&](cairo_t* cr) {
        double x = 0;
        for (size_t k = 0; k < figures.size(); ++k) {
            const plot::PlotSpec& spec = figures[k]->view.spec;
            std::string error = plot::validate(spec);
            if (!error.empty()) return error;
            const plot::PlotLayout L = plot::computeLayout(spec, figures[k]->theme, plot::homeWindow(spec),
                                                           static_cast<float>(widths[k]), static_cast<float>(height));
            cairo_save(cr);
            cairo_translate(cr, x, 0);
            draw(cr, spec, figures[k]->theme, L);
            cairo_restore(cr);
            x += widths[k];
        }
        return std::string();
    });
}

}  // namespace phaselens::exporter
