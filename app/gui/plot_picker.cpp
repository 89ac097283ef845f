#include "app/gui/plot_picker.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "app/gui/i18n.hpp"

namespace synack::gui {
namespace {

std::vector<std::string> labels(const Session& session, SessionPlots& plots) {
  std::vector<std::string> out;
  for (const DataSender& s : plots.senders(session, ui_strings())) {
    out.push_back(sender_label(session.run().trace, s, ui_strings(), session.lang));
  }
  return out;
}

}  // namespace

PlotLead host_picker_size(const Session& session, SessionPlots& plots) {
  const std::vector<std::string> names = labels(session, plots);
  if (names.empty()) return {};
  float widest = 0;
  for (const std::string& n : names) widest = std::max(widest, ImGui::CalcTextSize(n.c_str()).x);
  const ImGuiStyle& style = ImGui::GetStyle();
  return {widest + 2 * style.FramePadding.x + ImGui::GetFrameHeight(), ImGui::GetFrameHeight()};
}

void host_picker(const Session& session, SessionPlots& plots, ImVec2 at, float width) {
  const std::vector<DataSender>& senders = plots.senders(session, ui_strings());
  if (senders.empty()) return;
  const std::vector<std::string> names = labels(session, plots);
  const Trace& trace = session.run().trace;
  const std::string& shown = plots.shown_host(session, ui_strings());
  std::size_t current = 0;
  for (std::size_t i = 0; i < senders.size(); ++i) {
    if (trace.host_name(senders[i].host) == shown) current = i;
  }
  ImGui::SetCursorScreenPos(at);
  ImGui::SetNextItemWidth(width);
  if (ImGui::BeginCombo("##plot_host", names[current].c_str())) {
    for (std::size_t i = 0; i < senders.size(); ++i) {
      if (ImGui::Selectable(names[i].c_str(), i == current) && i != current) {
        plots.choose_host(session, trace.host_name(senders[i].host));
      }
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("plot.sender_tip"));
}

}  // namespace synack::gui
