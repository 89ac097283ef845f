// The panel model: at every window and text size the panels stay inside the window and do
// not overlap, the diagram keeps room for two lifelines, the list collapses before the
// right column stacks, and the splitters' widths are clamped.
#include <catch2/catch.hpp>
#include <vector>

#include "app/draw/panel_layout.hpp"

using namespace synack;

namespace {

const std::vector<std::pair<float, float>> kSizes = {
    {800, 500},  {900, 600},  {1024, 600},  {1024, 768},  {1280, 720},  {1366, 768},
    {1440, 900}, {1600, 900}, {1920, 1080}, {2560, 1440}, {3840, 2160}, {1080, 1920}};
const float kFonts[] = {17, 26, 34};             // font scale 1, 1.5, 2
const float kPresenterFonts[] = {30, 45, 60};    // the same in presenter mode (x1.75)
const float kUserWidths[] = {0, 10, 350, 5000};  // default, too narrow, dragged, too wide

bool inside(const PanelRect& r, float W, float H) {
  return r.x >= 0 && r.y >= 0 && r.right() <= W + 0.01f && r.bottom() <= H + 0.01f;
}

bool inside(const PanelRect& inner, const PanelRect& outer) {
  return inner.x >= outer.x - 0.01f && inner.y >= outer.y - 0.01f &&
         inner.right() <= outer.right() + 0.01f && inner.bottom() <= outer.bottom() + 0.01f;
}

bool overlap(const PanelRect& a, const PanelRect& b) {
  if (!a.shown() || !b.shown()) return false;
  return a.x < b.right() - 0.01f && b.x < a.right() - 0.01f && a.y < b.bottom() - 0.01f &&
         b.y < a.bottom() - 0.01f;
}

float area(const PanelRect& r) {
  return r.shown() ? r.w * r.h : 0;
}

// The panels that tile the work area (the list only when it is not an overlay).
std::vector<PanelRect> tiles(const PanelLayout& l) {
  std::vector<PanelRect> t{l.centre, l.bottom, l.side, l.tabs, l.caption};
  if (!l.left_overlay) t.push_back(l.left);
  return t;
}

void check_tiling(const PanelLayout& l, float W, float H) {
  const auto t = tiles(l);
  float covered = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    CHECK(t[i].w >= 0);
    CHECK(t[i].h >= 0);
    if (!t[i].shown()) continue;
    CHECK(inside(t[i], W, H));
    covered += area(t[i]);
    for (std::size_t j = i + 1; j < t.size(); ++j) CHECK_FALSE(overlap(t[i], t[j]));
  }
  // No gaps either: together they cover the whole work area.
  CHECK(covered == Approx(W * H).epsilon(1e-4));
  if (l.left.shown()) CHECK(inside(l.left, W, H));
  if (l.canvas.shown()) CHECK(inside(l.canvas, l.centre));
  if (l.toolbar.shown()) {
    CHECK(inside(l.toolbar, l.centre));
    CHECK_FALSE(overlap(l.toolbar, l.canvas));
    CHECK(l.toolbar.bottom() <= l.canvas.y);
  }
}

PanelInput input(float w, float h, float font, bool presenter = false) {
  return panel_input_for_window(w, h, font, presenter);
}

}  // namespace

TEST_CASE("panel layout: ImGui's scaled style metrics and the menu bar", "[panel_layout]") {
  const PanelInput a = input(1280, 720, 17);
  CHECK(a.frame_h == 23);
  CHECK(a.window_pad == 8);
  CHECK(a.item_spacing_y == 4);
  CHECK(a.height == 720 - 23);
  const PanelInput p = input(1280, 720, 30, true);
  CHECK(p.frame_h == 30 + 2 * 5);  // FramePadding.y floor(3 * 30/17) = 5
  CHECK(p.window_pad == 14);
  CHECK(p.height == 720);  // no menu bar in presenter mode
  CHECK(font_px_for(1.0f, false) == 17);
  CHECK(font_px_for(1.5f, false) == 26);
  CHECK(font_px_for(2.0f, false) == 34);
  CHECK(font_px_for(1.0f, true) == 30);
}

