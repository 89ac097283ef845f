#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>

#include "app/front/capture_desk.hpp"
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
  // A question only stands in presenter mode, over its own run, before its arrow is shown.
  if (gui.room_question &&
      (!gui.presenter || gui.mode != Mode::scenarios || !room_question_stands(session, gui))) {
    gui.room_question.reset();
  }
  // 1.86 has no key enum for F-keys or +/-: the GLFW backend indexes KeysDown by GLFW key code.
  auto pressed = [](int glfw_key) { return ImGui::IsKeyPressed(glfw_key, false); };
  auto named = [](ImGuiKey key, bool repeat) {
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), repeat);
  };

  if (pressed(GLFW_KEY_F2)) {
    session.lang = session.lang == Lang::zh ? Lang::en : Lang::zh;
    gui.caption_lang.reset();  // the caption follows the UI language again
  }
  if (pressed(GLFW_KEY_F4)) toggle_predict_mode(gui);
  if (pressed(GLFW_KEY_F5)) gui.presenter = !gui.presenter;
  if (pressed(GLFW_KEY_F6)) {
    set_theme(gui, shell, shell.theme == Theme::high_contrast ? Theme::dark : Theme::high_contrast);
  }
  auto toggle = [&](Mode m) { gui.mode = gui.mode == m ? Mode::scenarios : m; };
  if (pressed(GLFW_KEY_F7)) toggle(Mode::quiz);
  if (pressed(GLFW_KEY_F8)) toggle(Mode::stats);
  if (pressed(GLFW_KEY_F9)) toggle(Mode::interview);
  if (io.KeyCtrl && pressed(GLFW_KEY_Q)) shell.quit = true;
  // The chooser and the load error are modal: their keys are their own.
  if (shell.chooser || !shell.load_error.empty()) return;
  if (io.KeyCtrl && pressed(GLFW_KEY_O)) {
    shell.chooser_kinds = io.KeyShift ? FileKinds::captures : FileKinds::both;
    shell.open_chooser = true;
  }
  // The next or previous conversation of an opened capture.
  if (io.KeyCtrl && gui.capture && gui.capture->list() && gui.mode == Mode::scenarios) {
    const int step = named(ImGuiKey_DownArrow, true) ? 1 : named(ImGuiKey_UpArrow, true) ? -1 : 0;
    const CaptureList& list = *gui.capture->list();
    if (step != 0 && !list.rows().empty()) {
      const auto at = static_cast<int>(list.selected().value_or(0)) + step;
      const int last = static_cast<int>(list.rows().size()) - 1;
      if (gui.capture->pick(static_cast<std::uint32_t>(std::clamp(at, 0, last)), session)) {
        gui.scroll_y = 0;
        gui.want_redraw = true;
      }
    }
  }
  if (io.KeyCtrl && pressed(GLFW_KEY_L) && !gui.presenter) shell.left_open = !shell.left_open;
  if (io.WantTextInput) return;  // typing in the search box: letters and Space are text
  if (pressed(GLFW_KEY_F) && !io.KeyCtrl) gui.fit_request = true;
  if (pressed(GLFW_KEY_W) && !io.KeyCtrl) gui.window_plot = !gui.window_plot;
  if (pressed(GLFW_KEY_T) && !io.KeyCtrl) gui.tseq_window = !gui.tseq_window;

  if (named(ImGuiKey_Escape, false)) {
    if (shell.left_open && shell.left_collapsed) {
      shell.left_open = false;  // the list over the diagram
    } else if (gui.room_question) {
      gui.room_question.reset();  // the question first, presenter mode with the next Esc
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
  const bool next = named(ImGuiKey_RightArrow, true) || named(ImGuiKey_PageDown, true);
  const bool previous = named(ImGuiKey_LeftArrow, true) || named(ImGuiKey_PageUp, true);
  if (gui.presenter) {
    if (pressed(GLFW_KEY_L)) {
      gui.caption_lang =
          next_caption_lang(gui.caption_lang.value_or(caption_lang_of(session.lang)));
    }
    // Ask the room: P asks, then P or the next click reveals; Esc or the previous click
    // takes the question back without moving.
    if (gui.room_question && ((next && !io.KeyShift) || pressed(GLFW_KEY_P))) {
      reveal_to_the_room(session, gui);
      gui.want_redraw = true;
      return;
    }
    if (gui.room_question && previous) {
      gui.room_question.reset();
      return;
    }
    if (pressed(GLFW_KEY_P)) {
      ask_the_room(session, gui);
      gui.want_redraw = true;
    }
  }
  bool moved = true;
  if (named(ImGuiKey_Space, false)) {
    pb.toggle();
  } else if (next) {
    // By beats (what the room sees change); Shift: one finer step.
    pb.pause();
    if (io.KeyShift) {
      pb.step_forward();
    } else {
      pb.step_forward_beat();
    }
  } else if (previous) {
    pb.pause();
    if (io.KeyShift) {
      pb.step_back();
    } else {
      pb.step_back_beat();
    }
  } else if (named(ImGuiKey_Home, false)) {
    pb.to_start();
  } else if (named(ImGuiKey_End, false)) {
    pb.to_end();
  } else {
    moved = false;
  }
  if (moved) {
    gui.room_question.reset();  // any other move answers or abandons the question
    gui.want_redraw = true;
  }
}

void toggle_predict_mode(GuiState& gui) {
  gui.predict_mode = !gui.predict_mode;
}

}  // namespace synack::gui
