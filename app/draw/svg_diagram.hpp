#pragma once
// The sequence diagram as a standalone SVG file, for slides: drawn from the same Layout as
// the window, so the exported picture has the window's arrangement, and made of plain
// elements only (rect, line, polygon, path, text; no markers, no paint-order, no CSS), so
// browsers, rsvg, ImageMagick, Inkscape and LibreOffice draw it alike. No UI library.

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

#include "app/draw/diagram_layout.hpp"
#include "engine/trace.hpp"

namespace synack {

struct SvgOptions {
  std::string title;  // written as <title> and on top of the picture; "" for none
  // Only events [0, visible_events) are drawn: the diagram as far as the playback cursor.
  std::size_t visible_events = std::numeric_limits<std::size_t>::max();
  bool show_timers = true;
};

// How an SVG is laid out: the SVG's own text size and a width that gives each pair of
// lifelines room, measured with ApproxMeasure (a reader's fonts are unknown).
LayoutOptions svg_layout_options(const Trace& trace, Lang lang);

// Structure (stable; tests and scripts rely on it): the picture is translated so that
// layout y = 0 is at <g class="diagram" transform="translate(0,TOP)">. Inside: one
// <line class="arrow"> per arrow (lost ones "arrow lost", dashed, then one
// <path class="cross">), a <polygon class="head"> per arrow that arrived, one
// <g class="text KIND"> per text of the layout holding a <rect> (its box) and one <text>
// per line, <rect class="timer"> per timer bar, <g class="gap"> per compressed gap,
// <g class="lifeline"> per host; the header with host names above, in
// <g class="header">.
std::string export_svg(const Trace& trace, const Layout& layout, const SvgOptions& options = {});

}  // namespace synack