TEST_CASE("panel layout: every size and text size tiles the window", "[panel_layout]") {
  for (auto [w, h] : kSizes) {
    for (float f : kFonts) {
      for (float user : kUserWidths) {
        for (bool open : {true, false}) {
          PanelInput in = input(w, h, f);
          in.left_w = user;
          in.right_w = user;
          in.left_open = open;
          const PanelLayout l = layout_panels(in);
          INFO(w << "x" << h << " font " << f << " user width " << user << " open " << open);
          check_tiling(l, in.width, in.height);
          CHECK(l.centre.shown());
          CHECK(l.bottom.shown());
          CHECK(l.side.shown());  // the narration is always somewhere
          CHECK(l.tabs.shown());
          CHECK_FALSE(l.caption.shown());
          CHECK(l.left.shown() == open);
          CHECK(l.left_overlay == (open && l.left_collapsed));
          // The diagram keeps its minimum wherever the window can hold it.
          if (in.width >= f * kCanvasMinWidthEm + 2 * in.window_pad) {
            CHECK(l.canvas.w >= f * kCanvasMinWidthEm);
          }
          const float band = l.stacked ? f * 4 + 2 * in.window_pad : 0;
          if (in.height >= f * kCanvasMinHeightEm + 4 * in.window_pad + 2 * in.frame_h +
                               in.item_spacing_y + band) {
            CHECK(l.canvas.h >= f * kCanvasMinHeightEm);
          }
        }
      }
    }
  }
}

TEST_CASE("panel layout: presenter mode is the diagram, a caption band and the step bar",
          "[panel_layout]") {
  for (auto [w, h] : kSizes) {
    for (float f : kPresenterFonts) {
      PanelInput in = input(w, h, f, true);
      const PanelLayout l = layout_panels(in);
      INFO(w << "x" << h << " font " << f);
      check_tiling(l, w, h);
      CHECK_FALSE(l.left.shown());
      CHECK_FALSE(l.side.shown());
      CHECK_FALSE(l.tabs.shown());
      CHECK_FALSE(l.toolbar.shown());
      CHECK(l.centre.w == w);
      CHECK(l.bottom.bottom() == h);            // the step bar at the bottom,
      CHECK(l.caption.bottom() == l.bottom.y);  // the caption right above it,
      CHECK(l.centre.bottom() == l.caption.y);  // the diagram above both
      CHECK(l.caption.h <= std::round(in.caption_lines * f + 2 * in.window_pad));
      CHECK(l.caption.h <= std::round(h * kCaptionMaxShare));
      if (h >= 1000 || f == 30) {
        CHECK(l.caption.h == std::round(in.caption_lines * f + 2 * in.window_pad));
        // canvas = the window minus the caption band, the step bar and the padding
        CHECK(l.canvas.w == w - 2 * in.window_pad);
        CHECK(l.canvas.h == h - l.caption.h - l.bottom.h - 2 * in.window_pad);
      }
    }
  }
}

TEST_CASE("panel layout: the exported diagram is the whole window", "[panel_layout]") {
  PanelInput in;
  in.width = 900;
  in.height = 600;
  in.diagram_only = true;
  const PanelLayout l = layout_panels(in);
  CHECK(l.canvas.x == 0);
  CHECK(l.canvas.y == 0);
  CHECK(l.canvas.w == 900);
  CHECK(l.canvas.h == 600);
  CHECK_FALSE(l.left.shown());
  CHECK_FALSE(l.bottom.shown());
}

TEST_CASE("panel layout: 1920x1080 keeps today's proportions", "[panel_layout]") {
  const PanelInput in = input(1920, 1080, 17);
  const PanelLayout l = layout_panels(in);
  CHECK_FALSE(l.left_collapsed);
  CHECK_FALSE(l.stacked);
  CHECK(l.left.w == 18 * 17);  // as before this model: 18 lines, at most 22 % of the width
  CHECK(l.side.w == 24 * 17);  // 24 lines, at most 30 %
  CHECK(l.tabs.w == l.side.w);
  CHECK(l.centre.w == 1920 - 306 - 408);
  CHECK(l.side.h == std::round(in.height * 0.42f));
  CHECK(l.bottom.h == 23 + 16);
  CHECK(l.bottom.x == l.centre.x);
  CHECK(l.bottom.w == l.centre.w);
}

