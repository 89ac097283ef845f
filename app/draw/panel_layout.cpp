#include "app/draw/panel_layout.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>

namespace synack {
namespace {

// Default widths of the side columns, in lines of font_px and as a share of the window:
// the proportions the window has always had at 1920x1080.
constexpr float kLeftEm = 18, kLeftShare = 0.22f, kLeftFloor = 180;
constexpr float kRightEm = 24, kRightShare = 0.30f, kRightFloor = 260;
// How narrow the user may drag them, and how wide.
constexpr float kLeftMinEm = 12, kLeftMaxShare = 0.40f;
constexpr float kRightMinEm = 14, kRightMaxShare = 0.50f;
constexpr float kOverlayShare = 0.85f;  // the list drawn over the diagram, at most this wide
// Stacked: the band under the diagram takes at most this share of the height, and at least
// this many lines (else it would show nothing useful; the narration drops its title bar).
constexpr float kBandShare = 0.40f, kBandMinEm = 4;
constexpr float kPresenterBarFactor = 1.5f;  // the step counter is drawn 1.5x larger

float px(float v) {
  return std::round(std::max(v, 0.0f));
}

PanelRect inset(const PanelRect& r, float left, float top, float right, float bottom) {
  return {r.x + left, r.y + top, px(r.w - left - right), px(r.h - top - bottom)};
}

// The diagram view's canvas: the centre window minus its padding and, unless there is no
// toolbar, one frame-high toolbar row and the item spacing under it.
void place_canvas(PanelLayout& out, const PanelInput& in, bool toolbar) {
  const float pad = in.window_pad;
  if (toolbar) {
    out.toolbar = {out.centre.x + pad, out.centre.y + pad, px(out.centre.w - 2 * pad),
                   std::min(in.frame_h, px(out.centre.h - 2 * pad))};
    out.canvas = inset(out.centre, pad, pad + in.frame_h + in.item_spacing_y, pad, pad);
  } else {
    out.canvas = inset(out.centre, pad, pad, pad, pad);
  }
}

struct Widths {
  float def, min, max;
};

Widths left_widths(const PanelInput& in) {
  const float def = px(std::max(kLeftFloor, std::min(in.font_px * kLeftEm, in.width * kLeftShare)));
  return {def, std::min(def, px(in.font_px * kLeftMinEm)),
          std::max(def, px(in.width * kLeftMaxShare))};
}

Widths right_widths(const PanelInput& in) {
  const float def =
      px(std::max(kRightFloor, std::min(in.font_px * kRightEm, in.width * kRightShare)));
  return {def, std::min(def, px(in.font_px * kRightMinEm)),
          std::max(def, px(in.width * kRightMaxShare))};
}

float chosen(float user, const Widths& w) {
  return user > 0 ? std::clamp(px(user), w.min, w.max) : w.def;
}

void presenter_layout(PanelLayout& out, const PanelInput& in, float W, float H) {
  const float pad = in.window_pad;
  // Bottom up: the step bar, the caption band above it, the diagram in what is left. On a
  // window too short for all three the bar and the caption keep their size first.
  const float bar_h = std::min(H, px(in.frame_h * kPresenterBarFactor + 2 * pad));
  const float cap_h =
      std::min({H - bar_h, px(H * kCaptionMaxShare), px(in.caption_lines * in.font_px + 2 * pad)});
  out.bottom = {0, H - bar_h, W, bar_h};
  out.caption = {0, H - bar_h - cap_h, W, cap_h};
  out.centre = {0, 0, W, H - bar_h - cap_h};
  place_canvas(out, in, false);
}

}  // namespace

PanelLayout layout_panels(const PanelInput& in) {
  PanelLayout out;
  const float W = px(in.width), H = px(in.height);
  out.whole = {0, 0, W, H};
  if (in.diagram_only) {
    out.centre = out.canvas = {0, 0, W, H};
    return out;
  }
  if (in.presenter) {
    presenter_layout(out, in, W, H);
    return out;
  }

  const float pad = in.window_pad;
  const float centre_min_w = px(in.font_px * kCanvasMinWidthEm + 2 * pad);
  const float centre_min_h =
      px(in.font_px * kCanvasMinHeightEm + 2 * pad + in.frame_h + in.item_spacing_y);
  const float bar_h = std::min(H, px(in.frame_h + 2 * pad));

  const Widths lw = left_widths(in), rw = right_widths(in);
  float left = chosen(in.left_w, lw), right = chosen(in.right_w, rw);
  const float room = W - centre_min_w;  // what the side columns may take
  out.left_collapsed = lw.min + rw.min > room;
  const bool left_tiled = !out.left_collapsed && in.left_open;
  if (left_tiled) {
    // Too wide together (dragged wide, or the window shrank): the list gives way first, down
    // to its minimum, then the right column; while the list's edge is dragged, the other
    // way round. Widths read back from the layout lay out the same either way.
    if (in.left_first) {
      left = std::min(left, room - rw.min);
      right = std::min(right, room - left);
    } else {
      right = std::min(right, room - lw.min);
      left = std::min(left, room - right);
    }
  } else {
    right = std::min(right, std::max(room, 0.0f));
    out.stacked = right < rw.min;
  }

  const float lx = left_tiled ? left : 0;
  if (!out.stacked) {
    out.centre = {lx, 0, W - lx - right, H - bar_h};
    out.bottom = {lx, H - bar_h, W - lx - right, bar_h};
    const float side_h = px(H * in.side_share);
    out.side = {W - right, 0, right, side_h};
    out.tabs = {W - right, side_h, right, H - side_h};
  } else {
    // The narration and the tabs side by side in a band under the playback bar; the
    // diagram keeps its minimum height while the band has its own.
    const float band_min = px(in.font_px * kBandMinEm + 2 * pad);
    float band_h = std::min(px(H * kBandShare), H - bar_h - centre_min_h);
    band_h = std::clamp(band_h, std::min(band_min, std::max(H - bar_h, 0.0f)), H - bar_h);
    const float centre_h = H - bar_h - band_h;
    const float half = px(W / 2);
    out.centre = {0, 0, W, centre_h};
    out.bottom = {0, centre_h, W, bar_h};
    out.side = {0, centre_h + bar_h, half, band_h};
    out.tabs = {half, centre_h + bar_h, W - half, band_h};
  }
  if (left_tiled) {
    out.left = {0, 0, left, H};
  } else if (in.left_open) {
    out.left_overlay = true;
    out.left = {0, 0, px(std::min(left, W * kOverlayShare)), H};
  }
  place_canvas(out, in, true);
  return out;
}

PanelInput panel_input_for_window(float window_w, float window_h, float font_px, bool presenter) {
  // ImGui's default style (WindowPadding 8, FramePadding.y 3, ItemSpacing.y 4) after
  // ImGuiStyle::ScaleAllSizes(font_px / kBaseFontPx), which floors each value.
  const float scale = font_px / kBaseFontPx;
  PanelInput in;
  in.font_px = font_px;
  in.frame_h = font_px + 2 * std::floor(3 * scale);
  in.window_pad = std::floor(8 * scale);
  in.item_spacing_y = std::floor(4 * scale);
  in.presenter = presenter;
  in.width = window_w;
  in.height = presenter ? window_h : window_h - in.frame_h;  // the main menu bar
  return in;
}

float plot_band_height(float canvas_h, float font_px, float keep_px) {
  const float want = std::min(std::max(canvas_h * 0.4f, 9 * font_px), canvas_h * 0.6f);
  return px(std::min(want, std::max(canvas_h - keep_px, canvas_h * 0.4f)));
}

float font_px_for(float font_scale, bool presenter) {
  return std::round(kBaseFontPx * font_scale * (presenter ? kPresenterFontFactor : 1.0f));
}

}  // namespace synack
