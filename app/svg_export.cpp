#include "app/svg_export.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "app/diagram_text.hpp"
#include "app/text_width.hpp"

namespace synack {
namespace {

constexpr double kHeaderHeight = 48;  // host names above the layout's own top margin
constexpr double kCross = 6;          // half the size of a lost segment's cross

// Layout coordinates are doubles; one decimal is plenty for a vector picture.
std::string num(double v) {
  return fmt::format("{:.1f}", v);
}

class SvgWriter {
 public:
  SvgWriter(const Trace& trace, const Layout& layout, const SvgOptions& options)
      : trace_(trace), layout_(layout), o_(options) {}

  std::string write() {
    double width = std::max(layout_.width, 400.0);
    double height = visible_bottom() + 40;
    out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out_ += fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
        "viewBox=\"0 {2} {0} {1}\" font-family=\"DejaVu Sans, Noto Sans CJK SC, sans-serif\" "
        "font-size=\"12\">\n",
        num(width), num(height), num(-kHeaderHeight));
    if (!o_.title.empty()) out_ += "<title>" + svg_escape(o_.title) + "</title>\n";
    // Enough to re-run it: `synack run <scenario> --profile <p> --seed <s>`.
    out_ += fmt::format("<desc>synack scenario {} profile {} seed {}</desc>\n",
                        svg_escape(trace_.scenario), svg_escape(trace_.profile), trace_.seed);
    out_ +=
        "<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
        "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">"
        "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#111\"/></marker></defs>\n";
    out_ += fmt::format("<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fff\"/>\n",
                        num(-kHeaderHeight), num(width), num(height));
    if (!o_.title.empty())
      out_ += fmt::format("<text class=\"title\" x=\"8\" y=\"{}\" font-weight=\"bold\">{}</text>\n",
                          num(-kHeaderHeight + 16), svg_escape(o_.title));
    gaps();  // under the axis, so no tick label is hidden by a band
    axis();
    lifelines();
    if (o_.show_timers) timers();
    states();
    arrows();
    out_ += "</svg>\n";
    return std::move(out_);
  }

 private:
  bool shown(std::size_t event) const { return event < o_.visible_events; }

  // The picture ends where the last shown event is (or the whole layout).
  double visible_bottom() const {
    if (o_.visible_events >= layout_.event_y.size()) return std::max(layout_.height, 100.0);
    if (o_.visible_events == 0) return layout_.event_y.empty() ? 100.0 : layout_.event_y[0] + 40;
    return layout_.event_y[o_.visible_events - 1] + 40;
  }

  void axis() {
    double x = std::max(layout_.lifelines.empty() ? 0.0 : layout_.lifelines[0].x - 110.0,
                        72.0);  // room for "10.000 s"
    double bottom = visible_bottom();
    out_ += fmt::format(
        "<g class=\"axis\"><line x1=\"{0}\" y1=\"0\" x2=\"{0}\" y2=\"{1}\" stroke=\"#888\"/>\n",
        num(x), num(bottom));
    for (auto [t, y] : axis_ticks(layout_, 40)) {
      if (y > bottom) break;
      out_ += fmt::format(
          "<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"#888\"/>"
          "<text class=\"tick\" x=\"{3}\" y=\"{4}\" text-anchor=\"end\" fill=\"#555\">{5}</text>\n",
          num(x - 4), num(x), num(y), num(x - 6), num(y + 4), svg_escape(axis_label(t)));
    }
    out_ += "</g>\n";
  }

  void gaps() {
    double bottom = visible_bottom();
    for (const auto& g : layout_.gaps) {
      if (g.y > bottom) break;
      out_ += fmt::format(
          "<g class=\"gap\"><rect x=\"0\" y=\"{0}\" width=\"{1}\" height=\"{2}\" fill=\"#eee\"/>"
          "<text x=\"{3}\" y=\"{4}\" text-anchor=\"middle\" font-style=\"italic\">{5}</text></g>\n",
          num(g.y), num(std::max(layout_.width, 400.0)), num(g.height),
          num(std::max(layout_.width, 400.0) / 2), num(g.y + g.height / 2 + 4),
          svg_escape(gap_label(g.to - g.from)));
    }
  }

  void lifelines() {
    double bottom = visible_bottom();
    for (const auto& l : layout_.lifelines) {
      out_ += "<g class=\"lifeline\">";
      out_ += fmt::format(
          "<text class=\"host\" x=\"{0}\" y=\"{1}\" text-anchor=\"middle\" "
          "font-weight=\"bold\" font-size=\"14\">{2}</text>"
          "<text class=\"addr\" x=\"{0}\" y=\"{3}\" text-anchor=\"middle\" "
          "fill=\"#555\">{4}</text>",
          num(l.x), num(-kHeaderHeight + 34), svg_escape(l.name), num(-kHeaderHeight + 48),
          svg_escape(l.addr));
      // The line is broken at every compressed gap, with a "//" mark, so a gap never looks
      // like a stretch of real time.
      double y = 0;
      for (const auto& g : layout_.gaps) {
        if (g.y > bottom) break;
        segment_line(l.x, y, g.y);
        out_ += fmt::format(
            "<path class=\"break\" d=\"M{0},{1} L{2},{3} M{0},{4} L{2},{5}\" stroke=\"#111\"/>",
            num(l.x - 6), num(g.y + 2), num(l.x + 6), num(g.y - 4), num(g.y + g.height + 4),
            num(g.y + g.height - 2));
        y = g.y + g.height;
      }
      segment_line(l.x, y, bottom);
      out_ += "</g>\n";
    }
  }

