// The sequence diagram: the Layout scaled, panned and clipped to the screen, with the
// playback cursor, the arrow in flight, selection, the what-if context menu and the branch
// run beside the original. Only what is on screen is drawn: every array of the layout is
// sorted by y, so the visible slice is found by binary search (the SYN flood stays smooth).

#include <GL/gl.h>
#include <imgui.h>
#include <imgui_stdlib.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "app/atomic_write.hpp"
#include "app/diagram.hpp"
#include "app/diagram_export.hpp"
#include "app/diagram_text.hpp"
#include "app/gui/i18n.hpp"
#include "app/gui/theme.hpp"
#include "app/gui/views.hpp"
#include "app/whatif.hpp"

namespace synack::gui {
namespace {

constexpr float kHeader = 52;   // sticky host names, addresses and current states
constexpr float kPick = 6;      // how close (px) a click must be to an arrow
constexpr float kCross = 6;     // half size of a lost segment's cross
constexpr int kTimerSlots = 6;  // timer bars drawn side by side; more are counted ("\u00d79")

struct Palette {
  ImU32 ink, faint, bg, header_bg, gap_bg, timer, accent, label_bg;
  float line;           // arrow thickness
  bool fill_bg = true;  // false: the window is already cleared with `bg` (see below)
};

Palette palette(const GuiState& gui) {
  Palette p{};
  const bool big = gui.high_contrast || gui.presenter;
  p.ink = ImGui::GetColorU32(ImGuiCol_Text);
  p.faint = ImGui::GetColorU32(ImGuiCol_Text, 0.18f);
  p.bg = ImGui::GetColorU32(ImGuiCol_WindowBg);
  p.header_bg = ImGui::GetColorU32(ImGuiCol_WindowBg);
  p.gap_bg = ImGui::GetColorU32(ImGuiCol_FrameBg);
  p.timer = ImGui::GetColorU32(ImGuiCol_PlotHistogram, big ? 1.0f : 0.8f);
  p.accent = ImGui::GetColorU32(ImGuiCol_PlotLinesHovered);
  p.label_bg = ImGui::GetColorU32(ImGuiCol_WindowBg, 0.85f);
  p.line = big ? 2.5f : 1.5f;
  // Under a software rasteriser (Mesa llvmpipe) one pane-sized filled rectangle costs about
  // 3 ms a frame at 1600x900, more than everything else the diagram draws. The panels draw
  // no background and the window is cleared with the background colour, so painting it
  // again changes no pixel: skip it then.
  float clear[3];
  clear_colour(clear);
  const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
  p.fill_bg = bg.x != clear[0] || bg.y != clear[1] || bg.z != clear[2];
  return p;
}

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
      to, ImVec2(to.x - ux * size - uy * size * 0.5f, to.y - uy * size + ux * size * 0.5f),
      ImVec2(to.x - ux * size + uy * size * 0.5f, to.y - uy * size - ux * size * 0.5f), col);
}

// Text with a background box, so labels stay readable where lines cross them.
void boxed_text(ImDrawList* dl, ImVec2 centre, const std::string& s, ImU32 ink, ImU32 bg,
                bool border = false) {
  const ImVec2 size = ImGui::CalcTextSize(s.c_str());
  const ImVec2 p0(centre.x - size.x / 2 - 3, centre.y - size.y / 2 - 1);
  const ImVec2 p1(centre.x + size.x / 2 + 3, centre.y + size.y / 2 + 1);
  dl->AddRectFilled(p0, p1, bg, 3);
  if (border) dl->AddRect(p0, p1, ink, 3, 0, 1.5f);
  dl->AddText(ImVec2(p0.x + 3, p0.y + 1), ink, s.c_str());
}

// Index of the first element whose running maximum of `bottom` reaches `top`: everything
// before it ends above the screen. `running` is non-decreasing, so this is a binary search.
std::size_t first_reaching(const std::vector<double>& running, double top) {
  return static_cast<std::size_t>(std::lower_bound(running.begin(), running.end(), top) -
                                  running.begin());
}

// Per-layout lookup tables, rebuilt only when the layout changes (a new run or what-if).
struct LayoutIndex {
  const Layout* layout = nullptr;
  std::size_t arrows = 0;
  std::vector<double> arrow_bottom;  // running max of max(y0, y1)
  std::vector<double> timer_bottom;  // timers sorted by y0; running max of y1
  std::vector<std::size_t> timer_order;
  std::vector<int> retx;
  std::vector<std::pair<Micros, double>> ticks;
  double ticks_zoom = 0;

