// SYN queue and accept queue fill of every listener at the playback cursor, as bars with
// their numbers ("9/9"), so a full queue reads as full without relying on colour.

#include <imgui.h>

#include <map>
#include <string>

#include <fmt/format.h>

#include "app/gui/i18n.hpp"
#include "app/gui/views.hpp"

namespace synack::gui {
namespace {

struct Fill {
  std::uint32_t syn = 0, syn_max = 0, accept = 0, accept_max = 0;
  std::uint32_t syn_peak = 0, accept_peak = 0;
};

class QueuesView : public View {
 public:
  const char* title_key() const override { return "queues.title"; }

  void draw(Session& session, GuiState&) override {
    if (!session.is_open()) return;
    const Trace& trace = session.run().trace;
    update(trace, session.playback().visible_events());
    if (fills_.empty()) {
      ImGui::TextWrapped("%s", tr("queues.none"));
      return;
    }
    for (const auto& [host, f] : fills_) {
      ImGui::TextUnformatted(trace.host_name(host).c_str());
      bar(tr("queues.syn"), f.syn, f.syn_max, f.syn_peak);
      bar(tr("queues.accept"), f.accept, f.accept_max, f.accept_peak);
      ImGui::Spacing();
    }
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

  // Replays queue events up to the cursor; forward moves replay only the new ones.
  void update(const Trace& trace, std::size_t shown) {
    if (trace_ == &trace && shown == shown_) return;
    if (trace_ != &trace || shown < shown_) fills_.clear(), shown_ = 0, trace_ = &trace;
    for (std::size_t i = shown_; i < std::min(shown, trace.events.size()); ++i) {
      const Event& e = trace.events[i];
      if (e.type != EventType::queue) continue;
      Fill& f = fills_[e.host];
      f.syn = e.syn_queue, f.syn_max = e.syn_queue_max;
      f.accept = e.accept_queue, f.accept_max = e.accept_queue_max;
      f.syn_peak = std::max(f.syn_peak, f.syn), f.accept_peak = std::max(f.accept_peak, f.accept);
    }
    shown_ = shown;
  }

  const Trace* trace_ = nullptr;
  std::size_t shown_ = 0;
  std::map<std::uint16_t, Fill> fills_;
};

}  // namespace

std::unique_ptr<View> make_queues_view() {
  return std::make_unique<QueuesView>();
}

}  // namespace synack::gui
