#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>

#include "app/gui/shell.hpp"

namespace synack::gui {

void set_theme(GuiState& gui, ShellState& shell, Theme theme) {
  shell.theme = theme;
  gui.high_contrast = theme == Theme::high_contrast;
}

void scale_font(GuiState& gui, float factor) {
  gui.font_scale = std::clamp(gui.font_scale * factor, 0.5f, 4.0f);
}

void handle_shortcuts(Session& session, GuiState& gui, ShellState& shell) {
  const ImGuiIO& io = ImGui::GetIO();
  // 1.86 has no key enum for F-keys or +/-: the GLFW backend indexes KeysDown by GLFW key code.
  auto pressed = [](int glfw_key) { return ImGui::IsKeyPressed(glfw_key, false); };
  auto named = [](ImGuiKey key, bool repeat) {
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), repeat);
  };

  if (pressed(GLFW_KEY_F2)) session.lang = session.lang == Lang::zh ? Lang::en : Lang::zh;
  if (pressed(GLFW_KEY_F5)) gui.presenter = !gui.presenter;
  if (pressed(GLFW_KEY_F6)) {
    set_theme(gui, shell, shell.theme == Theme::high_contrast ? Theme::dark : Theme::high_contrast);
  }
  auto toggle = [&](Mode m) { gui.mode = gui.mode == m ? Mode::scenarios : m; };
  if (pressed(GLFW_KEY_F7)) toggle(Mode::quiz);
  if (pressed(GLFW_KEY_F8)) toggle(Mode::stats);
  if (io.KeyCtrl && pressed(GLFW_KEY_Q)) shell.quit = true;
  // The chooser and the load error are modal: their keys are their own.
  if (shell.chooser || !shell.load_error.empty()) return;
  if (io.KeyCtrl && pressed(GLFW_KEY_O)) shell.open_chooser = true;
  if (io.KeyCtrl && pressed(GLFW_KEY_L) && !gui.presenter) shell.left_open = !shell.left_open;
  if (io.WantTextInput) return;  // typing in the search box: letters and Space are text

  if (named(ImGuiKey_Escape, false)) {
    if (shell.left_open && shell.left_collapsed) {
      shell.left_open = false;  // the list over the diagram
    } else if (gui.presenter) {
      gui.presenter = false;
    } else {
      gui.mode = Mode::scenarios;
    }
  }
  // Ctrl is optional so a clicker's or a keypad's +/- work as well as Ctrl+= / Ctrl+-.
  if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD)) scale_font(gui, 1.1f);
  if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT)) scale_font(gui, 1.0f / 1.1f);
  if ((io.KeyCtrl && pressed(GLFW_KEY_0)) || pressed(GLFW_KEY_KP_0)) gui.font_scale = 1.0f;

  // The quiz has its own keys for Space and the digits; the playback ones would fight them.
  if (!session.is_open() || gui.mode != Mode::scenarios) return;
  Playback& pb = session.playback();
  bool moved = true;
  if (named(ImGuiKey_Space, false)) {
    pb.toggle();
  } else if (named(ImGuiKey_RightArrow, true) || named(ImGuiKey_PageDown, true)) {
    pb.pause();
    pb.step_forward();
  } else if (named(ImGuiKey_LeftArrow, true) || named(ImGuiKey_PageUp, true)) {
    pb.pause();
    pb.step_back();
  } else if (named(ImGuiKey_Home, false)) {
    pb.to_start();
  } else if (named(ImGuiKey_End, false)) {
    pb.to_end();
  } else {
    moved = false;
  }
  if (moved) gui.want_redraw = true;
}

}  // namespace synack::gui
