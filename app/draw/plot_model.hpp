#pragma once
// A plot as data, for the window plot and the time–sequence graph: polylines, vertical bars
// and marks in data units (x in ms, y in bytes), the axes' ranges and titles, the legend.
// plot_build.hpp makes one from a run; plot_frame.hpp places it in a rectangle; the SVG
// export and the window paint the same placed plot. No UI library.

#include <cstdint>
#include <string>
#include <vector>

namespace synack {

// What a line or bar shows; each renderer has one colour (and dash) per ink.
enum class PlotInk : std::uint8_t {
  cwnd,
  ssthresh,
  in_flight,
  peer_window,
  data,
  retransmit,
  ack,
  window,
  sack,
  mark_recovery,
  mark_rto,
  mark_zero_window,
};
inline constexpr int kPlotInkCount = 12;

// ssthresh and the window's edge are limits, not amounts: dashed.
bool ink_dashed(PlotInk ink);

struct PlotPoint {
  double x = 0, y = 0;
};

// A polyline (a step function already expanded into its corners).
struct PlotLine {
  PlotInk ink = PlotInk::cwnd;
  std::vector<PlotPoint> points;
};

// A vertical bar from y0 to y1 at x: a data segment, or a SACK block (drawn beside it).
struct PlotBar {
  PlotInk ink = PlotInk::data;
  double x = 0, y0 = 0, y1 = 0;
  bool lost = false;  // crossed at its top
};

// A moment marked at the top of the plot (a small triangle): recovery, an RTO, window zero.
struct PlotMark {
  PlotInk ink = PlotInk::mark_recovery;
  double x = 0;
};

struct LegendItem {
  PlotInk ink = PlotInk::cwnd;
  std::string label;
};

struct PlotAxis {
  double lo = 0, hi = 1;
  std::string title;  // "time (ms)", "kB"
  double unit = 1;    // tick labels show value / unit ("1.5" s for 1500 ms)
};

struct Plot {
  std::string title;
  PlotAxis x, y;
  std::vector<PlotLine> lines;
  std::vector<PlotBar> bars;
  std::vector<PlotMark> marks;
  std::vector<LegendItem> legend;  // only inks that occur
  std::string empty_note;          // shown instead when there is nothing to plot
  bool empty() const { return lines.empty() && bars.empty(); }
};

// Round tick values (1, 2, 5 × 10^k) from lo to hi, at least `min_step` apart.
std::vector<double> nice_ticks(double lo, double hi, double min_step);

// A tick's label: value / unit with as few decimals as the step needs ("0", "2.5", "120").
std::string tick_text(double value, double step, double unit);

}  // namespace synack
