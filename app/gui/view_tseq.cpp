// The time–sequence graph (T, View -> Time–sequence graph) in a window of its own over the
// panels: big enough to read a ladder of segments, movable, closed with its × or T again.

#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/front/session_plots.hpp"
#include "app/gui/i18n.hpp"
#include "app/gui/plot_paint.hpp"
#include "app/gui/plot_picker.hpp"
#include "app/gui/views.hpp"

namespace synack::gui {

void draw_tseq_window(Session& session, GuiState& gui) {
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
    SessionPlots& plots = *gui.plots;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float font_px = ImGui::GetFontSize();
    const Plot& plot = plots.tseq(session, ui_strings());
    // The window's title names the graph: the host picker takes the title's place.
    const PlotLead lead = host_picker_size(session, plots);
    const PlotFrame f = paint_plot(
        ImGui::GetWindowDrawList(), plot, p0,
        ImVec2(p0.x + std::max(avail.x, 1.0f), p0.y + std::max(avail.y, 1.0f)), font_px,
        plot_colours(gui, font_px), cursor_ms(session), /*titled=*/lead.width == 0, lead);
    if (lead.width > 0) {
      host_picker(session, plots,
                  ImVec2(static_cast<float>(f.lead.x0), static_cast<float>(f.lead.y0)),
                  static_cast<float>(f.lead.x1 - f.lead.x0));
    }
  }
  ImGui::End();
}

}  // namespace synack::gui
