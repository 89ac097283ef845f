// The time–sequence graph (T, View -> Time–sequence graph) in a window of its own over the
// panels: big enough to read a ladder of segments, movable, closed with its × or T again.

#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/front/session_plots.hpp"
#include "app/gui/i18n.hpp"
#include "app/gui/plot_paint.hpp"
#include "app/gui/views.hpp"

namespace synack::gui {

void draw_tseq_window(Session& session, GuiState& gui) {
  static SessionPlots plots;  // one window, one cache: rebuilt when the run changes
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  // Most of the work area, so the plot is readable at 1024×600 too; placed once.
  const ImVec2 size(std::max(vp->WorkSize.x * 0.72f, std::min(vp->WorkSize.x, 480.0f)),
                    std::max(vp->WorkSize.y * 0.66f, std::min(vp->WorkSize.y, 300.0f)));
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + (vp->WorkSize.x - size.x) / 2,
                                 vp->WorkPos.y + (vp->WorkSize.y - size.y) / 2),
                          ImGuiCond_Appearing);
  ImGui::SetNextWindowSize(size, ImGuiCond_Appearing);
  ImGui::SetNextWindowBgAlpha(1.0f);  // over the diagram: its arrows must not show through
  const std::string title = std::string(tr("plot.menu_tseq")) + "###tseq";
  if (ImGui::Begin(title.c_str(), &gui.tseq_window,
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                       ImGuiWindowFlags_NoScrollbar)) {
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float font_px = ImGui::GetFontSize();
    const Plot& plot = plots.tseq(session, ui_strings());
    paint_plot(ImGui::GetWindowDrawList(), plot, p0,
               ImVec2(p0.x + std::max(avail.x, 1.0f), p0.y + std::max(avail.y, 1.0f)), font_px,
               plot_colours(gui, font_px), cursor_ms(session));
  }
  ImGui::End();
}

}  // namespace synack::gui
