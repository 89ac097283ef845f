// The playback bar: start, step back, play/pause, step forward, end, speed, and a timeline
// to scrub. In presenter mode only a large step counter remains; the keys (and a clicker's
// PageUp/PageDown) still drive it.

#include <imgui.h>

#include <string>

#include "app/gui/i18n.hpp"
#include "app/gui/views.hpp"

namespace synack::gui {
namespace {

class PlaybackView : public View {
 public:
  const char* title_key() const override { return "view.playback"; }
  bool visible(const GuiState&) const override { return true; }

  void draw(Session& session, GuiState& gui) override {
    if (!session.is_open()) return;
    Playback& pb = session.playback();
    if (gui.presenter) {
      ImGui::SetWindowFontScale(1.5f);
      ImGui::Text("%s %zu / %zu", tr("playback.step"), pb.step(), pb.step_count());
      ImGui::SetWindowFontScale(1.0f);
      return;
    }
    auto button = [&](const char* key, const char* shortcut) {
      const bool pressed = ImGui::Button(tr(key));
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", shortcut);
      ImGui::SameLine();
      if (pressed) gui.want_redraw = true;
      return pressed;
    };
    if (button("playback.start", "Home")) pb.to_start();
    if (button("playback.back", "Left / PageUp")) pb.step_back();
    if (button(pb.playing() ? "playback.pause" : "playback.play", "Space")) pb.toggle();
    if (button("playback.forward", "Right / PageDown")) pb.step_forward();
    if (button("playback.end", "End")) pb.to_end();

    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    float speed = static_cast<float>(pb.speed());
    if (ImGui::SliderFloat("##speed", &speed, 25.0f, 3200.0f, tr("playback.speed_format"),
                           ImGuiSliderFlags_Logarithmic)) {
      pb.set_speed(speed);
    }
    ImGui::SameLine();

    // The timeline: dragging seeks step by step, so scrubbing back is as instant as stepping.
    int step = static_cast<int>(pb.step());
    const int last = static_cast<int>(pb.step_count());
    const std::string format = std::string(tr("playback.step")) + " %d / " + std::to_string(last);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderInt("##timeline", &step, 0, last, format.c_str(),
                         ImGuiSliderFlags_AlwaysClamp)) {
      pb.pause();
      pb.seek_step(static_cast<std::size_t>(step));
      gui.want_redraw = true;
    }
  }
};

}  // namespace

std::unique_ptr<View> make_playback_view() {
  return std::make_unique<PlaybackView>();
}

}  // namespace synack::gui
