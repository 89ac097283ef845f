// A plain sequence diagram drawn straight from the Layout: lifelines, arrows up to the
// playback cursor, crosses for lost segments, state labels. A stand-in so the shell can be
// seen and tested until the full diagram view (view_diagram.cpp) replaces it in views.cpp.

#include <imgui.h>

#include <algorithm>

#include "app/gui/i18n.hpp"
#include "app/gui/views.hpp"

namespace synack::gui {
namespace {

class DiagramSketchView : public View {
 public:
  const char* title_key() const override { return "view.diagram"; }
  bool visible(const GuiState&) const override { return true; }

  void draw(Session& session, GuiState& gui) override {
    if (!session.is_open()) return;
    const Layout& layout = session.run().layout;
    const Playback& pb = session.playback();
    const float zoom = static_cast<float>(gui.zoom);
    const bool hc = gui.high_contrast;
    const ImU32 ink = hc ? IM_COL32(255, 255, 255, 255) : ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 faint = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImU32 lost = hc ? IM_COL32(255, 230, 0, 255) : IM_COL32(235, 90, 80, 255);

    ImGui::SetNextWindowContentSize(
        ImVec2(static_cast<float>(layout.width) * zoom, static_cast<float>(layout.height) * zoom));
    ImGui::BeginChild("##diagram", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    // Follow the cursor while playing, so the arrow being sent stays on screen.
    const float cursor = static_cast<float>(pb.cursor_y()) * zoom;
    const float view_h = ImGui::GetWindowHeight();
    if (pb.playing() &&
        (cursor > ImGui::GetScrollY() + view_h * 0.8f || cursor < ImGui::GetScrollY())) {
      ImGui::SetScrollY(std::max(0.0f, cursor - view_h * 0.3f));
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin(ImGui::GetCursorScreenPos());
    auto at = [&](double x, double y) {
      return ImVec2(origin.x + static_cast<float>(x) * zoom,
                    origin.y + static_cast<float>(y) * zoom);
    };
    const float top = ImGui::GetScrollY() / zoom - 40;
    const float bottom = (ImGui::GetScrollY() + view_h) / zoom + 40;

    for (const auto& l : layout.lifelines) {
      dl->AddLine(at(l.x, 40), at(l.x, layout.height), faint, 1.0f);
      const ImVec2 name = at(l.x, 20);
      const ImVec2 size = ImGui::CalcTextSize(l.name.c_str());
      dl->AddText(ImVec2(name.x - size.x / 2, name.y), ink, l.name.c_str());
    }
    const std::size_t shown = pb.visible_events();
    for (const auto& a : layout.arrows) {
      if (a.send_event >= shown) continue;
      if (std::max(a.y0, a.y1) < top || std::min(a.y0, a.y1) > bottom) continue;  // off screen
      const double p = std::clamp(pb.arrow_progress(a), 0.0, 1.0);
      const ImVec2 p0 = at(a.x0, a.y0);
      const ImVec2 p1 = at(a.x0 + (a.x1 - a.x0) * p, a.y0 + (a.y1 - a.y0) * p);
      const ImU32 c = a.lost ? lost : ink;
      dl->AddLine(p0, p1, c, 1.5f);
      if (p >= 1.0) {
        if (a.lost) {
          const float r = 6;
          dl->AddLine(ImVec2(p1.x - r, p1.y - r), ImVec2(p1.x + r, p1.y + r), c, 2.0f);
          dl->AddLine(ImVec2(p1.x - r, p1.y + r), ImVec2(p1.x + r, p1.y - r), c, 2.0f);
        } else {
          const float dir = a.x1 >= a.x0 ? -1.0f : 1.0f;
          dl->AddTriangleFilled(p1, ImVec2(p1.x + dir * 9, p1.y - 4),
                                ImVec2(p1.x + dir * 9, p1.y + 4), c);
        }
      }
      const ImVec2 mid = at((a.x0 + a.x1) / 2, (a.y0 + a.y1) / 2);
      const ImVec2 size = ImGui::CalcTextSize(a.label.c_str());
      dl->AddText(ImVec2(mid.x - size.x / 2, mid.y - size.y - 2), c, a.label.c_str());
    }
    for (const auto& s : layout.states) {
      if (s.event >= shown || s.y < top || s.y > bottom || s.lifeline >= layout.lifelines.size()) {
        continue;
      }
      const ImVec2 p = at(layout.lifelines[s.lifeline].x, s.y);
      const std::string_view name = state_name(s.to);
      const ImVec2 size = ImGui::CalcTextSize(name.data(), name.data() + name.size());
      const ImVec2 box0(p.x - size.x / 2 - 4, p.y - size.y / 2 - 1);
      const ImVec2 box1(p.x + size.x / 2 + 4, p.y + size.y / 2 + 1);
      dl->AddRectFilled(box0, box1, ImGui::GetColorU32(ImGuiCol_WindowBg));
      dl->AddRect(box0, box1, ink);
      dl->AddText(ImVec2(box0.x + 4, box0.y + 1), ink, name.data(), name.data() + name.size());
    }
    for (const auto& g : layout.gaps) {
      const ImVec2 p = at(0, g.y + g.height / 2);
      const std::string text = "... " + std::to_string((g.to - g.from) / 1000) + " ms ...";
      dl->AddText(ImVec2(p.x + 8, p.y), faint, text.c_str());
    }
    // The "now" line.
    const ImVec2 n0 = at(0, pb.cursor_y());
    dl->AddLine(n0, ImVec2(n0.x + static_cast<float>(layout.width) * zoom, n0.y),
                ImGui::GetColorU32(ImGuiCol_PlotLines), 1.0f);
    ImGui::EndChild();
  }
};

}  // namespace

std::unique_ptr<View> make_diagram_sketch_view() {
  return std::make_unique<DiagramSketchView>();
}

}  // namespace synack::gui
