#include "app/gui/diagram_paint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

#include "app/draw/diagram_labels.hpp"
#include "app/draw/trace_labels.hpp"
#include "app/gui/theme.hpp"
#include "app/gui/view.hpp"

namespace synack::gui {
namespace {

constexpr float kPick = 10;     // how close (px) a click must be to an arrow
constexpr int kTimerSlots = 6;  // bars drawn side by side; more are counted ("×9")

float dist_to_segment(ImVec2 p, ImVec2 a, ImVec2 b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len2 = dx * dx + dy * dy;
  float t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = std::clamp(t, 0.0f, 1.0f);
  const float cx = a.x + t * dx - p.x, cy = a.y + t * dy - p.y;
  return std::sqrt(cx * cx + cy * cy);
}

void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float th, float dash = 7,
                 float gap = 5) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1) return;
  for (float s = 0; s < len; s += dash + gap) {
    const float e = std::min(s + dash, len);
    dl->AddLine(ImVec2(a.x + dx * s / len, a.y + dy * s / len),
                ImVec2(a.x + dx * e / len, a.y + dy * e / len), col, th);
  }
}

void arrow_head(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 col, float size) {
  const float dx = to.x - from.x, dy = to.y - from.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1) return;
  const float ux = dx / len, uy = dy / len;
  dl->AddTriangleFilled(
      to, ImVec2(to.x - ux * size - uy * size * 0.45f, to.y - uy * size + ux * size * 0.45f),
      ImVec2(to.x - ux * size + uy * size * 0.45f, to.y - uy * size - ux * size * 0.45f), col);
}

std::size_t first_reaching(const std::vector<double>& running, double top) {
  return static_cast<std::size_t>(std::lower_bound(running.begin(), running.end(), top) -
                                  running.begin());
}

// A text box's lines, aligned in the box as the layout measured them.
void draw_text(ImDrawList* dl, const DiagramFrame& f, const TextBox& t, ImU32 col) {
  const Layout& l = *f.layout;
  const float px = static_cast<float>(l.font_px);
  ImFont* font = ImGui::GetFont();
  const ImVec2 p0 = f.at(t.box.x0, t.box.y0);
  const ImVec2 p1 = f.at(t.box.x1, t.box.y1);
  for (std::size_t i = 0; i < t.lines.size(); ++i) {
    const std::string& s = t.lines[i];
    if (s.empty()) continue;
    const float w = font->CalcTextSizeA(px, FLT_MAX, 0, s.c_str()).x;
    const float pad = static_cast<float>(l.text_pad_x);
    const float x = t.align == Align::left    ? p0.x + pad
                    : t.align == Align::right ? p1.x - pad - w
                                              : (p0.x + p1.x - w) / 2;
    const float y =
        p0.y + static_cast<float>(l.text_pad_y + static_cast<double>(i) * l.line_height);
    dl->AddText(font, px, ImVec2(x, y), col, s.c_str());
  }
}

}  // namespace

DiagramColours diagram_colours(const GuiState& gui, float font_px) {
  DiagramColours c{};
  const bool big = gui.high_contrast || gui.presenter;
  c.ink = ImGui::GetColorU32(ImGuiCol_Text);
  c.faint = ImGui::GetColorU32(ImGuiCol_Text, 0.22f);
  c.muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  c.gap_bg = ImGui::GetColorU32(ImGuiCol_FrameBg);
  c.timer = ImGui::GetColorU32(ImGuiCol_PlotHistogram, big ? 1.0f : 0.85f);
  c.accent = ImGui::GetColorU32(ImGuiCol_PlotLinesHovered);
  c.badge_bg = ImGui::GetColorU32(ImGuiCol_WindowBg);
  c.header_rule = ImGui::GetColorU32(ImGuiCol_Text, 0.3f);
  c.flood = ImGui::GetColorU32(ImGuiCol_Text, 0.35f);
  c.disagree = ImGui::GetColorU32(disagreement_colour());
  // A projector washes thin lines out: thick lines and big heads there. Whole pixels: ImGui
  // draws those from its texture with a quarter of the triangles a fractional width needs.
  c.line = std::round(big ? std::max(3.0f, font_px / 10) : std::max(1.5f, font_px / 12));
  c.head = std::max(8.0f, font_px * (big ? 0.75f : 0.55f));
  return c;
}