  void update(const Layout& l, double zoom) {
    if (layout != &l || arrows != l.arrows.size()) {
      layout = &l;
      arrows = l.arrows.size();
      arrow_bottom.clear();
      double m = -1e300;
      for (const auto& a : l.arrows) arrow_bottom.push_back(m = std::max({m, a.y0, a.y1}));
      timer_order.resize(l.timers.size());
      for (std::size_t i = 0; i < timer_order.size(); ++i) timer_order[i] = i;
      std::stable_sort(timer_order.begin(), timer_order.end(),
                       [&](auto a, auto b) { return l.timers[a].y0 < l.timers[b].y0; });
      timer_bottom.clear();
      m = -1e300;
      for (auto i : timer_order) timer_bottom.push_back(m = std::max(m, l.timers[i].y1));
      retx = retransmit_numbers(l);
      ticks_zoom = 0;
    }
    if (ticks_zoom != zoom) {
      ticks = axis_ticks(l, 44 / zoom);
      ticks_zoom = zoom;
    }
  }
};

// One drawn run (the main one, or the what-if branch): where it is on screen and how far
// it is shown.
struct Pane {
  const Run* run = nullptr;
  LayoutIndex* index = nullptr;
  ImVec2 origin;  // screen position of layout (0, scroll_y)
  ImVec2 clip_min, clip_max;
  std::size_t shown = 0;               // events [0, shown) are drawn in full
  bool hide_future = false;            // presenter and predict mode: the future is not even faint
  const Playback* playback = nullptr;  // animates arrows (main run only)
  std::optional<std::uint32_t> selected;
};

class DiagramView : public View {
 public:
  const char* title_key() const override { return "view.diagram"; }
  bool visible(const GuiState&) const override { return true; }

