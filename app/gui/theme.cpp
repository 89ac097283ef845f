#include "app/gui/theme.hpp"

#include <imgui.h>

namespace synack::gui {

void apply_theme(Theme theme, float scale) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  switch (theme) {
    case Theme::light:
      ImGui::StyleColorsLight(&style);
      break;
    case Theme::high_contrast: {
      ImGui::StyleColorsDark(&style);
      ImVec4* c = style.Colors;
      const ImVec4 black(0, 0, 0, 1), white(1, 1, 1, 1), yellow(1, 0.9f, 0, 1);
      const ImVec4 dim(0.25f, 0.25f, 0.25f, 1), mid(0.4f, 0.4f, 0.1f, 1);
      c[ImGuiCol_Text] = white;
      c[ImGuiCol_TextDisabled] = ImVec4(0.8f, 0.8f, 0.8f, 1);
      c[ImGuiCol_WindowBg] = c[ImGuiCol_ChildBg] = c[ImGuiCol_PopupBg] = black;
      c[ImGuiCol_MenuBarBg] = c[ImGuiCol_TitleBg] = c[ImGuiCol_TitleBgCollapsed] = black;
      c[ImGuiCol_TitleBgActive] = dim;
      c[ImGuiCol_Border] = white;
      c[ImGuiCol_FrameBg] = dim;
      c[ImGuiCol_FrameBgHovered] = c[ImGuiCol_FrameBgActive] = mid;
      c[ImGuiCol_Button] = dim;
      c[ImGuiCol_ButtonHovered] = c[ImGuiCol_ButtonActive] = mid;
      c[ImGuiCol_Header] = dim;
      c[ImGuiCol_HeaderHovered] = c[ImGuiCol_HeaderActive] = mid;
      c[ImGuiCol_CheckMark] = c[ImGuiCol_SliderGrab] = c[ImGuiCol_SliderGrabActive] = yellow;
      c[ImGuiCol_Tab] = dim;
      c[ImGuiCol_TabHovered] = c[ImGuiCol_TabActive] = mid;
      c[ImGuiCol_Separator] = white;
      style.WindowBorderSize = 2.0f;
      style.FrameBorderSize = 1.0f;
      break;
    }
    case Theme::dark:
      ImGui::StyleColorsDark(&style);
      break;
  }
  style.WindowRounding = 0.0f;  // panels tile the window; rounded corners leave gaps
  style.ScaleAllSizes(scale);
}

void clear_colour(float rgb[3]) {
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  rgb[0] = bg.x;
  rgb[1] = bg.y;
  rgb[2] = bg.z;
}

ImVec4 disagreement_colour() {
  const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
  const bool dark_bg = bg.x + bg.y + bg.z < 1.5f;
  return dark_bg ? ImVec4(1.0f, 0.47f, 0.43f, 1) : ImVec4(0.75f, 0.16f, 0.12f, 1);
}

}  // namespace synack::gui
