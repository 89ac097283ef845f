#include "app/draw/svg_diagram.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "app/base/xml_escape.hpp"
#include "app/draw/diagram_labels.hpp"

namespace synack {
namespace {

constexpr double kFontPx = 13;  // the SVG's text size; the picture scales as a whole anyway
constexpr const char* kFonts = "DejaVu Sans, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif";

// Layout coordinates are doubles; one decimal is plenty for a vector picture.
std::string num(double v) {
  return fmt::format("{:.1f}", v);
}

const char* kind_class(TextKind k) {
  switch (k) {
    case TextKind::arrow:
      return "label";
    case TextKind::state:
      return "state";
    case TextKind::timer:
      return "timer-name";
    case TextKind::flood:
      return "flood";
    case TextKind::gap:
      return "gap-label";
    case TextKind::tick:
      return "tick";
    case TextKind::host:
      return "host";
  }
  return "label";
}

class SvgWriter {
 public:
  SvgWriter(const Layout& layout, const Trace& trace, const SvgOptions& options)
      : l_(layout), t_(trace), o_(options) {}

  std::string write() {
    const double title_h = o_.title.empty() ? 0 : 2 * l_.font_px;
    top_ = title_h + l_.header_height;
    bottom_ = visible_bottom();
    const double height = top_ + bottom_;
    out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out_ += fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
        "viewBox=\"0 0 {0} {1}\" font-family=\"{2}\" font-size=\"{3}\">\n",
        num(l_.width), num(height), kFonts, num(l_.font_px));
    if (!o_.title.empty()) out_ += "<title>" + xml_escape(o_.title) + "</title>\n";
    // Enough to re-run it: `synack run <scenario> --profile <p> --seed <s>`.
    out_ += fmt::format("<desc>synack scenario {} profile {} seed {}</desc>\n",
                        xml_escape(t_.scenario), xml_escape(t_.profile), t_.seed);
    out_ += fmt::format("<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n",
                        num(l_.width), num(height));
    if (!o_.title.empty()) {
      out_ += fmt::format("<text class=\"title\" x=\"{}\" y=\"{}\" fill=\"#111111\">{}</text>\n",
                          num(l_.text_pad_x), num(1.3 * l_.font_px), xml_escape(o_.title));
    }
    out_ += fmt::format("<g class=\"header\" transform=\"translate(0,{})\">\n", num(title_h));
    for (const TextBox& tb : l_.header) text(tb, "#111111", "none", "none");
    out_ +=
        fmt::format("<line x1=\"0\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#bbbbbb\"/>\n</g>\n",
                    num(l_.header_height), num(l_.width));
    out_ += fmt::format("<g class=\"diagram\" transform=\"translate(0,{})\">\n", num(top_));
    gaps();
    axis();
    lifelines();
    if (o_.show_timers) timers();
    arrows();
    texts();
    out_ += "</g>\n</svg>\n";
    return std::move(out_);
  }

 private:
  bool shown(std::size_t event) const { return event == kAlways || event < o_.visible_events; }

  // The picture ends below the last thing drawn (or with the whole layout).
  double visible_bottom() const {
    if (o_.visible_events >= t_.events.size()) return l_.height;
    double y = l_.event_y.empty() || o_.visible_events == 0 ? 0 : l_.event_y[o_.visible_events - 1];
    for (const Arrow& a : l_.arrows) {
      if (shown(a.send_event)) y = std::max(y, a.y1);
    }
    for (const TextBox& tb : l_.texts) {
      if (tb.event != kAlways && shown(tb.event)) y = std::max(y, tb.box.y1);
    }
    return y + 2 * l_.font_px;
  }

  void gaps() {
    for (const auto& g : l_.gaps) {
      if (g.y > bottom_) break;
      out_ += fmt::format(
          "<g class=\"gap\"><rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#eeeeee\"/>"
          "</g>\n",
          num(g.y), num(l_.width), num(g.height));
    }
  }

  void axis() {
    out_ += fmt::format(
        "<g class=\"axis\"><line x1=\"{0}\" y1=\"0\" x2=\"{0}\" y2=\"{1}\" stroke=\"#888888\"/>",
        num(l_.axis_x), num(bottom_));
    for (const TextBox& tb : l_.texts) {
      if (tb.kind != TextKind::tick || tb.box.y1 > bottom_) continue;
      const double y = (tb.box.y0 + tb.box.y1) / 2;
      out_ += fmt::format("<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"#888888\"/>",
                          num(l_.axis_x - 0.3 * l_.font_px), num(l_.axis_x), num(y));
    }
    out_ += "</g>\n";
  }

  void segment_line(double x, double y0, double y1) {
    if (y1 <= y0) return;
    out_ += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#111111\"/>",
                        num(x), num(y0), num(y1));
  }

  // Lifelines are broken at every compressed gap, with a "//" mark, so a gap never looks
  // like a stretch of real time.
  void lifelines() {
    for (const auto& lf : l_.lifelines) {
      out_ += "<g class=\"lifeline\">";
      double y = 0;
      for (const auto& g : l_.gaps) {
        if (g.y > bottom_) break;
        segment_line(lf.x, y, g.y);
        const double b = g.y + g.height;
        out_ += fmt::format(
            "<path class=\"break\" d=\"M{0},{1} L{2},{3} M{0},{4} L{2},{5}\" stroke=\"#111111\" "
            "fill=\"none\"/>",
            num(lf.x - 6), num(g.y + 2), num(lf.x + 6), num(g.y - 4), num(b + 4), num(b - 2));
        y = b;
      }
      segment_line(lf.x, y, bottom_);
      out_ += "</g>\n";
    }
  }

