// The conversation list of an opened capture, in the scenario browser's place: the file, a
// line of totals, the error of a file that broke part-way, then one row per TCP conversation
// (endpoints; packets, end states and how many packets the engine disagrees with). Clicking a
// row (or Ctrl+↓/↑) opens that conversation; CaptureList (app/front) does the work.

#include <fmt/format.h>
#include <imgui.h>

#include <optional>
#include <string>

#include "app/front/capture_desk.hpp"
#include "app/gui/i18n.hpp"
#include "app/gui/text.hpp"
#include "app/gui/theme.hpp"
#include "app/gui/views.hpp"

namespace synack::gui {
namespace {

class CaptureListView : public View {
 public:
  const char* title_key() const override { return "capture.title"; }
  bool visible(const GuiState& gui) const override {
    return !gui.presenter && gui.capture && gui.capture->list();
  }

  void draw(Session& session, GuiState& gui) override {
    CaptureDesk& desk = *gui.capture;
    const CaptureList& list = *desk.list();
    const Lang lang = session.lang;
    const ImVec4 red = disagreement_colour();

    text_wrapped(list.file_name());
    ImGui::TextDisabled(
        "%s", fmt::format("{} {} \u00b7 {} {}", list.rows().size(), tr("capture.conversations"),
                          list.capture().stats.tcp, tr("capture.packets"))
                  .c_str());
    if (const std::uint32_t d = list.disagreements(); d > 0) {
      ImGui::PushStyleColor(ImGuiCol_Text, red);
      text_wrapped(fmt::format("\u2260 {} {}", d, tr("capture.disagreements")));
      ImGui::PopStyleColor();
    }
    if (auto broken = list.broken(lang)) {
      ImGui::PushStyleColor(ImGuiCol_Text, red);
      text_wrapped(*broken);
      ImGui::PopStyleColor();
    }
    if (ImGui::SmallButton(tr("capture.close"))) {
      desk.close();
      return;
    }
    ImGui::Separator();

    ImGui::BeginChild("##conversations");
    const auto picked = list.selected();
    const bool moved = picked != shown_;
    shown_ = picked;
    for (const ConversationRow& r : list.rows()) {
      ImGui::PushID(static_cast<int>(r.stream));
      // Two lines, each endpoint on its own, so a narrow list still shows both whole.
      const float width = ImGui::GetContentRegionAvail().x;
      const std::string a = fmt::format("#{}  {}", r.stream, r.a);
      const std::string b = "\u2194 " + r.b;
      const bool selected = picked == r.stream;
      const std::string label =
          ellipsized(a, width) + "\n    " + ellipsized(b, width - ImGui::CalcTextSize("    ").x);
      if (ImGui::Selectable(label.c_str(), selected)) {
        if (desk.pick(r.stream, session)) opened(gui);
      }
      if (selected && moved) ImGui::SetScrollHereY();
      ImGui::Indent();
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      text_wrapped(fmt::format("{} {} \u00b7 {} / {}", r.packets, tr("capture.packets"),
                               state_name(r.end_a), state_name(r.end_b)));
      ImGui::PopStyleColor();
      if (r.disagreements > 0) {
        ImGui::TextColored(red, "%s", fmt::format("\u2260 {}", r.disagreements).c_str());
      }
      ImGui::Unindent();
      ImGui::PopID();
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    text_wrapped(tr("capture.keys"));
    ImGui::PopStyleColor();
    ImGui::EndChild();
  }

 private:
  static void opened(GuiState& gui) {
    gui.scroll_y = 0;
    gui.want_redraw = true;
  }

  std::optional<std::uint32_t> shown_;  // the row last scrolled to
};

}  // namespace

std::unique_ptr<View> make_capture_list_view() {
  return std::make_unique<CaptureListView>();
}

}  // namespace synack::gui
