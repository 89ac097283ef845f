#pragma once
// The window's frame: menu bar, the panels tiled around the diagram, help and about boxes,
// and the keyboard shortcuts. Views draw inside the panels it places.

#include <vector>

#include "app/gui/views.hpp"
#include "app/settings.hpp"

namespace synack::gui {

struct ShellState {
  Theme theme = Theme::dark;  // GuiState::high_contrast mirrors theme == high_contrast
  bool quit = false;
  bool show_shortcuts = false;
  bool show_about = false;
  bool show_metrics = false;
  bool show_demo = false;
};

class Shell {
 public:
  Shell();
  // One frame: shortcuts, menu bar (hidden in presenter mode), then every visible view in
  // its slot. Call between ImGui::NewFrame() and ImGui::Render().
  void draw(Session& session, GuiState& gui, ShellState& shell);

 private:
  void menu_bar(Session& session, GuiState& gui, ShellState& shell);
  void panels(Session& session, GuiState& gui);
  void help_windows(ShellState& shell);

  std::vector<PlacedView> views_;
};

// Space, arrows, PageUp/PageDown (clickers), Home/End, F2 language, F5 presenter, F6 high
// contrast, F7 quiz, F8 quiz stats, +/- font size, Esc leaves presenter mode (else the quiz),
// Ctrl+Q quits. In the quiz the quiz view reads Space, Enter and the digits itself. Old 1.86
// key API.
void handle_shortcuts(Session& session, GuiState& gui, ShellState& shell);

void toggle_predict_mode(GuiState& gui);  // View -> Predict mode, F4, --menu predict
void set_theme(GuiState& gui, ShellState& shell, Theme theme);
void scale_font(GuiState& gui, float factor);  // clamped to 0.5 .. 4

}  // namespace synack::gui
