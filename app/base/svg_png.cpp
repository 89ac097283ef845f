#include "app/base/svg_png.hpp"

#include <cairo.h>
#include <librsvg/rsvg.h>

#include <memory>
#include <stdexcept>

namespace synack {
namespace {

struct HandleFree {
  void operator()(RsvgHandle* h) const { g_object_unref(h); }
};
struct SurfaceFree {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoFree {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};

[[noreturn]] void fail(const std::string& what, GError* error) {
  const std::string why = error ? error->message : "unknown error";
  if (error) g_error_free(error);
  throw std::runtime_error(what + ": " + why);
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::string svg_to_png(std::string_view svg, int width, int height) {
  if (width <= 0 || height <= 0) throw std::runtime_error("PNG: empty picture size");
  GError* error = nullptr;
  std::unique_ptr<RsvgHandle, HandleFree> handle(
      rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error));
  if (!handle) fail("SVG not readable", error);

  std::unique_ptr<cairo_surface_t, SurfaceFree> surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("PNG: ") +
                             cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  {
    std::unique_ptr<cairo_t, CairoFree> cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    const RsvgRectangle viewport{0, 0, static_cast<double>(width), static_cast<double>(height)};
    if (!rsvg_handle_render_document(handle.get(), cr.get(), &viewport, &error)) {
      fail("SVG not drawable", error);
    }
  }
  cairo_surface_flush(surface.get());
  std::string png;
  const cairo_status_t status = cairo_surface_write_to_png_stream(surface.get(), append, &png);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("PNG: ") + cairo_status_to_string(status));
  }
  return png;
}

}  // namespace synack
