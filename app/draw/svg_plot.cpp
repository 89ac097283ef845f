#include "app/draw/svg_plot.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/base/xml_escape.hpp"
#include "app/draw/plot_frame.hpp"

namespace synack {
namespace {

constexpr const char* kFonts = "DejaVu Sans, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif";

std::string num(double v) {
  return fmt::format("{:.1f}", v);
}

std::string text(const Box& b, const std::string& s, const char* ink, double font_px,
                 const char* anchor = "start") {
  const double x = std::string_view(anchor) == "end" ? b.x1 : b.x0;
  return fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" fill=\"{}\">{}</text>", num(x),
                     num(b.y0 + 0.95 * font_px), anchor, ink, xml_escape(s));
}

}  // namespace

const char* ink_name(PlotInk ink) {
  static constexpr const char* kNames[kPlotInkCount] = {
      "cwnd", "ssthresh", "in-flight", "peer-window", "data", "retransmit",
      "ack",  "window",   "sack",      "recovery",    "rto",  "zero-window"};
  return kNames[static_cast<int>(ink)];
}

const char* ink_colour(PlotInk ink) {
  static constexpr const char* kColours[kPlotInkCount] = {
      "#1f6fb4", "#c0392b", "#2e8b57", "#8e44ad", "#222222", "#d35400",
      "#2e8b57", "#8e44ad", "#b8860b", "#c0392b", "#7f0000", "#8e44ad"};
  return kColours[static_cast<int>(ink)];
}

std::string export_plot_svg(const Plot& plot, const PlotSvgOptions& o) {
  ApproxMeasure measure(o.font_px);
  const PlotFrame f = frame_plot(plot, {0, 0, o.width, o.height}, measure, o.font_px);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"{2}\" font-size=\"{3}\">\n",
      num(o.width), num(o.height), kFonts, num(o.font_px));
  out += "<title>" + xml_escape(plot.title) + "</title>\n";
  out += fmt::format("<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n",
                     num(o.width), num(o.height));
  out += text(f.title, plot.title, "#111111", o.font_px) + "\n";
  const Box& in = f.inner;
  if (plot.empty()) {
    out += text({in.x0, (in.y0 + in.y1) / 2, in.x1, in.y1}, plot.empty_note, "#555555", o.font_px);
    return out + "\n</svg>\n";
  }

  out += "<g class=\"axes\">";
  for (const PlotTick& t : f.y_ticks) {
    out += fmt::format("<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"#e3e3e3\"/>",
                       num(in.x0), num(in.x1), num(t.pos));
  }
  for (const PlotTick& t : f.x_ticks) {
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#888888\"/>",
                       num(t.pos), num(in.y1), num(in.y1 + f.pad));
  }
  out += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888888\"/>",
      num(in.x0), num(in.y0), num(in.x1 - in.x0), num(in.y1 - in.y0));
  out += "</g>\n<g class=\"tick-labels\">";
  for (const PlotTick& t : f.y_ticks) {
    if (!t.label.empty()) out += text(t.box, t.label, "#555555", o.font_px, "end");
  }
  for (const PlotTick& t : f.x_ticks) {
    if (!t.label.empty()) out += text(t.box, t.label, "#555555", o.font_px);
  }
  out += text(f.y_title, plot.y.title, "#333333", o.font_px);
  out += text(f.x_title, plot.x.title, "#333333", o.font_px);
  out += "</g>\n<g class=\"legend\">";
  for (const PlacedLegend& l : f.legend) {
    const double y = (l.swatch.y0 + l.swatch.y1) / 2;
    out += fmt::format(
        "<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"3\"{4}/>",
        num(l.swatch.x0), num(l.swatch.x1), num(y), ink_colour(l.item.ink),
        ink_dashed(l.item.ink) ? " stroke-dasharray=\"5,3\"" : "");
    out += text(l.text, l.item.label, "#111111", o.font_px);
  }
  out += "</g>\n";

  // The cursor behind the data, so it never hides a segment sent at that instant.
  if (o.cursor_ms && *o.cursor_ms >= plot.x.lo && *o.cursor_ms <= plot.x.hi) {
    out += fmt::format(
        "<line class=\"cursor\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#e67e22\" "
        "stroke-width=\"1.5\"/>\n",
        num(f.sx(*o.cursor_ms)), num(in.y0), num(in.y1));
  }
  for (const PlotLine& l : plot.lines) {
    std::string pts;
    for (const PlotPoint& p : l.points) {
      pts += fmt::format("{}{},{}", pts.empty() ? "" : " ", num(f.sx(p.x)), num(f.sy(p.y)));
    }
    out += fmt::format(
        "<polyline class=\"line {}\" points=\"{}\" fill=\"none\" stroke=\"{}\" "
        "stroke-width=\"2\"{}/>\n",
        ink_name(l.ink), pts, ink_colour(l.ink),
        ink_dashed(l.ink) ? " stroke-dasharray=\"6,4\"" : "");
  }
  // SACK blocks stand a little right of the ACK that carried them, so both stay visible.
  const double sack_dx = 0.3 * o.font_px;
  for (const PlotBar& b : plot.bars) {
    const double x = f.sx(b.x) + (b.ink == PlotInk::sack ? sack_dx : 0);
    const double y0 = f.sy(b.y0), y1 = f.sy(b.y1);
    out += fmt::format(
        "<line class=\"bar {0}{1}\" x1=\"{2}\" y1=\"{3}\" x2=\"{2}\" y2=\"{4}\" stroke=\"{5}\" "
        "stroke-width=\"{6}\"/>",
        ink_name(b.ink), b.lost ? " lost" : "", num(x), num(y0), num(std::min(y1, y0 - 1)),
        ink_colour(b.ink), b.ink == PlotInk::sack ? "1.5" : "2");
    if (b.ink != PlotInk::sack) {
      // Serifs at both ends, as tcptrace draws them: segments sent at one instant stack up
      // into one line, and the serifs show where each ends.
      const double s = 0.25 * o.font_px;
      out += fmt::format(
          "<path class=\"ends\" d=\"M{0},{2} L{1},{2} M{0},{3} L{1},{3}\" stroke=\"{4}\" "
          "fill=\"none\"/>",
          num(x - s), num(x + s), num(y0), num(y1), ink_colour(b.ink));
    }
    if (b.lost) {
      const double c = 0.3 * o.font_px;
      out += fmt::format(
          "<path class=\"cross\" d=\"M{0},{1} L{2},{3} M{0},{3} L{2},{1}\" stroke=\"#c0392b\" "
          "stroke-width=\"1.5\" fill=\"none\"/>",
          num(x - c), num(y1 - c), num(x + c), num(y1 + c));
    }
    out += "\n";
  }
  const double tri = 0.45 * o.font_px;
  for (const PlotMark& m : plot.marks) {
    const double x = f.sx(m.x);
    out += fmt::format("<polygon class=\"mark {}\" points=\"{},{} {},{} {},{}\" fill=\"{}\"/>\n",
                       ink_name(m.ink), num(x - tri), num(in.y0), num(x + tri), num(in.y0), num(x),
                       num(in.y0 + 1.4 * tri), ink_colour(m.ink));
  }
  return out + "</svg>\n";
}

}  // namespace synack