  void draw(Session& session, GuiState& gui) override {
    if (!session.is_open()) {
      ImGui::TextDisabled("%s", tr("diagram.no_scenario"));
      return;
    }
    pal_ = palette(gui);
    gui_moving_ = false;
    if (!gui.presenter && !gui.diagram_only) toolbar(session, gui);
    if (branch_segment_ && !session.branch()) branch_segment_.reset();

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginChild("##diagram_canvas", avail, false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    ImGui::InvisibleButton("##diagram_input",
                           ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f)),
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (pal_.fill_bg) dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), pal_.bg);

    const Run& run = session.run();
    Playback& pb = session.playback();
    const Run* branch = session.branch();
    const float half = branch ? size.x / 2 : size.x;
    // A new run or a what-if branch: zoom out until every lifeline fits its pane.
    if (fitted_ != std::pair{&run.layout, branch}) {
      fitted_ = {&run.layout, branch};
      const double widest = std::max(run.layout.width, branch ? branch->layout.width : 0.0);
      if (widest > 0) gui.zoom = std::clamp(half / widest, 0.5, 1.0);
    }

    follow_cursor(session, gui, size.y);
    handle_input(session, gui, hovered, p0, size);

    Pane main;
    main.run = &run;
    main.index = &main_index_;
    main.shown = pb.visible_events();
    main.hide_future = gui.presenter || gui.predict_mode;
    main.playback = &pb;
    main.selected = session.selected_segment;
    place(main, gui, p0, ImVec2(half, size.y));
    draw_pane(dl, main, gui, true);
    hovered_arrow_ = hovered ? pick(main, ImGui::GetMousePos(), gui) : std::nullopt;

    if (branch) {
      Pane side;
      side.run = branch;
      side.index = &branch_index_;
      // The branch is shown up to the same virtual time as the main run's cursor.
      const Micros now = run.layout.time_of(pb.cursor_y());
      const auto& ev = branch->trace.events;
      side.shown = static_cast<std::size_t>(
          std::upper_bound(ev.begin(), ev.end(), now,
                           [](Micros t, const Event& e) { return t < e.t; }) -
          ev.begin());
      if (pb.step() >= pb.step_count()) side.shown = ev.size();
      side.hide_future = main.hide_future;
      place(side, gui, ImVec2(p0.x + half, p0.y), ImVec2(size.x - half, size.y));
      // The branch's "now" level with the main cursor: the same virtual time side by side.
      side.origin.y += static_cast<float>((pb.cursor_y() - branch->layout.y_of(now)) * gui.zoom);
      dl->AddLine(ImVec2(p0.x + half, p0.y), ImVec2(p0.x + half, p0.y + size.y), pal_.ink, 2);
      draw_pane(dl, side, gui, false);
      branch_header(session, ImVec2(p0.x + half, p0.y));
    }

    context_menu(session);
    if (!gui.export_png.empty()) png_request_ = std::exchange(gui.export_png, {});
    if (png_request_) capture_png(dl, p0, size);
    ImGui::EndChild();
    if (pb.playing() || gui_moving_) gui.want_redraw = true;
  }

 private:
  // --- layout to screen ---------------------------------------------------------------

  void place(Pane& pane, const GuiState& gui, ImVec2 pos, ImVec2 size) {
    const Layout& l = pane.run->layout;
    const float zoom = static_cast<float>(gui.zoom);
    pane.index->update(l, gui.zoom);
    // Centre narrow diagrams; wide ones pan with scroll_x_.
    const float w = static_cast<float>(l.width) * zoom;
    const float x = w < size.x ? (size.x - w) / 2 : -static_cast<float>(scroll_x_);
    pane.origin = ImVec2(pos.x + x, pos.y + kHeader - static_cast<float>(gui.scroll_y) * zoom);
    pane.clip_min = pos;
    pane.clip_max = ImVec2(pos.x + size.x, pos.y + size.y);
  }

  static ImVec2 at(const Pane& p, const GuiState& gui, double x, double y) {
    const float z = static_cast<float>(gui.zoom);
    return ImVec2(p.origin.x + static_cast<float>(x) * z, p.origin.y + static_cast<float>(y) * z);
  }

  // --- drawing --------------------------------------------------------------------------

  void draw_pane(ImDrawList* dl, const Pane& p, const GuiState& gui, bool main_run) {
    const Layout& l = p.run->layout;
    const float z = static_cast<float>(gui.zoom);
    const double top = (p.clip_min.y + kHeader - p.origin.y) / z - 30;
    const double bottom = (p.clip_max.y - p.origin.y) / z + 30;
    const bool labels = z >= 0.45f;  // below that, labels would only be a grey smear
    auto shown = [&](std::size_t ev) { return ev < p.shown; };
    auto visible_future = [&](std::size_t ev) { return !p.hide_future || shown(ev); };

    dl->PushClipRect(ImVec2(p.clip_min.x, p.clip_min.y + kHeader), p.clip_max, true);

    // Compressed gaps: a band across the pane with the true length of the quiet stretch.
    for (const auto& g : l.gaps) {
      if (g.y + g.height < top) continue;
      if (g.y > bottom) break;
      const ImVec2 a = at(p, gui, 0, g.y);
      const ImVec2 b = at(p, gui, l.width, g.y + g.height);
      dl->AddRectFilled(ImVec2(p.clip_min.x, a.y), ImVec2(p.clip_max.x, b.y), pal_.gap_bg);
      const std::string s = gap_label(g.to - g.from);
      const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
      dl->AddText(ImVec2((p.clip_min.x + p.clip_max.x - ts.x) / 2, (a.y + b.y - ts.y) / 2),
                  pal_.ink, s.c_str());
    }

    // Time axis in true virtual time, at the pane's left edge.
    {
      const float ax = p.clip_min.x + 8 + ImGui::CalcTextSize("000.000 ms").x;
      dl->AddLine(ImVec2(ax, p.clip_min.y + kHeader), ImVec2(ax, p.clip_max.y), pal_.faint, 1);
      const auto& ticks = p.index->ticks;
      auto it = std::lower_bound(ticks.begin(), ticks.end(), top,
                                 [](const auto& k, double y) { return k.second < y; });
      for (; it != ticks.end() && it->second <= bottom; ++it) {
        const float y = at(p, gui, 0, it->second).y;
        dl->AddLine(ImVec2(ax - 4, y), ImVec2(ax, y), pal_.ink, 1);
        const std::string s = axis_label(it->first);
        const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
        dl->AddText(ImVec2(ax - 6 - ts.x, y - ts.y / 2), pal_.ink, s.c_str());
      }
    }

    // Lifelines, broken at every compressed gap (a gap must never look like real time).
    for (const auto& lf : l.lifelines) {
      double y = std::max(top, 0.0);
      auto seg = [&](double y0, double y1) {
        if (y1 > y0) dl->AddLine(at(p, gui, lf.x, y0), at(p, gui, lf.x, y1), pal_.ink, 1.0f);
      };
      for (const auto& g : l.gaps) {
        if (g.y + g.height < top) continue;
        if (g.y > bottom) break;
        seg(y, g.y);
        const ImVec2 a = at(p, gui, lf.x, g.y), b = at(p, gui, lf.x, g.y + g.height);
        dl->AddLine(ImVec2(a.x - 6, a.y + 2), ImVec2(a.x + 6, a.y - 4), pal_.ink, 1.5f);
        dl->AddLine(ImVec2(b.x - 6, b.y + 4), ImVec2(b.x + 6, b.y - 2), pal_.ink, 1.5f);
        y = g.y + g.height;
      }
      seg(y, std::min(bottom, l.height));
    }

    // Timer bars beside the lifeline, one slot per overlapping timer. Dashed outline: the
    // timer was cancelled; a cross at the end: it fired.
    if (labels || z >= 0.2f) {
      const auto& order = p.index->timer_order;
      // Bars go on the outer side of the leftmost lifeline, away from the arrows' labels.
      auto on_left = [&](std::size_t lifeline) { return lifeline == 0 && l.lifelines.size() > 1; };
      auto slot_x = [&](std::size_t lifeline, int slot) {
        return l.lifelines[lifeline].x + (on_left(lifeline) ? -14 - slot * 12 : 8 + slot * 12);
      };
      // Timers running at the cursor, per lifeline: beyond kTimerSlots they get no bar of
      // their own (a flood arms hundreds), so the count is written beside the last one.
      const double cursor = p.playback ? p.playback->cursor_y() : -1e300;
      running_.assign(l.lifelines.size(), 0);
      for (std::size_t k = first_reaching(p.index->timer_bottom, top); k < order.size(); ++k) {
        const TimerBar& b = l.timers[order[k]];
        if (b.y0 > bottom) break;
        if (b.lifeline >= l.lifelines.size() || !shown(b.armed_event)) continue;
        if (b.y0 <= cursor && cursor < b.y1) ++running_[b.lifeline];
        if (b.slot >= kTimerSlots) continue;
        const bool left = on_left(b.lifeline);
        const double x = slot_x(b.lifeline, b.slot);
        const double y1 =
            std::min(b.y1, p.playback ? std::max(p.playback->cursor_y(), b.y0) : b.y1);
        const ImVec2 a = at(p, gui, x, b.y0), c = at(p, gui, x + 6, y1);
        dl->AddRectFilled(a, ImVec2(c.x, std::max(c.y, a.y + 2)), pal_.timer);
        if (b.fired && y1 >= b.y1) {
          dl->AddLine(ImVec2(a.x - 2, c.y - 4), ImVec2(c.x + 2, c.y + 4), pal_.ink, 1.5f);
          dl->AddLine(ImVec2(a.x - 2, c.y + 4), ImVec2(c.x + 2, c.y - 4), pal_.ink, 1.5f);
        }
        if (labels && b.slot <= 2) {
          const std::string name(timer_short_name(b.kind));
          const float tw = ImGui::CalcTextSize(name.c_str()).x;
          dl->AddText(ImVec2(left ? a.x - tw - 3 : c.x + 3, a.y), pal_.timer, name.c_str());
        }
      }
      for (std::size_t h = 0; h < running_.size(); ++h) {
        if (running_[h] <= kTimerSlots) continue;
        const std::string n = "\u00d7" + std::to_string(running_[h]);
        const ImVec2 ts = ImGui::CalcTextSize(n.c_str());
        const ImVec2 c = at(p, gui, slot_x(h, kTimerSlots), cursor);
        const ImVec2 pos(on_left(h) ? c.x + 6 - ts.x : c.x, c.y - ts.y - 2);
        boxed_text(dl, ImVec2(pos.x + ts.x / 2, pos.y + ts.y / 2), n, pal_.timer, pal_.label_bg);
      }
    }

    // Arrows: only those whose vertical extent meets the screen.
    const auto& arrows = l.arrows;
    const auto& retx = p.index->retx;
    for (std::size_t i = first_reaching(p.index->arrow_bottom, top); i < arrows.size(); ++i) {
      const Arrow& a = arrows[i];
      if (std::min(a.y0, a.y1) > bottom) break;
      const bool now = shown(a.send_event);
      if (!visible_future(a.send_event)) continue;
      const bool selected = p.selected && *p.selected == a.segment;
      const bool hover = main_run && hovered_arrow_ && *hovered_arrow_ == i;
      const ImU32 col = now ? (selected ? pal_.accent : pal_.ink) : pal_.faint;
      const float th = pal_.line * (selected || hover ? 2.0f : 1.0f);
      double prog = 1.0;
      if (now && p.playback) prog = std::clamp(p.playback->arrow_progress(a), 0.0, 1.0);
      const ImVec2 s = at(p, gui, a.x0, a.y0);
      const ImVec2 e_full = at(p, gui, a.x1, a.y1);
      const ImVec2 e(s.x + (e_full.x - s.x) * static_cast<float>(prog),
                     s.y + (e_full.y - s.y) * static_cast<float>(prog));
      if (a.lost || a.to_nobody) {
        dashed_line(dl, s, e, col, th);
      } else {
        dl->AddLine(s, e, col, th);
      }
      if (prog >= 1.0) {
        if (a.lost || a.to_nobody) {
          dl->AddLine(ImVec2(e.x - kCross, e.y - kCross), ImVec2(e.x + kCross, e.y + kCross), col,
                      2.5f);
          dl->AddLine(ImVec2(e.x - kCross, e.y + kCross), ImVec2(e.x + kCross, e.y - kCross), col,
                      2.5f);
        } else {
          arrow_head(dl, s, e, col, 7 + th);
        }
      } else if (now) {
        dl->AddCircleFilled(e, 4 + th, pal_.accent);  // the segment on its way
        gui_moving_ = true;
      }
      // The link from a retransmission back to its first transmission: a thin dashed curve
      // bulging outward past the sender's lifeline, plus "retx #n" in the label.
      if (now && a.retransmit_of < arrows.size() && labels) {
        const Arrow& o = arrows[a.retransmit_of];
        const float side = a.x1 >= a.x0 ? -1.0f : 1.0f;
        const ImVec2 o0 = at(p, gui, o.x0, o.y0);
        const float bx = s.x + side * 36 * z;
        ImVec2 prev = o0;
        for (int k = 1; k <= 16; ++k) {
          const float t = static_cast<float>(k) / 16, u = 1 - t;
          const ImVec2 q(
              u * u * u * o0.x + 3 * u * u * t * bx + 3 * u * t * t * bx + t * t * t * s.x,
              u * u * u * o0.y + 3 * u * u * t * o0.y + 3 * u * t * t * s.y + t * t * t * s.y);
          if (k % 2 == 1) dl->AddLine(prev, q, pal_.ink, 1.0f);
          prev = q;
        }
      }
      if (labels && (now || !p.hide_future) && (now || hover)) {
        std::string text = a.label;
        if (i < retx.size() && retx[i] > 0) text += "  " + retransmit_label(retx[i]);
        if (a.lost) text += "  \u00d7 " + std::string(tr("diagram.lost"));
        const ImVec2 mid((s.x + e_full.x) / 2, (s.y + e_full.y) / 2 - ImGui::GetFontSize() * 0.9f);
        boxed_text(dl, mid, text, now ? pal_.ink : pal_.faint, pal_.label_bg, selected);
      }
    }

    // States written on the lifeline where they change.
    if (labels) {
      auto it = std::lower_bound(l.states.begin(), l.states.end(), top,
                                 [](const StateMark& m, double y) { return m.y < y; });
      for (; it != l.states.end() && it->y <= bottom; ++it) {
        if (it->lifeline >= l.lifelines.size() || !visible_future(it->event)) continue;
        const ImVec2 c = at(p, gui, l.lifelines[it->lifeline].x, it->y);
        std::string name(state_name(it->to));
        if (it->listener) name = "(" + name + ")";
        boxed_text(dl, c, name, shown(it->event) ? pal_.ink : pal_.faint, pal_.bg, true);
      }
    }

    // The "now" line of the playback cursor.
    if (p.playback) {
      const float y = at(p, gui, 0, p.playback->cursor_y()).y;
      dashed_line(dl, ImVec2(p.clip_min.x, y), ImVec2(p.clip_max.x, y), pal_.accent, 1.0f, 4, 4);
      const std::string t = "t = " + format_time(l.time_of(p.playback->cursor_y()));
      dl->AddText(ImVec2(p.clip_max.x - ImGui::CalcTextSize(t.c_str()).x - 6, y + 2), pal_.accent,
                  t.c_str());
    }
    dl->PopClipRect();

    // Sticky header: host name, address and the state each host is in at the cursor.
    dl->PushClipRect(p.clip_min, p.clip_max, true);
    if (pal_.fill_bg)
      dl->AddRectFilled(p.clip_min, ImVec2(p.clip_max.x, p.clip_min.y + kHeader), pal_.header_bg);
    dl->AddLine(ImVec2(p.clip_min.x, p.clip_min.y + kHeader),
                ImVec2(p.clip_max.x, p.clip_min.y + kHeader), pal_.faint, 1);
    const double cursor_y = p.playback ? p.playback->cursor_y() : 1e300;
    for (std::size_t h = 0; h < l.lifelines.size(); ++h) {
      const Lifeline& lf = l.lifelines[h];
      const float x = at(p, gui, lf.x, 0).x;
      auto centred = [&](const std::string& s, float y, ImU32 c) {
        dl->AddText(ImVec2(x - ImGui::CalcTextSize(s.c_str()).x / 2, p.clip_min.y + y), c,
                    s.c_str());
      };
      centred(lf.name, 2, pal_.ink);
      centred(lf.addr, 2 + ImGui::GetFontSize(), ImGui::GetColorU32(ImGuiCol_TextDisabled));
      const StateMark* last = nullptr;
      const StateMark* listener = nullptr;
      for (const auto& m : l.states) {
        if (m.y > cursor_y || !shown(m.event)) break;
        if (m.lifeline == h) (m.listener ? listener : last) = &m;
      }
      if (!last) last = listener;
      if (last)
        centred("[" + std::string(state_name(last->to)) + "]", 2 + 2 * ImGui::GetFontSize(),
                pal_.ink);
    }
    dl->PopClipRect();
  }

  std::optional<std::size_t> pick(const Pane& p, ImVec2 mouse, const GuiState& gui) const {
    if (mouse.y < p.clip_min.y + kHeader || mouse.x < p.clip_min.x || mouse.x > p.clip_max.x)
      return std::nullopt;
    const Layout& l = p.run->layout;
    const float z = static_cast<float>(gui.zoom);
    const double y = (mouse.y - p.origin.y) / z;
    std::optional<std::size_t> best;
    float best_d = kPick;
    for (std::size_t i = first_reaching(p.index->arrow_bottom, y - kPick / z); i < l.arrows.size();
         ++i) {
      const Arrow& a = l.arrows[i];
      if (std::min(a.y0, a.y1) > y + kPick / z) break;
      if (a.send_event >= p.shown) continue;
      const float d = dist_to_segment(mouse, at(p, gui, a.x0, a.y0), at(p, gui, a.x1, a.y1));
      if (d < best_d) best_d = d, best = i;
    }
    return best;
  }

  // --- interaction ----------------------------------------------------------------------

  void handle_input(Session& session, GuiState& gui, bool hovered, ImVec2 p0, ImVec2 size) {
    ImGuiIO& io = ImGui::GetIO();
    const Layout& l = session.run().layout;
    if (hovered && io.MouseWheel != 0) {
      if (io.KeyCtrl) {
        // Zoom around the mouse: the layout point under it stays under it.
        const double old_z = gui.zoom;
        const double new_z = std::clamp(old_z * std::pow(1.15, io.MouseWheel), 0.1, 8.0);
        const double my = io.MousePos.y - p0.y - kHeader;
        const double ly = gui.scroll_y + my / old_z;
        gui.zoom = new_z;
        gui.scroll_y = ly - my / new_z;
      } else {
        gui.scroll_y -= io.MouseWheel * 60 / gui.zoom;
        scroll_x_ -= io.MouseWheelH * 60;
      }
    }
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3)) {
      gui.scroll_y -= io.MouseDelta.y / gui.zoom;
      scroll_x_ -= io.MouseDelta.x;
      dragged_ = true;
    }
    if (ImGui::IsItemDeactivated()) {
      if (!dragged_ && hovered_arrow_) session.selected_segment = l.arrows[*hovered_arrow_].segment;
      dragged_ = false;
    }
    if (hovered && hovered_arrow_ && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
      menu_arrow_ = *hovered_arrow_;
      ImGui::OpenPopup("##arrow_menu");
    }
    if (hovered && hovered_arrow_ && !ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
      const Arrow& a = l.arrows[*hovered_arrow_];
      const Event& ev = session.run().trace.events[a.send_event];
      ImGui::BeginTooltip();
      ImGui::TextUnformatted(a.label.c_str());
      ImGui::TextUnformatted(describe(ev.reason, session.lang).c_str());
      if (a.end_event < session.run().trace.events.size())
        ImGui::TextUnformatted(
            describe(session.run().trace.events[a.end_event].reason, session.lang).c_str());
      ImGui::TextDisabled("%s", tr("diagram.hint_click"));
      ImGui::EndTooltip();
    }
    const double max_scroll = std::max(0.0, l.height - (size.y - kHeader) / gui.zoom + 40);
    gui.scroll_y = std::clamp(gui.scroll_y, 0.0, max_scroll);
    const double max_x = std::max(0.0, l.width * gui.zoom * (session.branch() ? 2 : 1) - size.x);
    scroll_x_ = std::clamp(scroll_x_, 0.0, max_x);
  }

  // While playing (or right after a step), keep the cursor on screen.
  void follow_cursor(Session& session, GuiState& gui, float height) {
    const Playback& pb = session.playback();
    if (pb.step() == followed_step_ && !pb.playing()) return;
    followed_step_ = pb.step();
    const double view = (height - kHeader) / gui.zoom;
    const double y = pb.cursor_y();
    if (y > gui.scroll_y + view * 0.85 || y < gui.scroll_y)
      gui.scroll_y = std::max(0.0, y - view * 0.4);
  }

  void context_menu(Session& session) {
    if (!ImGui::BeginPopup("##arrow_menu")) return;
    const Run& run = session.run();
    if (menu_arrow_ < run.layout.arrows.size()) {
      const Arrow& a = run.layout.arrows[menu_arrow_];
      ImGui::TextDisabled("%s", a.label.c_str());
      ImGui::Separator();
      if (ImGui::MenuItem(tr("diagram.inspect"))) session.selected_segment = a.segment;
      const bool can = drop_rule_for(run.trace, a.segment).has_value();
      if (ImGui::MenuItem(tr("diagram.drop_segment"), nullptr, false, can)) {
        if (session.what_if_drop(a.segment)) branch_segment_ = a.segment;
      }
      if (!can) ImGui::TextDisabled("%s", tr("diagram.cannot_drop"));
    }
    ImGui::EndPopup();
  }

  void branch_header(Session& session, ImVec2 pos) {
    ImGui::SetCursorScreenPos(ImVec2(pos.x + 6, pos.y + kHeader + 4));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetColorU32(ImGuiCol_PopupBg));
    const auto& rule = session.branch_rule();
    ImGui::TextUnformatted(
        fmt::format("{} {}", tr("diagram.whatif_title"), rule ? drop_rule_text(*rule) : "")
            .c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("diagram.whatif_close"))) {
      session.clear_branch();
      branch_segment_.reset();
    }
    ImGui::PopStyleColor();
  }

  // --- export ---------------------------------------------------------------------------

  void toolbar(Session& session, GuiState& gui) {
    if (ImGui::Button(tr("export.menu"))) ImGui::OpenPopup("##export");
    ImGui::SameLine();
    if (ImGui::Button("-")) gui.zoom = std::max(0.1, gui.zoom / 1.25);
    ImGui::SameLine();
    if (ImGui::Button(fmt::format("{:.0f}%###zoom", gui.zoom * 100).c_str())) gui.zoom = 1;
    ImGui::SameLine();
    if (ImGui::Button("+")) gui.zoom = std::min(8.0, gui.zoom * 1.25);
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("diagram.hint_zoom"));
    if (!export_status_.empty()) {
      ImGui::SameLine();
      ImGui::TextUnformatted(export_status_.c_str());
    }
    if (ImGui::BeginPopup("##export")) {
      export_menu(session);
      ImGui::EndPopup();
    }
  }

  static std::string default_path(const Session& session, const char* ext) {
    const char* home = std::getenv("HOME");
    std::filesystem::path dir = home && *home ? home : ".";
    return (dir / fmt::format("synack-{}.{}", session.scenario().spec.id, ext)).string();
  }

  void export_menu(Session& session) {
    if (export_for_ != session.scenario().spec.id) {
      export_for_ = session.scenario().spec.id;
      svg_path_ = default_path(session, "svg");
      png_path_ = default_path(session, "png");
      mmd_path_ = default_path(session, "mmd");
    }
    ImGui::TextUnformatted(tr("export.title"));
    ImGui::Separator();
    ImGui::SetNextItemWidth(360);
    ImGui::InputText("##svg", &svg_path_);
    ImGui::SameLine();
    if (ImGui::Button(tr("export.svg"))) write(svg_path_, export_session_svg(session));
    ImGui::SetNextItemWidth(360);
    ImGui::InputText("##png", &png_path_);
    ImGui::SameLine();
    if (ImGui::Button(tr("export.png"))) {
      png_request_ = png_path_;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SetNextItemWidth(360);
    ImGui::InputText("##mmd", &mmd_path_);
    ImGui::SameLine();
    if (ImGui::Button(tr("export.mermaid"))) write(mmd_path_, export_session_mermaid(session));
  }

  void write(const std::string& path, const std::string& content) {
    try {
      write_file_atomically(path, content);
      export_status_ = fmt::format("{} {}", tr("export.written"), path);
    } catch (const std::exception& e) {
      export_status_ = fmt::format("{} {}", tr("export.failed"), e.what());
    }
  }

  // PNG: the diagram's pixels are read back while ImGui renders this window's draw list,
  // through a draw callback placed after everything the diagram drew.
  struct PngJob {
    DiagramView* self;
    std::string path;
    int x, y, w, h;
  };

  void capture_png(ImDrawList* dl, ImVec2 p0, ImVec2 size) {
    const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    const float fb_h = ImGui::GetIO().DisplaySize.y * scale.y;
    png_job_ = PngJob{this,
                      *png_request_,
                      static_cast<int>(p0.x * scale.x),
                      static_cast<int>(fb_h - (p0.y + size.y) * scale.y),
                      static_cast<int>(size.x * scale.x),
                      static_cast<int>(size.y * scale.y)};
    png_request_.reset();
    dl->AddCallback(
        [](const ImDrawList*, const ImDrawCmd* cmd) {
          auto* job = static_cast<PngJob*>(cmd->UserCallbackData);
          job->self->read_png(*job);
        },
        &png_job_);
    dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
  }

  void read_png(const PngJob& job) {
    if (job.w <= 0 || job.h <= 0) return;
    std::vector<unsigned char> px(static_cast<std::size_t>(job.w) *
                                  static_cast<std::size_t>(job.h) * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(job.x, job.y, job.w, job.h, GL_RGB, GL_UNSIGNED_BYTE, px.data());
    // GL rows go bottom-up; PNG rows top-down.
    const auto stride = static_cast<std::size_t>(job.w) * 3;
    std::vector<unsigned char> flipped(px.size());
    for (std::size_t r = 0; r < static_cast<std::size_t>(job.h); ++r)
      std::copy_n(px.data() + (static_cast<std::size_t>(job.h) - 1 - r) * stride, stride,
                  flipped.data() + r * stride);
    const bool ok = stbi_write_png(job.path.c_str(), job.w, job.h, 3, flipped.data(),
                                   static_cast<int>(stride)) != 0;
    export_status_ =
        fmt::format("{} {}", ok ? tr("export.written") : tr("export.failed"), job.path);
  }

  Palette pal_{};
  std::vector<int> running_;  // timers running at the cursor, per lifeline (reused)
  LayoutIndex main_index_, branch_index_;
  double scroll_x_ = 0;
  bool dragged_ = false;
  bool gui_moving_ = false;
  std::optional<std::size_t> hovered_arrow_;
  std::size_t menu_arrow_ = 0;
  std::size_t followed_step_ = static_cast<std::size_t>(-1);
  std::optional<std::uint32_t> branch_segment_;
  std::string export_for_, svg_path_, png_path_, mmd_path_, export_status_;
  std::optional<std::string> png_request_;
  std::pair<const Layout*, const Run*> fitted_{};
  PngJob png_job_{};
};

}  // namespace

std::unique_ptr<View> make_diagram_view() {
  return std::make_unique<DiagramView>();
}

}  // namespace synack::gui
