#pragma once
// An independent check of a diagram layout, as a reader's eye would make it: no two texts
// overlap, no arrow, timer bar or lifeline runs through a text, nothing is cut off by the
// pane. Brute force on purpose (every pair), so it shares no code with the layout's own
// bookkeeping. Used by the layout tests and, on the exported SVG, by the SVG tests.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/draw/diagram_layout.hpp"

namespace synack::test {

struct Segment {
  double ax, ay, bx, by;
  std::string name;
};

struct Rect {
  double x0, y0, x1, y1;
  std::string name;
};

// Strictly inside (touching is fine): parametric clipping of the segment to the rectangle.
inline bool crosses(const Segment& s, const Rect& r) {
  const double e = 0.01;
  double t0 = 0, t1 = 1;
  const double dx = s.bx - s.ax, dy = s.by - s.ay;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {s.ax - (r.x0 + e), (r.x1 - e) - s.ax, s.ay - (r.y0 + e), (r.y1 - e) - s.ay};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
      continue;
    }
    const double v = q[i] / p[i];
    if (p[i] < 0) {
      t0 = std::max(t0, v);
    } else {
      t1 = std::min(t1, v);
    }
    if (t0 > t1) return false;
  }
  return true;
}

inline bool overlap(const Rect& a, const Rect& b) {
  const double e = 0.01;
  return a.x0 + e < b.x1 && b.x0 + e < a.x1 && a.y0 + e < b.y1 && b.y0 + e < a.y1;
}

// Everything wrong with a picture made of these texts, lines and pane width.
inline std::vector<std::string> picture_problems(const std::vector<Rect>& texts,
                                                 const std::vector<Segment>& lines,
                                                 const std::vector<Rect>& solids, double width) {
  std::vector<std::string> out;
  for (const Rect& r : texts) {
    if (r.x0 < -0.01 || r.x1 > width + 0.01 || r.y0 < -0.01) {
      out.push_back(fmt::format("clipped: {} [{:.1f}, {:.1f}] in a pane {:.0f} wide", r.name, r.x0,
                                r.x1, width));
    }
  }
  for (std::size_t i = 0; i < texts.size(); ++i) {
    for (std::size_t j = i + 1; j < texts.size(); ++j) {
      if (overlap(texts[i], texts[j])) {
        out.push_back(fmt::format("overlap: {} / {}", texts[i].name, texts[j].name));
      }
    }
    for (const Segment& s : lines) {
      if (crosses(s, texts[i])) out.push_back(fmt::format("{} crosses {}", s.name, texts[i].name));
    }
    for (const Rect& s : solids) {
      if (overlap(s, texts[i])) out.push_back(fmt::format("{} covers {}", s.name, texts[i].name));
    }
  }
  return out;
}

inline std::string text_name(const TextBox& t) {
  std::string s = t.lines.empty() ? "" : t.lines.front();
  return fmt::format("'{}' at ({:.0f},{:.0f})", s, t.box.x0, t.box.y0);
}

// The layout's own pieces as a reader sees them. A badge on a middle lifeline sits on its
// own line by design; everything else must be clear.
inline std::vector<std::string> layout_problems(const Layout& l) {
  std::vector<Rect> texts;
  for (const TextBox& t : l.texts)
    texts.push_back({t.box.x0, t.box.y0, t.box.x1, t.box.y1, text_name(t)});
  std::vector<Segment> lines;
  for (std::size_t k = 0; k < l.arrows.size(); ++k) {
    const Arrow& a = l.arrows[k];
    lines.push_back({a.x0, a.y0, a.x1, a.y1, fmt::format("arrow #{} '{}'", k, a.label)});
  }
  std::vector<Rect> solids;
  for (const TimerBar& b : l.timers) {
    if (b.slot >= 6) continue;  // counted, not drawn
    solids.push_back({b.x, b.y0, b.x + l.bar_width, std::max(b.y1, b.y0 + 1), "timer bar"});
  }
  auto problems = picture_problems(texts, lines, solids, l.width);
  for (std::size_t h = 0; h < l.lifelines.size(); ++h) {
    // Lifelines are broken where a gap band compresses time.
    std::vector<Segment> pieces;
    double y = 0;
    for (const auto& g : l.gaps) {
      pieces.push_back({l.lifelines[h].x, y, l.lifelines[h].x, g.y, ""});
      y = g.y + g.height;
    }
    pieces.push_back({l.lifelines[h].x, y, l.lifelines[h].x, l.height, ""});
    for (const TextBox& t : l.texts) {
      const bool own_badge = t.kind == TextKind::state && t.align == Align::centre &&
                             t.owner < l.states.size() && l.states[t.owner].lifeline == h;
      if (own_badge) continue;
      const Rect r{t.box.x0, t.box.y0, t.box.x1, t.box.y1, ""};
      if (std::any_of(pieces.begin(), pieces.end(),
                      [&](const Segment& s) { return crosses(s, r); })) {
        problems.push_back(
            fmt::format("lifeline {} crosses {}", l.lifelines[h].name, text_name(t)));
      }
    }
  }
  std::vector<Rect> header;
  for (const TextBox& t : l.header)
    header.push_back({t.box.x0, t.box.y0, t.box.x1, t.box.y1, text_name(t)});
  for (auto& p : picture_problems(header, {}, {}, l.width)) problems.push_back("header: " + p);
  return problems;
}

}  // namespace synack::test
