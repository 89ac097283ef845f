#include "app/gui/quiz_common.hpp"

#include <GLFW/glfw3.h>

#include <imgui.h>

#include "app/gui/fonts.hpp"
#include "app/gui/i18n.hpp"
#include "app/gui/text.hpp"

namespace synack::gui {

void mode_bar(GuiState& gui) {
  auto tab = [&](Mode m, const char* key, const char* shortcut) {
    const bool on = gui.mode == m;
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    const std::string label = std::string(tr(key)) + "  (" + shortcut + ")";
    if (ImGui::Button(label.c_str())) gui.mode = m;
    if (on) ImGui::PopStyleColor();
    ImGui::SameLine();
  };
  tab(Mode::quiz, "menu.quiz_mode", "F7");
  tab(Mode::interview, "menu.interview", "F9");
  tab(Mode::stats, "menu.stats", "F8");
  tab(Mode::scenarios, "menu.scenarios", "Esc");
  ImGui::NewLine();
  ImGui::Separator();
}

std::string topic_label(const TopicList& topics, const std::string& id, Lang lang) {
  const Topic* t = topics.find(id);
  return t ? id + "  " + t->title.in(lang) : id;
}

void need_glyphs(const LocalizedText& text) {
  need_text(text.en);
  need_text(text.zh);
}

void error_text(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.45f, 0.35f, 1));
  text_wrapped(text);
  ImGui::PopStyleColor();
}

void start_quiz(GuiState& gui, const QuizFilter& filter, Lang lang) {
  if (gui.quiz && gui.quiz->start(filter, lang)) gui.mode = Mode::quiz;
}

bool key_pressed(int glfw_key) {
  return ImGui::IsKeyPressed(glfw_key, false);
}

int digit_pressed() {
  for (int n = 1; n <= 9; ++n) {
    if (key_pressed(GLFW_KEY_0 + n) || key_pressed(GLFW_KEY_KP_0 + n)) return n;
  }
  return 0;
}

bool enter_pressed() {
  return key_pressed(GLFW_KEY_ENTER) || key_pressed(GLFW_KEY_KP_ENTER);
}

}  // namespace synack::gui