TEST_CASE("panel layout: small screens keep the diagram, the narration and the bar",
          "[panel_layout]") {
  // A 1280x720 projector: everything fits side by side.
  PanelLayout l = layout_panels(input(1280, 720, 17));
  CHECK_FALSE(l.left_collapsed);
  CHECK_FALSE(l.stacked);
  CHECK(l.left.shown());
  CHECK(l.canvas.w >= 34 * 17);
  // 1024x600 netbook: the list collapses (hidden by default), the right column stays.
  l = layout_panels(input(1024, 600, 17));
  CHECK(l.left_collapsed);
  CHECK_FALSE(l.stacked);
  CHECK(l.centre.x == 0);
  CHECK(l.canvas.w >= 34 * 17);
  CHECK(l.canvas.h >= 12 * 17);
  CHECK(l.side.right() == 1024);
  // Larger text at 1024x600: the right column goes under the diagram, narration and tabs
  // side by side, and the diagram still has its minimum height.
  for (float f : {26.0f, 34.0f}) {
    INFO("font " << f);
    l = layout_panels(input(1024, 600, f));
    CHECK(l.stacked);
    CHECK(l.centre.w == 1024);
    CHECK(l.side.y == l.bottom.bottom());
    CHECK(l.tabs.y == l.side.y);
    CHECK(l.side.h >= 4 * f);
  }
  CHECK(layout_panels(input(1024, 600, 26)).canvas.h >= 12 * 26);
}

TEST_CASE("panel layout: the list collapses before the right column stacks", "[panel_layout]") {
  for (float f : kFonts) {
    INFO("font " << f);
    float collapse_below = 0, stack_below = 0;
    bool was_collapsed = true, was_stacked = true;
    for (float w = 400; w <= 4000; w += 2) {
      const PanelLayout l = layout_panels(input(w, 1080, f));
      // Monotone: once there is room, a wider window keeps it.
      if (!was_collapsed) CHECK_FALSE(l.left_collapsed);
      if (!was_stacked) CHECK_FALSE(l.stacked);
      if (was_collapsed && !l.left_collapsed) collapse_below = w;
      if (was_stacked && !l.stacked) stack_below = w;
      was_collapsed = l.left_collapsed;
      was_stacked = l.stacked;
      if (l.stacked) CHECK(l.left_collapsed);
    }
    CHECK(stack_below > 0);
    CHECK(collapse_below > stack_below);
  }
}

TEST_CASE("panel layout: the list on demand: hidden, or over the diagram when narrow",
          "[panel_layout]") {
  PanelInput in = input(1920, 1080, 17);
  in.left_open = false;
  PanelLayout l = layout_panels(in);
  CHECK_FALSE(l.left.shown());
  CHECK(l.centre.x == 0);  // the diagram takes the room
  CHECK(l.centre.w == 1920 - 408);

  in = input(1024, 600, 17);
  in.left_open = false;
  const PanelLayout closed = layout_panels(in);
  in.left_open = true;
  l = layout_panels(in);
  CHECK(l.left_overlay);
  CHECK(l.left.x == 0);
  CHECK(l.left.h == in.height);
  CHECK(l.left.w <= 1024 * 0.85f);
  // Drawn over the diagram: the other panels do not move.
  CHECK(l.centre.x == closed.centre.x);
  CHECK(l.centre.w == closed.centre.w);
  CHECK(l.canvas.w == closed.canvas.w);
}

