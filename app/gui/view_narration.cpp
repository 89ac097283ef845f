// The narration panel: what the scenario's author says about the step the cursor is on,
// in the current language; before the first anchored step, the scenario's summary.

#include <imgui.h>

#include "app/gui/i18n.hpp"
#include "app/gui/text.hpp"
#include "app/gui/views.hpp"
#include "app/narration.hpp"

namespace synack::gui {
namespace {

class NarrationView : public View {
 public:
  const char* title_key() const override { return "view.narration"; }

  void draw(Session& session, GuiState&) override {
    if (!session.is_open()) {
      ImGui::TextDisabled("%s", tr("narration.none"));
      return;
    }
    const Scenario& s = session.scenario();
    const Lang lang = session.lang;
    const Playback& pb = session.playback();
    const Trace& trace = session.run().trace;

    text_wrapped(s.title.in(lang));
    ImGui::Separator();

    std::optional<std::size_t> at;
    std::optional<std::size_t> event;
    if (pb.step() > 0) {
      event = pb.step_event(pb.step());
      at = narration_at(session.run().narration_anchors, *event);
    }
    if (at && *at < s.narration.size()) {
      text_wrapped(s.narration[*at].text.in(lang));
    } else {
      text_wrapped(s.summary.in(lang));
    }
    // The engine's own reason for the step, so every step says why, narrated or not.
    if (event && *event < trace.events.size()) {
      const Event& ev = trace.events[*event];
      if (ev.reason.why != Why::none) {
        ImGui::Spacing();
        ImGui::TextDisabled("%s %zu/%zu (%s)", tr("narration.step"), pb.step(), pb.step_count(),
                            trace.host_name(ev.host).c_str());
        text_wrapped(describe(ev.reason, lang));
      }
    }
  }
};

}  // namespace

std::unique_ptr<View> make_narration_view() {
  return std::make_unique<NarrationView>();
}

}  // namespace synack::gui
