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

    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    text_wrapped(tr("capture.keys"));
    ImGui::PopStyleColor();
    ImGui::BeginChild("##conversations");
    const auto picked = list.selected();
    if (picked && picked != shown_ && row_h_ > 0) {
      // Scroll to a row picked some other way (Ctrl+down/up, --stream): rows are one height.
      ImGui::SetScrollY(row_h_ * static_cast<float>(*picked) - ImGui::GetWindowHeight() / 3);
      shown_ = picked;
    }
    // A capture of a busy server has thousands of conversations: only the rows in view are
    // drawn, which needs rows of one height (three lines, cut with "…" where too long).
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(list.rows().size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const float y0 = ImGui::GetCursorPosY();
        row(list.rows()[static_cast<std::size_t>(i)], picked, desk, session, gui, red);
        row_h_ = ImGui::GetCursorPosY() - y0;
      }
    }
    ImGui::EndChild();
  }

 private:
  void row(const ConversationRow& r, std::optional<std::uint32_t> picked, CaptureDesk& desk,
           Session& session, GuiState& gui, const ImVec4& red) {
    ImGui::PushID(static_cast<int>(r.stream));
    const float width = ImGui::GetContentRegionAvail().x;
    // The endpoints on two lines, so a narrow list still shows both.
    const std::string a = fmt::format("#{}  {}", r.stream, r.a);
    const std::string b = "   \u2194 " + r.b;
    const std::string label = ellipsized(a, width) + "\n" + ellipsized(b, width);
    if (ImGui::Selectable(label.c_str(), picked == r.stream) && desk.pick(r.stream, session)) {
      shown_ = r.stream;  // clicked where it is: no scrolling to it
      gui.scroll_y = 0;
      gui.want_redraw = true;
    }
    const std::string detail = fmt::format("{} {} \u00b7 {} / {}", r.packets, tr("capture.packets"),
                                           state_name(r.end_a), state_name(r.end_b));
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("#%u  %s\n%s", r.stream, r.endpoints.c_str(), detail.c_str());
    }
    ImGui::Indent();
    float left = ImGui::GetContentRegionAvail().x;
    if (r.disagreements > 0) {  // first, so a cut line never hides it
      const std::string mark = fmt::format("\u2260 {}", r.disagreements);
      ImGui::TextColored(red, "%s", mark.c_str());
      ImGui::SameLine();
      left -= ImGui::CalcTextSize(mark.c_str()).x + ImGui::GetStyle().ItemSpacing.x;
    }
    ImGui::TextDisabled("%s", ellipsized(detail, left).c_str());
    ImGui::Unindent();
    ImGui::PopID();
  }

  std::optional<std::uint32_t> shown_;  // the row last scrolled to
  float row_h_ = 0;                     // one row's height, as last drawn
};

}  // namespace

std::unique_ptr<View> make_capture_list_view() {
  return std::make_unique<CaptureListView>();
}

}  // namespace synack::gui
