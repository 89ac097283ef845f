// The playback bar: start, back, play/pause, forward (by beats; Shift: by steps), end,
// speed, and a timeline to scrub step by step. In presenter mode only the position
// ("Beat 4 / 11 · step 14 / 33") remains; the keys (and a clicker's PageUp/PageDown) still
// drive it.

#include <fmt/format.h>
#include <imgui.h>

#include <string>
#include <string_view>

#include "app/gui/i18n.hpp"
#include "app/gui/views.hpp"

namespace synack::gui {
namespace {

// "Beat 4 / 11 · step 14 / 33", in the UI language.
std::string position(const Playback& pb) {
  return fmt::format(fmt::runtime(tr("beats.position")), fmt::arg("beat", pb.beat()),
                     fmt::arg("beats", pb.beat_count()), fmt::arg("step", pb.step()),
                     fmt::arg("steps", pb.step_count()));
}

// "3/10 · 14/33": the same in numbers only, for a narrow bar.
std::string position_numbers(const Playback& pb) {
  return fmt::format("{}/{} \u00b7 {}/{}", pb.beat(), pb.beat_count(), pb.step(), pb.step_count());
}

class PlaybackView : public View {
 public:
  const char* title_key() const override { return "view.playback"; }
  bool visible(const GuiState&) const override { return true; }

  void draw(Session& session, GuiState& gui) override {
    if (!session.is_open()) return;
    Playback& pb = session.playback();
    if (gui.presenter) {
      // For the presenter, not the room: quieter than the caption above it.
      ImGui::AlignTextToFramePadding();
      ImGui::TextDisabled("%s", position(pb).c_str());
      return;
    }
    // A narrow bar (small window, big text) gets short button labels, a narrower speed
    // slider and a position in numbers only; tooltips keep the full words.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float em = ImGui::GetFontSize();
    const char* play_key = pb.playing() ? "playback.pause" : "playback.play";
    const Button buttons[] = {{"playback.start", "|<", "Home"},
                              {"playback.back", "<", tr("beats.back_tip")},
                              {play_key, tr(play_key), "Space"},
                              {"playback.forward", ">", tr("beats.forward_tip")},
                              {"playback.end", ">|", "End"}};
    auto row_width = [&](bool compact, float speed_w, const std::string& label) {
      float w = speed_w + ImGui::CalcTextSize(label.c_str()).x + style.FramePadding.x * 4 +
                style.ItemSpacing.x * 6;
      for (const Button& b : buttons) {
        w += ImGui::CalcTextSize(compact ? b.compact : tr(b.key)).x + style.FramePadding.x * 2;
      }
      return w;
    };
    const float avail = ImGui::GetContentRegionAvail().x;
    const std::string full = position(pb);
    const bool compact = row_width(false, em * 9, full) > avail;
    const float speed_w = compact ? em * 5 : em * 9;
    const std::string label =
        !compact || row_width(true, speed_w, full) <= avail ? full : position_numbers(pb);

    const bool fine = ImGui::GetIO().KeyShift;  // Shift+click: one step, as Shift+arrow
    for (const Button& b : buttons) {
      const bool pressed =
          ImGui::Button(fmt::format("{}##{}", compact ? b.compact : tr(b.key), b.key).c_str());
      if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip(
            "%s", compact ? fmt::format("{}: {}", tr(b.key), b.shortcut).c_str() : b.shortcut);
      }
      ImGui::SameLine();
      if (!pressed) continue;
      gui.want_redraw = true;
      const std::string_view key = b.key;
      if (key == "playback.start") pb.to_start();
      if (key == "playback.back") fine ? pb.step_back() : pb.step_back_beat();
      if (key == play_key) pb.toggle();
      if (key == "playback.forward") fine ? pb.step_forward() : pb.step_forward_beat();
      if (key == "playback.end") pb.to_end();
    }

    ImGui::SetNextItemWidth(speed_w);
    float speed = static_cast<float>(pb.speed());
    if (ImGui::SliderFloat("##speed", &speed, 25.0f, 3200.0f,
                           compact ? "%.0f" : tr("playback.speed_format"),
                           ImGuiSliderFlags_Logarithmic)) {
      pb.set_speed(speed);
    }
    ImGui::SameLine();

    // The timeline: dragging seeks step by step, so scrubbing back is as instant as stepping.
    // Its label is the position in beats and steps (no printf conversion: '%' doubled).
    int step = static_cast<int>(pb.step());
    const int last = static_cast<int>(pb.step_count());
    std::string format;
    for (char c : label) format += c == '%' ? std::string("%%") : std::string(1, c);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderInt("##timeline", &step, 0, last, format.c_str(),
                         ImGuiSliderFlags_AlwaysClamp)) {
      pb.pause();
      pb.seek_step(static_cast<std::size_t>(step));
      gui.want_redraw = true;
    }
    if (label != full && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", full.c_str());
  }

 private:
  struct Button {
    const char* key;       // its label's key
    const char* compact;   // its label in a narrow bar
    const char* shortcut;  // tooltip
  };
};

}  // namespace

std::unique_ptr<View> make_playback_view() {
  return std::make_unique<PlaybackView>();
}

}  // namespace synack::gui
