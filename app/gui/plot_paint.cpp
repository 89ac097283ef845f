#include "app/gui/plot_paint.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "app/gui/imgui_measure.hpp"

namespace synack::gui {
namespace {

ImVec2 v(double x, double y) {
  return ImVec2(static_cast<float>(x), static_cast<float>(y));
}

// A dashed polyline: ImDrawList has no dashes, so each stretch is cut into pieces.
void dashed(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 col, float w, float dash) {
  float on = 0;
  bool draw = true;
  for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
    ImVec2 a = pts[i];
    const ImVec2 b = pts[i + 1];
    float len = std::hypot(b.x - a.x, b.y - a.y);
    while (len > 0) {
      const float step = std::min(len, dash - on);
      const float t = step / len;
      const ImVec2 c(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
      if (draw) dl->AddLine(a, c, col, w);
      a = c;
      len -= step;
      on += step;
      if (on >= dash - 1e-3f) {
        on = 0;
        draw = !draw;
      }
    }
  }
}

}  // namespace

PlotColours plot_colours(const GuiState& gui, float font_px) {
  PlotColours c{};
  const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
  const bool dark = 0.3f * bg.x + 0.59f * bg.y + 0.11f * bg.z < 0.5f;
  // Light backgrounds take the SVG's colours; dark ones brighter versions of them.
  static constexpr ImU32 kLight[kPlotInkCount] = {
      IM_COL32(31, 111, 180, 255), IM_COL32(192, 57, 43, 255),  IM_COL32(46, 139, 87, 255),
      IM_COL32(142, 68, 173, 255), IM_COL32(34, 34, 34, 255),   IM_COL32(211, 84, 0, 255),
      IM_COL32(46, 139, 87, 255),  IM_COL32(142, 68, 173, 255), IM_COL32(184, 134, 11, 255),
      IM_COL32(192, 57, 43, 255),  IM_COL32(127, 0, 0, 255),    IM_COL32(142, 68, 173, 255)};
  static constexpr ImU32 kDark[kPlotInkCount] = {
      IM_COL32(90, 170, 255, 255),  IM_COL32(255, 110, 100, 255), IM_COL32(110, 220, 140, 255),
      IM_COL32(200, 140, 255, 255), IM_COL32(230, 230, 230, 255), IM_COL32(255, 160, 60, 255),
      IM_COL32(110, 220, 140, 255), IM_COL32(200, 140, 255, 255), IM_COL32(255, 215, 0, 255),
      IM_COL32(255, 110, 100, 255), IM_COL32(255, 80, 80, 255),   IM_COL32(200, 140, 255, 255)};
  std::copy(std::begin(dark ? kDark : kLight), std::end(dark ? kDark : kLight), c.ink);
  if (gui.high_contrast) c.ink[static_cast<int>(PlotInk::data)] = IM_COL32(255, 255, 255, 255);
  c.text = ImGui::GetColorU32(ImGuiCol_Text);
  c.muted = ImGui::GetColorU32(ImGuiCol_Text, 0.7f);
  c.grid = ImGui::GetColorU32(ImGuiCol_Text, 0.12f);
  c.frame = ImGui::GetColorU32(ImGuiCol_Text, 0.45f);
  c.cursor = ImGui::GetColorU32(ImGuiCol_PlotLinesHovered);
  const bool big = gui.high_contrast || gui.presenter;
  c.line = std::round(big ? std::max(3.0f, font_px / 10) : std::max(1.5f, font_px / 12));
  return c;
}

float plot_font_px(const GuiState& gui) {
  return std::round(ImGui::GetFontSize() * (gui.presenter ? 0.7f : 1.0f));
}

PlotFrame paint_plot(ImDrawList* dl, const Plot& plot, ImVec2 min, ImVec2 max, float font_px,
                     const PlotColours& c, std::optional<double> cursor_ms, bool titled,
                     PlotLead lead) {
  ImGuiMeasure measure;
  measure.px = font_px;
  const PlotFrame f =
      frame_plot(plot, {min.x, min.y, max.x, max.y}, measure, font_px, titled, lead);
  ImFont* font = ImGui::GetFont();
  auto text = [&](const Box& b, const std::string& s, ImU32 col) {
    if (!s.empty()) dl->AddText(font, font_px, v(b.x0, b.y0), col, s.c_str());
  };
  dl->PushClipRect(min, max, true);
  if (titled) text(f.title, plot.title, c.text);
  const Box& in = f.inner;
  if (plot.empty()) {
    text({in.x0, (in.y0 + in.y1) / 2, in.x1, in.y1}, plot.empty_note, c.muted);
    dl->PopClipRect();
    return f;
  }
  for (const PlotTick& t : f.y_ticks) {
    dl->AddLine(v(in.x0, t.pos), v(in.x1, t.pos), c.grid);
    text(t.box, t.label, c.muted);
  }
  for (const PlotTick& t : f.x_ticks) {
    dl->AddLine(v(t.pos, in.y1), v(t.pos, in.y1 + f.pad), c.frame);
    text(t.box, t.label, c.muted);
  }
  dl->AddRect(v(in.x0, in.y0), v(in.x1, in.y1), c.frame);
  text(f.y_title, plot.y.title, c.text);
  text(f.x_title, plot.x.title, c.text);
  const float dash = font_px * 0.5f;
  for (const PlacedLegend& l : f.legend) {
    const ImU32 col = c.ink[static_cast<int>(l.item.ink)];
    const float y = static_cast<float>((l.swatch.y0 + l.swatch.y1) / 2);
    std::vector<ImVec2> pts{v(l.swatch.x0, y), v(l.swatch.x1, y)};
    if (ink_dashed(l.item.ink)) {
      dashed(dl, pts, col, c.line + 1, dash);
    } else {
      dl->AddLine(pts[0], pts[1], col, c.line + 1);
    }
    text(l.text, l.item.label, c.text);
  }

  dl->PushClipRect(v(in.x0, in.y0 - 1), v(in.x1 + 1, in.y1 + 1), true);
  // The cursor behind the data, so it never hides a segment sent at that instant.
  if (cursor_ms && *cursor_ms >= plot.x.lo && *cursor_ms <= plot.x.hi) {
    const float x = static_cast<float>(f.sx(*cursor_ms));
    dl->AddLine(ImVec2(x, static_cast<float>(in.y0)), ImVec2(x, static_cast<float>(in.y1)),
                c.cursor, std::max(2.0f, c.line));
  }
  // Lines, then the bars over them (as the SVG does): a segment ACKed within a pixel's time
  // stays visible over the ACK line's step.
  for (const PlotLine& l : plot.lines) {
    std::vector<ImVec2> pts;
    for (const PlotPoint& p : l.points) pts.push_back(v(f.sx(p.x), f.sy(p.y)));
    const ImU32 col = c.ink[static_cast<int>(l.ink)];
    if (ink_dashed(l.ink)) {
      dashed(dl, pts, col, c.line, dash);
    } else {
      dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, 0, c.line + 0.5f);
    }
  }
  const float sack_dx = std::round(font_px * 0.3f);
  for (const PlotBar& b : plot.bars) {
    const float x = static_cast<float>(f.sx(b.x)) + (b.ink == PlotInk::sack ? sack_dx : 0);
    const float y0 = static_cast<float>(f.sy(b.y0));
    const float y1 = std::min(static_cast<float>(f.sy(b.y1)), y0 - 1);
    const ImU32 col = c.ink[static_cast<int>(b.ink)];
    dl->AddLine(ImVec2(x, y0), ImVec2(x, y1), col, c.line);
    if (b.ink != PlotInk::sack) {  // serifs: where each of a stack of segments ends
      const float s = std::round(font_px * 0.25f);
      dl->AddLine(ImVec2(x - s, y0), ImVec2(x + s, y0), col);
      dl->AddLine(ImVec2(x - s, y1), ImVec2(x + s, y1), col);
    }
    if (b.lost) {
      const float k = font_px * 0.3f;
      const ImU32 red = c.ink[static_cast<int>(PlotInk::mark_rto)];
      dl->AddLine(ImVec2(x - k, y1 - k), ImVec2(x + k, y1 + k), red, c.line);
      dl->AddLine(ImVec2(x - k, y1 + k), ImVec2(x + k, y1 - k), red, c.line);
    }
  }
  const float tri = font_px * 0.45f;
  for (const PlotMark& m : plot.marks) {
    const float x = static_cast<float>(f.sx(m.x)), y = static_cast<float>(in.y0);
    dl->AddTriangleFilled(ImVec2(x - tri, y), ImVec2(x + tri, y), ImVec2(x, y + 1.4f * tri),
                          c.ink[static_cast<int>(m.ink)]);
  }
  dl->PopClipRect();
  dl->PopClipRect();
  return f;
}

}  // namespace synack::gui
