// SYN queue and accept queue fill of every listener at the playback cursor, as bars with
// their numbers ("9/9"), so a full queue reads as full without relying on colour.

#include <imgui.h>

#include <string>

#include <fmt/format.h>

#include "app/gui/i18n.hpp"
#include "app/gui/views.hpp"

namespace synack::gui {
namespace {

class QueuesView : public View {
 public:
  const char* title_key() const override { return "queues.title"; }

  void draw(Session& session, GuiState&) override {
    if (!session.is_open()) return;
    const Run& run = session.run();
    const std::size_t shown = session.playback().visible_events();
    bool any = false;
    for (std::size_t h = 0; h < run.trace.hosts.size(); ++h) {
      const auto host = static_cast<std::uint16_t>(h);
      const auto f = run.index->queue_before(host, shown);
      if (!f) continue;
      any = true;
      ImGui::TextUnformatted(run.trace.host_name(host).c_str());
      bar(tr("queues.syn"), f->syn, f->syn_max, f->syn_peak);
      bar(tr("queues.accept"), f->accept, f->accept_max, f->accept_peak);
      ImGui::Spacing();
    }
    if (!any) ImGui::TextWrapped("%s", tr("queues.none"));
  }

 private:
  static void bar(const char* name, std::uint32_t n, std::uint32_t max, std::uint32_t peak) {
    const bool full = max > 0 && n >= max;
    const std::string text =
        fmt::format("{}/{}{}", n, max, full ? std::string("  ") + tr("queues.full") : "");
    ImGui::TextUnformatted(name);
    ImGui::SameLine(ImGui::GetFontSize() * 7);
    ImGui::ProgressBar(max > 0 ? static_cast<float>(n) / static_cast<float>(max) : 0.0f,
                       ImVec2(-ImGui::GetFontSize() * 5, 0), text.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s %u", tr("queues.peak"), peak);
  }
};

}  // namespace

std::unique_ptr<View> make_queues_view() {
  return std::make_unique<QueuesView>();
}

}  // namespace synack::gui