  void timers() {
    for (const TimerBar& b : l_.timers) {
      if (!shown(b.armed_event) || b.slot >= 6) continue;
      const double y1 = std::min(b.y1, bottom_);
      // A flood's bars share a lane: unoutlined, so the stack reads as one bar.
      out_ += fmt::format(
          "<rect class=\"timer{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
          "stroke=\"{}\"{}/>\n",
          b.fired ? " fired" : "", num(b.x), num(b.y0), num(l_.bar_width),
          num(std::max(y1 - b.y0, 1.0)), b.flood ? "#e4ebf2" : "#ccddee",
          b.flood ? "none" : "#335577", b.fired || b.flood ? "" : " stroke-dasharray=\"2,2\"");
    }
  }

  void arrows() {
    const double head = 0.55 * l_.font_px;
    for (const Arrow& a : l_.arrows) {
      if (!shown(a.send_event)) continue;
      const char* ink = a.flood ? "#999999" : a.disagreement ? kDisagreeInk : "#111111";
      out_ += fmt::format(
          "<line class=\"arrow{}{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" "
          "stroke-width=\"{}\"{}/>",
          a.lost ? " lost" : "", a.disagreement ? " disagreement" : "", num(a.x0), num(a.y0),
          num(a.x1), num(a.y1), ink, a.flood ? "0.7" : "1.5",
          a.lost ? " stroke-dasharray=\"6,4\"" : "");
      if (a.lost) {
        const double c = 0.4 * l_.font_px;
        out_ += fmt::format(
            "<path class=\"cross\" d=\"M{0},{1} L{2},{3} M{0},{3} L{2},{1}\" stroke=\"{4}\" "
            "stroke-width=\"2\" fill=\"none\"/>",
            num(a.x1 - c), num(a.y1 - c), num(a.x1 + c), num(a.y1 + c), ink);
      } else {
        const double dx = a.x1 - a.x0, dy = a.y1 - a.y0;
        const double len = std::max(std::hypot(dx, dy), 1e-9);
        const double ux = dx / len, uy = dy / len;
        out_ += fmt::format("<polygon class=\"head\" points=\"{},{} {},{} {},{}\" fill=\"{}\"/>",
                            num(a.x1), num(a.y1), num(a.x1 - ux * head - uy * head * 0.45),
                            num(a.y1 - uy * head + ux * head * 0.45),
                            num(a.x1 - ux * head + uy * head * 0.45),
                            num(a.y1 - uy * head - ux * head * 0.45), ink);
      }
      out_ += "\n";
    }
  }

  // A captured segment the engine would not have sent: its arrow and label in red.
  static constexpr const char* kDisagreeInk = "#c0392b";
  bool disagrees(const TextBox& tb) const {
    return tb.owner < l_.arrows.size() && l_.arrows[tb.owner].disagreement;
  }

  void texts() {
    for (const TextBox& tb : l_.texts) {
      if (!shown(tb.event) || tb.box.y1 > bottom_) continue;
      switch (tb.kind) {
        case TextKind::state:
          text(tb, "#111111", "#ffffff", "#111111");
          break;
        case TextKind::timer:
          text(tb, "#335577", "#ffffff", "none");
          break;
        case TextKind::tick:
          text(tb, "#555555", "none", "none");
          break;
        case TextKind::gap:
          text(tb, "#333333", "#eeeeee", "none");
          break;
        case TextKind::arrow:
          text(tb, disagrees(tb) ? kDisagreeInk : "#111111", "#ffffff", "none");
          break;
        default:
          text(tb, "#111111", "#ffffff", "none");
      }
    }
  }

  // A text's box (its background, so nothing drawn under it shows through) and its lines.
  void text(const TextBox& tb, const char* ink, const char* fill, const char* stroke) {
    const Box& b = tb.box;
    // The box is always written (unpainted where it needs no background): it is the room
    // the layout gave the text, and checks of the picture read it.
    out_ += fmt::format(
        "<g class=\"text {}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\" "
        "fill=\"{}\" stroke=\"{}\"/>",
        kind_class(tb.kind), num(b.x0), num(b.y0), num(b.x1 - b.x0), num(b.y1 - b.y0), fill,
        stroke);
    const char* anchor = tb.align == Align::left    ? "start"
                         : tb.align == Align::right ? "end"
                                                    : "middle";
    const double x = tb.align == Align::left    ? b.x0 + l_.text_pad_x
                     : tb.align == Align::right ? b.x1 - l_.text_pad_x
                                                : (b.x0 + b.x1) / 2;
    for (std::size_t i = 0; i < tb.lines.size(); ++i) {
      if (tb.lines[i].empty()) continue;
      const double baseline =
          b.y0 + l_.text_pad_y + static_cast<double>(i) * l_.line_height + 0.95 * l_.font_px;
      out_ += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" fill=\"{}\">{}</text>",
                          num(x), num(baseline), anchor, ink, xml_escape(tb.lines[i]));
    }
    out_ += "</g>\n";
  }

  const Layout& l_;
  const Trace& t_;
  const SvgOptions& o_;
  std::string out_;
  double top_ = 0;
  double bottom_ = 0;
};

}  // namespace

LayoutOptions svg_layout_options(const Trace& trace, Lang lang) {
  LayoutOptions o;
  o.font_px = kFontPx;
  o.lang = lang;
  // 60 ems for two lifelines, 30 more for each further one: most labels fit on a line.
  const double hosts = static_cast<double>(std::max<std::size_t>(trace.hosts.size(), 2));
  o.width = kFontPx * (60 + 30 * (hosts - 2));
  return o;
}

std::string export_svg(const Trace& trace, const Layout& layout, const SvgOptions& options) {
  return SvgWriter(layout, trace, options).write();
}

}  // namespace synack
