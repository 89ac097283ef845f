// The narration panel: what the scenario's author says about the step the cursor is on,
// in the current language; before the first anchored step, the scenario's summary.

#include <imgui.h>

#include "app/gui/i18n.hpp"
#include "app/gui/text.hpp"
#include "app/gui/views.hpp"
#include "app/run/caption.hpp"

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

    // The same paragraph as the presenter's caption (to the end of the trace at the end).
    text_wrapped(
        caption_paragraph(s, session.run().narration_anchors, pb.visible_events()).in(lang));
    // The engine's own reason for the step, so every step says why, narrated or not.
    const std::size_t event = pb.step() > 0 ? pb.step_event(pb.step()) : trace.events.size();
    if (event < trace.events.size()) {
      const Event& ev = trace.events[event];
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