ImVec2 DiagramFrame::at(double x, double y) const {
  return ImVec2(pane_min.x + static_cast<float>(x),
                top() + static_cast<float>(y) - scroll_y + y_offset);
}

float DiagramFrame::top() const {
  return pane_min.y + static_cast<float>(layout->header_height);
}

const DiagramPainter::Index* DiagramPainter::find(const Layout& l) const {
  return main_.id == l.id ? &main_ : other_.id == l.id ? &other_ : nullptr;
}

// Per-layout lookup tables, made once per layout (two kept: the main run and a branch).
const DiagramPainter::Index& DiagramPainter::index_for(const Layout& l) {
  if (const Index* found = find(l)) return *found;
  Index& x = main_.id < other_.id ? main_ : other_;  // the older one goes
  x.id = l.id;
  x.arrow_bottom.clear();
  double m = -1e300;
  for (const auto& a : l.arrows) x.arrow_bottom.push_back(m = std::max({m, a.y0, a.y1}));
  x.text_bottom.clear();
  m = -1e300;
  for (const auto& t : l.texts) x.text_bottom.push_back(m = std::max(m, t.box.y1));
  x.timer_order.resize(l.timers.size());
  for (std::size_t i = 0; i < x.timer_order.size(); ++i) x.timer_order[i] = i;
  std::stable_sort(x.timer_order.begin(), x.timer_order.end(),
                   [&](auto a, auto b) { return l.timers[a].y0 < l.timers[b].y0; });
  x.timer_bottom.clear();
  m = -1e300;
  for (auto i : x.timer_order) x.timer_bottom.push_back(m = std::max(m, l.timers[i].y1));
  return x;
}

