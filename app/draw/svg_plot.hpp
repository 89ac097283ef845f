#pragma once
// A Plot as a standalone SVG file, made of the same plain elements as the diagram's export
// (rect, line, polyline, polygon, text): axes with round ticks, units, a legend, the lines
// and bars, optionally a cursor line at one instant. No UI library.

#include <optional>
#include <string>

#include "app/draw/plot_model.hpp"

namespace synack {

struct PlotSvgOptions {
  double width = 960, height = 420;
  double font_px = 13;
  std::optional<double> cursor_ms;  // a vertical line at this time
};

// Structure (tests rely on it): <g class="axes"> with the frame and tick lines,
// <g class="tick-labels">, <g class="legend">, one <polyline class="line INK"> per line,
// one <line class="bar INK"> per bar (class "bar INK lost" for a lost segment, followed by
// its <path class="cross">), one <polygon class="mark INK"> per mark.
std::string export_plot_svg(const Plot& plot, const PlotSvgOptions& options = {});

// "cwnd", "ssthresh", "in-flight", ... : the class names above.
const char* ink_name(PlotInk ink);
// "#1f6fb4": the SVG's colour for an ink (on white).
const char* ink_colour(PlotInk ink);

}  // namespace synack