TEST_CASE("panel layout: splitter widths are clamped and keep the diagram's minimum",
          "[panel_layout]") {
  PanelInput in = input(1920, 1080, 17);
  in.left_w = 10;
  in.right_w = 10;
  PanelLayout l = layout_panels(in);
  CHECK(l.left.w == 12 * 17);  // no narrower than 12 lines
  CHECK(l.side.w == 14 * 17);  // nor 14
  in.left_w = 500;
  in.right_w = 600;
  l = layout_panels(in);
  CHECK(l.left.w == 500);  // a dragged width is kept when it fits
  CHECK(l.side.w == 600);
  CHECK(l.centre.w == 1920 - 1100);
  in.left_w = 5000;
  in.right_w = 5000;
  l = layout_panels(in);
  CHECK(l.left.w <= 1920 * 0.4f);
  CHECK(l.side.w <= 1920 * 0.5f);
  CHECK(l.canvas.w >= 34 * 17);  // both dragged wide: the diagram still has its minimum
  // Dragged wide at 1920, then the window made smaller: both give room back, no collapse.
  // The list first: the narration column is the one to keep.
  in.width = 1280;
  l = layout_panels(in);
  CHECK_FALSE(l.left_collapsed);
  CHECK(l.canvas.w >= 34 * 17);
  CHECK(l.left.w >= 12 * 17);
  CHECK(l.side.w >= 14 * 17);
  CHECK(l.left.w + l.centre.w + l.side.w == 1280);
}

TEST_CASE("panel layout: a splitter moves only its own edge, and a released width stays",
          "[panel_layout]") {
  // 1152x648 (90 % of a 1280x720 projector): the defaults do not both fit; the list gives way.
  PanelInput in = input(1152, 648, 17);
  const PanelLayout before = layout_panels(in);
  CHECK(before.side.w == std::round(1152 * 0.3f));  // its default, 30 % of the width
  CHECK(before.canvas.w == 34 * 17);
  for (float dragged : {150.0f, 260.0f, 400.0f, 900.0f}) {
    INFO("list dragged to " << dragged);
    in.left_w = dragged;
    const PanelLayout l = layout_panels(in);
    CHECK(l.side.w == before.side.w);  // the right column does not move
    CHECK(l.side.x == before.side.x);
    CHECK(l.canvas.w >= 34 * 17);
  }
  // While the list's own edge is dragged, the right column gives way instead, down to its
  // minimum; the diagram keeps its minimum either way.
  in.left_first = true;
  in.left_w = 260;
  PanelLayout l = layout_panels(in);
  CHECK(l.left.w == 260);
  CHECK(l.side.w == 1152 - 260 - (34 * 17 + 16));
  in.left_w = 900;
  l = layout_panels(in);
  CHECK(l.side.w == 14 * 17);
  CHECK(l.left.w == 1152 - 14 * 17 - (34 * 17 + 16));
  in.left_first = false;

  // Reading the widths back after a release lays out the same, at every size.
  for (auto [w, h] : kSizes) {
    for (float f : kFonts) {
      for (float user : kUserWidths) {
        PanelInput a = input(w, h, f);
        a.left_w = user;
        a.right_w = user * 1.3f;
        const PanelLayout first = layout_panels(a);
        if (!first.left.shown() || first.left_overlay || first.stacked) continue;
        a.left_w = first.left.w;
        a.right_w = first.side.w;
        for (bool left_first : {false, true}) {
          a.left_first = left_first;
          const PanelLayout again = layout_panels(a);
          INFO(w << "x" << h << " font " << f << " user " << user << " left first " << left_first);
          CHECK(again.left.w == first.left.w);
          CHECK(again.side.w == first.side.w);
        }
      }
    }
  }
}

TEST_CASE("panel_layout: the window plot's band") {
  // 40 % of a tall canvas; at least 9 lines of its text; at most 60 %.
  CHECK(plot_band_height(800, 17, 7 * 17) == 320);
  CHECK(plot_band_height(300, 17, 7 * 17) == 153);
  CHECK(plot_band_height(200, 17, 0) == 120);
  // A short canvas keeps the diagram its rows, down to a 40 % band.
  CHECK(plot_band_height(340, 21, 7 * 30) == 136);
}