bool DiagramPainter::paint(ImDrawList* dl, const DiagramFrame& f, const DiagramColours& c) {
  const Layout& l = *f.layout;
  const Index& ix = index_for(l);
  bool moving = false;
  const float top_px = f.top();
  const double top = f.scroll_y - f.y_offset - 4 * l.font_px;
  const double bottom = f.scroll_y - f.y_offset + (f.pane_max.y - top_px) + 4 * l.font_px;
  const bool labels = l.font_px >= 7;  // smaller, text is only a grey smear
  auto shown = [&](std::size_t ev) { return ev == kAlways || ev < f.shown; };
  auto visible = [&](std::size_t ev) { return !f.hide_future || shown(ev); };

  // Nothing scrolled up may cover the header.
  dl->PushClipRect(ImVec2(f.pane_min.x, top_px), f.pane_max, true);

  // Compressed gaps: a band across the pane (its label is one of the layout's texts).
  for (const auto& g : l.gaps) {
    if (g.y + g.height < top) continue;
    if (g.y > bottom) break;
    const ImVec2 a = f.at(0, g.y), b = f.at(l.width, g.y + g.height);
    dl->AddRectFilled(ImVec2(f.pane_min.x, a.y), ImVec2(f.pane_max.x, b.y), c.gap_bg);
  }
  // Time axis: its line and tick marks (the tick labels are texts).
  {
    const float ax = f.at(l.axis_x, 0).x;
    dl->AddLine(ImVec2(ax, top_px), ImVec2(ax, f.pane_max.y), c.faint, 1);
  }
  // Lifelines, broken at every compressed gap (a gap must never look like real time).
  const float lw = std::max(1.0f, std::round(c.line * 0.6f));
  for (const auto& lf : l.lifelines) {
    double y = std::max(top, 0.0);
    auto seg = [&](double y0, double y1) {
      if (y1 > y0) dl->AddLine(f.at(lf.x, y0), f.at(lf.x, y1), c.ink, lw);
    };
    for (const auto& g : l.gaps) {
      if (g.y + g.height < top) continue;
      if (g.y > bottom) break;
      seg(y, g.y);
      const ImVec2 a = f.at(lf.x, g.y), b = f.at(lf.x, g.y + g.height);
      dl->AddLine(ImVec2(a.x - 6, a.y + 2), ImVec2(a.x + 6, a.y - 4), c.ink, lw);
      dl->AddLine(ImVec2(b.x - 6, b.y + 4), ImVec2(b.x + 6, b.y - 2), c.ink, lw);
      y = g.y + g.height;
    }
    seg(y, std::min(bottom, l.height));
  }

  // Timer bars in their lanes; a cross at the end: it fired. Beyond kTimerSlots, the count of
  // those running is written in the header.
  const double cursor = f.playback ? f.playback->cursor_y() : -1e300;
  // A flood's faint bars share a lane and overlap by the hundred: one rectangle per run of
  // touching bars draws the same picture. They fire by the hundred too; no crosses (a heap
  // of them is a white blot; the flood's label counts the retransmissions).
  struct FloodRun {
    float x0, x1, y0, y1;
  };
  std::vector<FloodRun> runs;
  auto flush = [&](const FloodRun& r) {
    dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, std::max(r.y1, r.y0 + 2)), c.faint);
  };
  const float bw = static_cast<float>(l.bar_width);
  auto cross = [&](ImVec2 p, ImVec2 q) {
    dl->AddLine(ImVec2(p.x - bw, q.y - bw), ImVec2(q.x + bw, q.y + bw), c.ink, lw + 1);
    dl->AddLine(ImVec2(p.x - bw, q.y + bw), ImVec2(q.x + bw, q.y - bw), c.ink, lw + 1);
  };
  for (std::size_t k = first_reaching(ix.timer_bottom, top); k < ix.timer_order.size(); ++k) {
    const TimerBar& b = l.timers[ix.timer_order[k]];
    if (b.y0 > bottom) break;
    if (b.lifeline >= l.lifelines.size() || !shown(b.armed_event)) continue;
    if (b.slot >= kTimerSlots) continue;
    const double y1 = f.playback ? std::min(b.y1, std::max(cursor, b.y0)) : b.y1;
    const ImVec2 p = f.at(b.x, b.y0), q = f.at(b.x + l.bar_width, y1);
    const bool fired = b.fired && y1 >= b.y1;
    if (!b.flood) {
      dl->AddRectFilled(p, ImVec2(q.x, std::max(q.y, p.y + 2)), c.timer);
      if (fired) cross(p, q);
      continue;
    }
    auto run =
        std::find_if(runs.begin(), runs.end(), [&](const FloodRun& r) { return r.x0 == p.x; });
    if (run == runs.end()) {
      runs.push_back({p.x, q.x, p.y, q.y});
      run = runs.end() - 1;
    } else if (p.y <= run->y1 + 1) {
      run->y1 = std::max(run->y1, q.y);
    } else {
      flush(*run);
      run->y0 = p.y;
      run->y1 = q.y;
    }
  }
  for (const FloodRun& r : runs) flush(r);
  // Arrows: only those whose vertical extent meets the band.
  const std::size_t selected_arrow = [&] {
    if (!f.selected_segment) return l.arrows.size();
    for (std::size_t i = 0; i < l.arrows.size(); ++i)
      if (l.arrows[i].segment == *f.selected_segment) return i;
    return l.arrows.size();
  }();
  // The retransmission chain of the selected or hovered arrow is drawn in the accent
  // colour: its first transmission and every retransmission of it.
  auto chain_root = [&](std::size_t i) {
    if (i >= l.arrows.size()) return l.arrows.size();
    return l.arrows[i].retransmit_of < l.arrows.size() ? std::size_t{l.arrows[i].retransmit_of} : i;
  };
  const std::size_t root_sel = chain_root(selected_arrow);
  const std::size_t root_hover = chain_root(f.hovered_arrow.value_or(l.arrows.size()));
  auto in_chain = [&](std::size_t i, std::size_t root) {
    return root < l.arrows.size() && (i == root || l.arrows[i].retransmit_of == root);
  };
  // A flood packs hundreds of lines into a few hundred pixels: a line that would land within
  // a pixel of the last one drawn between the same lifelines, in the same colour, adds nothing
  // to the picture but costs the rasterizer (syn-flood drew 21,000 vertices a frame).
  struct FloodLine {
    double x0, x1;
    float y;
    bool now;
  };
  std::vector<FloodLine> flood_drawn;
  auto flood_repeat = [&](const Arrow& a, float y, bool now) {
    for (FloodLine& d : flood_drawn) {
      if (d.x0 != a.x0 || d.x1 != a.x1 || d.now != now) continue;
      if (std::abs(y - d.y) < 1.5f) return true;
      d.y = y;
      return false;
    }
    flood_drawn.push_back({a.x0, a.x1, y, now});
    return false;
  };
  for (std::size_t i = first_reaching(ix.arrow_bottom, top); i < l.arrows.size(); ++i) {
    const Arrow& a = l.arrows[i];
    if (std::min(a.y0, a.y1) > bottom) break;
    if (!visible(a.send_event)) continue;
    const bool now = shown(a.send_event);
    if (a.flood && a.x0 != a.x1 && !(now && f.playback && f.playback->arrow_progress(a) < 1.0) &&
        flood_repeat(a, f.at(a.x0, a.y0).y, now)) {
      continue;
    }
    const bool marked = now && (in_chain(i, root_sel) || in_chain(i, root_hover));
    const ImU32 col = !now             ? c.faint
                      : marked         ? c.accent
                      : a.flood        ? c.flood
                      : a.disagreement ? c.disagree
                                       : c.ink;
    const float th = a.flood ? 1.0f : c.line + (i == selected_arrow || marked ? 1 : 0);
    double prog = 1.0;
    if (now && f.playback) prog = std::clamp(f.playback->arrow_progress(a), 0.0, 1.0);
    const ImVec2 s = f.at(a.x0, a.y0);
    const ImVec2 e_full = f.at(a.x1, a.y1);
    const ImVec2 e(s.x + (e_full.x - s.x) * static_cast<float>(prog),
                   s.y + (e_full.y - s.y) * static_cast<float>(prog));
    // A flood's lines are one faint bundle: plain, thin, no dashes or crosses (hundreds of
    // them; the block's label says where they went).
    if (a.lost && !a.flood) {
      dashed_line(dl, s, e, col, th);
    } else {
      dl->AddLine(s, e, col, th);
    }
    if (prog >= 1.0 && !a.flood) {
      if (a.lost) {
        const float k = static_cast<float>(0.4 * l.font_px);
        dl->AddLine(ImVec2(e.x - k, e.y - k), ImVec2(e.x + k, e.y + k), col, th + 1);
        dl->AddLine(ImVec2(e.x - k, e.y + k), ImVec2(e.x + k, e.y - k), col, th + 1);
      } else {
        arrow_head(dl, s, e, col, c.head);
      }
    } else if (now) {
      // A flood's segments on their way are many; only the others get a dot.
      if (!a.flood) dl->AddCircleFilled(e, 3 + th, c.accent);
      moving = true;
    }
  }

  // The room is asked what comes next: a dashed stub with a "?" from the sender.
  if (f.ask_event && *f.ask_event < f.trace->events.size() && !shown(*f.ask_event)) {
    const Event& e = f.trace->events[*f.ask_event];
    const double y = *f.ask_event < l.event_y.size() ? l.event_y[*f.ask_event] : 0;
    if (e.host < l.lifelines.size() && l.lifelines.size() > 1) {
      const double x0 = l.lifelines[e.host].x;
      const double x1 = e.host + 1u < l.lifelines.size() ? (x0 + l.lifelines[e.host + 1].x) / 2
                                                         : (x0 + l.lifelines[e.host - 1].x) / 2;
      const ImVec2 s = f.at(x0, y), q = f.at(x1, y + l.font_px);
      dashed_line(dl, s, q, c.accent, c.line);
      const float px = static_cast<float>(l.font_px) * 1.6f;
      const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(px, FLT_MAX, 0, "?");
      dl->AddText(ImGui::GetFont(), px, ImVec2(q.x + 6, q.y - ts.y / 2), c.accent, "?");
    }
  }

  // The cursor's time goes in the axis column, over whichever tick label is there.
  ImVec2 now_min(0, 0), now_max(0, 0);
  std::string now_text;
  if (f.playback && labels) {
    const float y = f.at(0, f.playback->cursor_y()).y;
    now_text = format_time(l.time_of(f.playback->cursor_y()));
    const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(static_cast<float>(l.font_px), FLT_MAX, 0,
                                                      now_text.c_str());
    // Left of the axis where it fits, else from the pane's edge (over the axis line): a
    // long time ("575.606 ms") must not lose its first digits.
    const float x = std::max(f.at(l.axis_x, 0).x - ts.x - 6, f.pane_min.x + 4);
    now_min = ImVec2(x - 3, y - ts.y - 2);
    now_max = ImVec2(x + ts.x + 3, y);
    // Above the line, unless a compressed gap's band is there (the cursor just after a
    // gap, as at the end of TIME_WAIT): then below it.
    for (const CompressedGap& g : l.gaps) {
      const float g0 = f.at(0, g.y).y, g1 = f.at(0, g.y + g.height).y;
      if (now_min.y < g1 && now_max.y > g0) {
        now_min.y = y;
        now_max.y = y + ts.y + 2;
        break;
      }
    }
  }

  // The "now" line of the playback cursor, under the texts (a label stays readable on it).
  if (f.playback) {
    const float y = f.at(0, f.playback->cursor_y()).y;
    dl->AddLine(ImVec2(f.pane_min.x, y), ImVec2(f.pane_max.x, y), c.accent, 1.0f);
  }

  // Texts: labels of arrows shown so far, badges, timer names, flood summaries, gap labels
  // and axis ticks, each in the box the layout gave it.
  if (labels) {
    for (std::size_t k = first_reaching(ix.text_bottom, top); k < l.texts.size(); ++k) {
      const TextBox& t = l.texts[k];
      if (t.box.y0 > bottom) break;
      if (!visible(t.event)) continue;
      const bool now = shown(t.event);
      switch (t.kind) {
        case TextKind::state: {
          const ImVec2 p = f.at(t.box.x0, t.box.y0), q = f.at(t.box.x1, t.box.y1);
          dl->AddRectFilled(p, q, c.badge_bg, 3);
          dl->AddRect(p, q, now ? c.ink : c.faint, 3, 0, std::max(1.0f, c.line * 0.8f));
          draw_text(dl, f, t, now ? c.ink : c.faint);
          break;
        }
        case TextKind::arrow: {
          const bool marked = now && t.owner < l.arrows.size() &&
                              (in_chain(t.owner, root_sel) || in_chain(t.owner, root_hover));
          if (now && t.owner == selected_arrow) {
            dl->AddRect(f.at(t.box.x0, t.box.y0), f.at(t.box.x1, t.box.y1), c.accent, 3, 0, 1.5f);
          }
          const bool disagree = t.owner < l.arrows.size() && l.arrows[t.owner].disagreement;
          draw_text(dl, f, t, !now ? c.faint : marked ? c.accent : disagree ? c.disagree : c.ink);
          break;
        }
        case TextKind::timer:
          draw_text(dl, f, t, now ? c.timer : c.faint);
          break;
        case TextKind::flood:
          draw_text(dl, f, t, now ? c.muted : c.faint);
          break;
        case TextKind::tick: {
          const ImVec2 p = f.at(l.axis_x, (t.box.y0 + t.box.y1) / 2);
          const ImVec2 q0 = f.at(t.box.x0, t.box.y0), q1 = f.at(t.box.x1, t.box.y1);
          if (!now_text.empty() && q0.y < now_max.y && now_min.y < q1.y) break;
          dl->AddLine(ImVec2(p.x - 4, p.y), p, c.muted, 1);
          draw_text(dl, f, t, c.muted);
          break;
        }
        default:
          draw_text(dl, f, t, c.ink);
      }
    }
  }

  // The cursor's time in the axis column.
  if (!now_text.empty()) {
    dl->AddRectFilled(now_min, now_max, c.badge_bg, 2);
    dl->AddText(ImGui::GetFont(), static_cast<float>(l.font_px),
                ImVec2(now_min.x + 3, now_min.y + 1), c.accent, now_text.c_str());
  }
  dl->PopClipRect();
  if (f.draw_header) header(dl, f, c);
  return moving;
}

