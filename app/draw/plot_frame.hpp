#pragma once
// Where a Plot's parts go in a rectangle: the title and the legend on top (the legend wraps
// onto more rows when it does not fit beside the title), the y unit above the y axis, tick
// labels left of and below the data area, the x unit at the right end of the x labels.
// Ticks are thinned until no two labels come within half an em of each other. The SVG export and
// the window both draw from this. No UI library.

#include <string>
#include <vector>

#include "app/draw/diagram_layout.hpp"
#include "app/draw/plot_model.hpp"
#include "app/draw/text_measure.hpp"

namespace synack {

struct PlotTick {
  double value = 0;
  double pos = 0;  // x for the x axis, y for the y axis
  std::string label;
  Box box;  // the label's box
};

struct PlacedLegend {
  LegendItem item;
  Box swatch;  // a short line sample in the item's ink
  Box text;
};

// Room kept free at the top-left corner, before the first row's text: the window puts its
// host picker there. The first row is as tall as it, its text centred on it.
struct PlotLead {
  double width = 0, height = 0;
};

struct PlotFrame {
  Box outer;
  Box lead;   // empty unless asked for
  Box inner;  // the data area
  Box title;  // empty when untitled
  Box y_title, x_title;
  std::vector<PlotTick> x_ticks, y_ticks;
  std::vector<PlacedLegend> legend;
  double font_px = 13;
  double line_h = 16;
  double pad = 4;
  // Data to picture coordinates.
  double sx(double x) const;
  double sy(double y) const;
  PlotAxis x_axis, y_axis;
};

// Untitled: no title; the y unit takes its place at the start of the legend's row, so the
// plot loses no line to it (the band under the diagram, where height is short).
PlotFrame frame_plot(const Plot& plot, const Box& outer, const TextMeasure& measure, double font_px,
                     bool titled = true, PlotLead lead = {});

// Every text box of the frame (title, units, ticks, legend texts): for overlap checks.
std::vector<Box> frame_text_boxes(const PlotFrame& frame);

}  // namespace synack