  void segment_line(double x, double y0, double y1) {
    if (y1 <= y0) return;
    out_ += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#111\"/>",
                        num(x), num(y0), num(y1));
  }

  void timers() {
    for (const auto& b : layout_.timers) {
      if (!shown(b.armed_event) || b.lifeline >= layout_.lifelines.size()) continue;
      double x = layout_.lifelines[b.lifeline].x + 8 + b.slot * 10;
      double y1 = std::min(b.y1, visible_bottom());
      out_ += fmt::format(
          "<rect class=\"timer{}\" x=\"{}\" y=\"{}\" width=\"6\" height=\"{}\" fill=\"#cde\" "
          "stroke=\"#357\"{}/><text class=\"timer-name\" x=\"{}\" y=\"{}\" font-size=\"10\" "
          "fill=\"#357\">{}</text>\n",
          b.fired ? " fired" : "", num(x), num(b.y0), num(std::max(y1 - b.y0, 1.0)),
          b.fired ? "" : " stroke-dasharray=\"2,2\"", num(x + 8), num(b.y0 + 10),
          svg_escape(std::string(timer_short_name(b.kind)) + (b.fired ? " \u2715" : "")));
    }
  }

  void states() {
    for (const auto& s : layout_.states) {
      if (!shown(s.event) || s.lifeline >= layout_.lifelines.size()) continue;
      double x = layout_.lifelines[s.lifeline].x;
      std::string name(state_name(s.to));
      double w = 8.0 * static_cast<double>(name.size()) + 8;
      out_ += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" rx=\"3\" fill=\"#fff\" "
          "stroke=\"#111\"/><text class=\"state\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" "
          "font-size=\"11\" font-weight=\"bold\"{}>{}</text>\n",
          num(x - w / 2), num(s.y - 8), num(w), num(x), num(s.y + 4),
          s.listener ? " font-style=\"italic\"" : "", svg_escape(name));
    }
  }

  void arrows() {
    auto retx = retransmit_numbers(layout_);
    for (std::size_t i = 0; i < layout_.arrows.size(); ++i) {
      const Arrow& a = layout_.arrows[i];
      if (!shown(a.send_event)) continue;
      out_ += "<g class=\"segment\">";
      out_ += fmt::format(
          "<line class=\"arrow{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#111\" "
          "stroke-width=\"1.5\"{}/>",
          a.lost ? " lost" : "", num(a.x0), num(a.y0), num(a.x1), num(a.y1),
          a.lost ? " stroke-dasharray=\"6,4\"" : " marker-end=\"url(#head)\"");
      if (a.lost)
        out_ += fmt::format(
            "<path class=\"cross\" d=\"M{0},{1} L{2},{3} M{0},{3} L{2},{1}\" stroke=\"#111\" "
            "stroke-width=\"2.5\"/>",
            num(a.x1 - kCross), num(a.y1 - kCross), num(a.x1 + kCross), num(a.y1 + kCross));
      std::string label = a.label;
      if (retx[i] > 0) label += "  (" + retransmit_label(retx[i]) + ")";
      double mx = (a.x0 + a.x1) / 2;
      double my = (a.y0 + a.y1) / 2;
      // Above the sloped line over the label's whole width (about 6.8 units a column at
      // font size 12), so the arrow never runs through the text.
      if (a.x1 != a.x0) {
        const double half_width = 3.4 * static_cast<double>(display_width(label));
        my -= std::min(std::abs((a.y1 - a.y0) / (a.x1 - a.x0)) * half_width, 40.0);
      }
      out_ += fmt::format(
          "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" "
          "paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\">{}</text>",
          num(mx), num(my - 5), svg_escape(label));
      if (a.retransmit_of < layout_.arrows.size()) {
        // A thin dashed curve from the original's start to this one's, bulging outward
        // past the sender's lifeline so it does not cross the arrows in between.
        const Arrow& o = layout_.arrows[a.retransmit_of];
        double side = a.x1 >= a.x0 ? -1 : 1;
        double bulge = a.x0 + side * 40;
        out_ += fmt::format(
            "<path class=\"retx-link\" d=\"M{},{} C{},{} {},{} {},{}\" fill=\"none\" "
            "stroke=\"#555\" stroke-dasharray=\"3,3\"/>",
            num(o.x0), num(o.y0), num(bulge), num(o.y0), num(bulge), num(a.y0), num(a.x0),
            num(a.y0));
      }
      out_ += "</g>\n";
    }
  }

  const Trace& trace_;
  const Layout& layout_;
  const SvgOptions& o_;
  std::string out_;
};

}  // namespace

std::string svg_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string export_svg(const Trace& trace, const Layout& layout, const SvgOptions& options) {
  return SvgWriter(trace, layout, options).write();
}

}  // namespace synack