// Sticky header: host name, address and the state each host is in at the cursor.
void DiagramPainter::header(ImDrawList* dl, const DiagramFrame& f, const DiagramColours& c) const {
  const Layout& l = *f.layout;
  dl->PushClipRect(f.pane_min, f.pane_max, true);
  const float top = f.top();
  dl->AddLine(ImVec2(f.pane_min.x, top), ImVec2(f.pane_max.x, top), c.header_rule, 1);
  const double cursor_y = f.playback ? f.playback->cursor_y() : 1e300;
  for (const TextBox& t : l.header) {
    if (t.owner >= l.lifelines.size()) continue;
    const StateMark* last = nullptr;
    const StateMark* listener = nullptr;
    for (const auto& m : l.states) {
      if (m.event >= f.shown || m.y > cursor_y) break;
      if (m.lifeline == t.owner) (m.listener ? listener : last) = &m;
    }
    if (!last) last = listener;
    TextBox shown = t;
    shown.box.y0 += f.pane_min.y - f.top() + f.scroll_y - f.y_offset;  // header band: fixed
    shown.box.y1 += f.pane_min.y - f.top() + f.scroll_y - f.y_offset;
    if (shown.lines.size() > 2) {
      shown.lines[2] = last ? "[" + std::string(state_name(last->to)) + "]" : "";
    }
    // Name in ink, address muted, state in ink; timers beyond the lanes counted in their
    // colour (the layout left a line for it where a lifeline has more than the lanes).
    TextBox name = shown, addr = shown, state = shown, count = shown;
    name.lines.resize(1);
    addr.lines = {"", shown.lines.size() > 1 ? shown.lines[1] : ""};
    state.lines = {"", "", shown.lines.size() > 2 ? shown.lines[2] : ""};
    draw_text(dl, f, name, c.ink);
    draw_text(dl, f, addr, c.muted);
    draw_text(dl, f, state, c.ink);
    if (shown.lines.size() > 3 && f.playback) {
      int running = 0;
      bool flood = false;  // a flood's bars share one lane: only the count tells how many
      for (const TimerBar& b : l.timers) {
        const bool on =
            b.lifeline == t.owner && b.armed_event < f.shown && b.y0 <= cursor_y && cursor_y < b.y1;
        running += on;
        flood |= on && b.flood;
      }
      if (running > kTimerSlots || (flood && running > 1)) {
        count.lines = {"", "", "", running_timers_label(running, l.lang)};
        draw_text(dl, f, count, c.timer);
      }
    }
  }
  dl->PopClipRect();
}

