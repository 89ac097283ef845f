#include "app/draw/plot_frame.hpp"

#include <algorithm>
#include <cmath>

namespace synack {
namespace {

Box text_box(double x, double y, double w, double h) {
  return {x, y, x + w, y + h};
}

}  // namespace

double PlotFrame::sx(double x) const {
  const double span = x_axis.hi - x_axis.lo;
  return inner.x0 + (span > 0 ? (x - x_axis.lo) / span : 0) * (inner.x1 - inner.x0);
}

double PlotFrame::sy(double y) const {
  const double span = y_axis.hi - y_axis.lo;
  return inner.y1 - (span > 0 ? (y - y_axis.lo) / span : 0) * (inner.y1 - inner.y0);
}

PlotFrame frame_plot(const Plot& plot, const Box& outer, const TextMeasure& m, double font_px,
                     bool titled, PlotLead lead) {
  PlotFrame f;
  f.outer = outer;
  f.font_px = font_px;
  f.line_h = m.line_height();
  f.pad = std::round(font_px * 0.35);
  f.x_axis = plot.x;
  f.y_axis = plot.y;
  const double em = font_px, pad = f.pad, lh = f.line_h;

  // Top rows: the lead's room, the title, then the legend items flowing after it and onto
  // further rows. The first row is as tall as the lead; its text sits on the lead's middle.
  const bool has_lead = lead.width > 0 && lead.height > 0;
  const double first_h = has_lead ? std::max(lh, lead.height) : lh;
  const double first_y = outer.y0 + pad + (first_h - lh) / 2;
  if (has_lead)
    f.lead = {outer.x0 + pad, outer.y0 + pad, outer.x0 + pad + lead.width,
              outer.y0 + pad + lead.height};
  const std::string& lead_text = titled ? plot.title : plot.y.title;
  const double lead_x = has_lead ? f.lead.x1 + em : outer.x0 + pad;
  const Box lead_box = text_box(lead_x, first_y, m.width(lead_text), lh);
  if (titled) f.title = lead_box;
  double x = lead_box.x1 + 1.5 * em, y = lead_box.y0;
  const double swatch_w = 1.6 * em;
  for (const LegendItem& item : plot.legend) {
    const double w = swatch_w + 0.4 * em + m.width(item.label);
    if (x + w > outer.x1 - pad && x > outer.x0 + pad) {
      x = outer.x0 + pad;
      y = y == first_y ? outer.y0 + pad + first_h : y + lh;
    }
    PlacedLegend pl;
    pl.item = item;
    pl.swatch = {x, y + lh / 2 - 1, x + swatch_w, y + lh / 2 + 1};
    pl.text = text_box(x + swatch_w + 0.4 * em, y, m.width(item.label), lh);
    f.legend.push_back(std::move(pl));
    x += w + 1.2 * em;
  }
  const double header_bottom = y == first_y ? outer.y0 + pad + first_h : y + lh;

  // The y unit above the axis, left-aligned; then the labels' width sets the left margin.
  const double top = header_bottom + pad + (titled ? lh : 0.5 * lh);
  const double bottom = outer.y1 - pad - lh - pad;
  const double height = std::max(bottom - top, lh);
  const double y_step_min = 1.6 * lh * (plot.y.hi - plot.y.lo) / height;
  const std::vector<double> ys = nice_ticks(plot.y.lo, plot.y.hi, y_step_min);
  // One tick only (a very short plot): label it in whole units.
  const double y_step = ys.size() > 1 ? ys[1] - ys[0] : plot.y.unit;
  double label_w = 0;
  for (double v : ys) label_w = std::max(label_w, m.width(tick_text(v, y_step, plot.y.unit)));
  const double left = outer.x0 + pad + std::max(label_w, em) + pad;
  f.inner = {left, top, std::max(outer.x1 - pad - 0.5 * em, left + em), top + height};
  f.y_title =
      titled ? text_box(outer.x0 + pad, header_bottom + pad, m.width(plot.y.title), lh) : lead_box;
  for (double v : ys) {
    PlotTick t{v, f.sy(v), tick_text(v, y_step, plot.y.unit), {}};
    const double w = m.width(t.label);
    t.box = text_box(left - pad - w, t.pos - lh / 2, w, lh);
    if (t.box.intersects(f.y_title)) t.label.clear();  // the unit has that place
    f.y_ticks.push_back(std::move(t));
  }
  // The x unit at the right end of the labels' row; ticks as dense as their labels allow.
  const double x_title_w = m.width(plot.x.title);
  f.x_title = text_box(outer.x1 - pad - x_title_w, f.inner.y1 + pad, x_title_w, lh);
  const double inner_w = std::max(f.inner.x1 - f.inner.x0, 1.0);
  const double widest =
      std::max(m.width(tick_text(plot.x.hi, plot.x.hi - plot.x.lo, plot.x.unit)), m.width("0.00"));
  double min_step = (widest + 2 * em) * (plot.x.hi - plot.x.lo) / inner_w;
  std::vector<double> xs = nice_ticks(plot.x.lo, plot.x.hi, min_step);
  const double x_step = xs.size() > 1 ? xs[1] - xs[0] : plot.x.unit;
  double last_right = -1e18;
  for (double v : xs) {
    PlotTick t{v, f.sx(v), tick_text(v, x_step, plot.x.unit), {}};
    const double w = m.width(t.label);
    t.box = text_box(t.pos - w / 2, f.inner.y1 + pad, w, lh);
    // A label that would run into the previous one, the unit or past the edge is left out.
    if (t.box.x0 < last_right + em / 2 || t.box.x1 + em / 2 > f.x_title.x0 || t.box.x0 < outer.x0) {
      t.label.clear();
    } else {
      last_right = t.box.x1;
    }
    f.x_ticks.push_back(std::move(t));
  }
  return f;
}

std::vector<Box> frame_text_boxes(const PlotFrame& f) {
  std::vector<Box> out{f.y_title, f.x_title};
  if (f.title.x1 > f.title.x0) out.push_back(f.title);
  for (const auto& t : f.x_ticks) {
    if (!t.label.empty()) out.push_back(t.box);
  }
  for (const auto& t : f.y_ticks) {
    if (!t.label.empty()) out.push_back(t.box);
  }
  for (const auto& l : f.legend) out.push_back(l.text);
  return out;
}

}  // namespace synack