std::optional<std::size_t> DiagramPainter::pick(const DiagramFrame& f, ImVec2 mouse) const {
  const Layout& l = *f.layout;
  if (mouse.y < f.top() || mouse.x < f.pane_min.x || mouse.x > f.pane_max.x) return std::nullopt;
  const Index* found = find(l);
  if (!found) return std::nullopt;  // not painted yet
  const Index& ix = *found;
  const double y = mouse.y - f.top() + f.scroll_y - f.y_offset;
  // On a label: its arrow.
  for (std::size_t k = first_reaching(ix.text_bottom, y); k < l.texts.size(); ++k) {
    const TextBox& t = l.texts[k];
    if (t.box.y0 > y) break;
    if (t.kind != TextKind::arrow || t.event >= f.shown) continue;
    const ImVec2 p = f.at(t.box.x0, t.box.y0), q = f.at(t.box.x1, t.box.y1);
    if (mouse.x >= p.x && mouse.x <= q.x && mouse.y >= p.y && mouse.y <= q.y) return t.owner;
  }
  std::optional<std::size_t> best;
  float best_d = kPick;
  for (std::size_t i = first_reaching(ix.arrow_bottom, y - kPick); i < l.arrows.size(); ++i) {
    const Arrow& a = l.arrows[i];
    if (std::min(a.y0, a.y1) > y + kPick) break;
    if (a.send_event >= f.shown) continue;
    const float d = dist_to_segment(mouse, f.at(a.x0, a.y0), f.at(a.x1, a.y1));
    if (d < best_d) best_d = d, best = i;
  }
  return best;
}

}  // namespace synack::gui
