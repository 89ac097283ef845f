#pragma once
// The window's frame: menu bar, the panels tiled around the diagram, help and about boxes,
// and the keyboard shortcuts. Views draw inside the panels it places.

#include <memory>
#include <string>
#include <vector>

#include "app/draw/panel_layout.hpp"
#include "app/front/file_chooser.hpp"
#include "app/front/settings.hpp"
#include "app/gui/views.hpp"

namespace synack::gui {

struct ShellState {
  Theme theme = Theme::dark;  // GuiState::high_contrast mirrors theme == high_contrast
  bool quit = false;
  bool show_shortcuts = false;
  bool show_about = false;
  bool show_metrics = false;
  bool show_demo = false;

  // Panels: the widths the splitters were dragged to (0: the default) and the scenario
  // list's toggle (Ctrl+L). Where the list does not fit beside the diagram it starts closed
  // and opens over the diagram.
  float left_w = 0, right_w = 0;
  bool left_open = true;
  bool left_collapsed = false;  // as the panel model said last frame
  bool dragging_left = false;   // the list's edge: the right column gives way meanwhile
  bool reveal_list = false;     // show the list next frame, over the diagram if need be (a
                                // capture opened with no conversation chosen yet)

  // File -> Open (Ctrl+O): the chooser while it is shown; the last load error (shown in
  // the window over the scenario that stays open); the recent files, newest first.
  std::unique_ptr<FileChooser> chooser;
  bool open_chooser = false;  // show the chooser next frame (in chooser_dir, else the last one)
  FileKinds chooser_kinds = FileKinds::both;  // Open... lists both; Open capture... captures
  std::string chooser_dir;
  std::string load_error;
  std::vector<std::string> recent_files;
};

class Shell {
 public:
  Shell();
  // One frame: shortcuts, menu bar (hidden in presenter mode), then every visible view in
  // its slot. Call between ImGui::NewFrame() and ImGui::Render().
  void draw(Session& session, GuiState& gui, ShellState& shell);

 private:
  void menu_bar(Session& session, GuiState& gui, ShellState& shell);
  void file_menu(Session& session, GuiState& gui, ShellState& shell);
  void panels(Session& session, GuiState& gui, ShellState& shell);
  void splitters(const PanelLayout& layout, ShellState& shell);
  void help_windows(ShellState& shell);

  std::vector<PlacedView> views_;
};

// Space, arrows, PageUp/PageDown (clickers), Home/End, F fit, W the window plot, T the
// time–sequence graph, F2 language, F5 presenter, F6 high
// contrast, F7 quiz, F8 quiz stats, +/- font size, Esc leaves presenter mode (else the quiz),
// Ctrl+O opens a file, Ctrl+L shows or hides the scenario list, Ctrl+Q quits. In the quiz the quiz
// view reads Space, Enter and the digits itself. Old 1.86 key API.
void handle_shortcuts(Session& session, GuiState& gui, ShellState& shell);

void toggle_predict_mode(GuiState& gui);  // View -> Predict mode, F4, --menu predict
void set_theme(GuiState& gui, ShellState& shell, Theme theme);
void scale_font(GuiState& gui, float factor);  // clamped to 0.5 .. 4

// File -> Open, a dropped file, a bad --scenario: opens `path` in the session; on success
// remembers it in the recent files and closes the chooser, else keeps what was open and
// puts the error in shell.load_error for the window to show.
bool open_scenario_file(const std::string& path, Session& session, GuiState& gui,
                        ShellState& shell);
// File -> Open, Recent files, a drop, --capture: a capture (.pcap, .pcapng, .cap) starts
// reading into the conversation list (gui.capture), anything else opens as a scenario file.
bool open_file(const std::string& path, Session& session, GuiState& gui, ShellState& shell);
// The capture being read (a modal box with its progress and Cancel); when the read ends, the
// list or the error. Call once a frame, before draw_load_error.
void draw_capture_load(Session& session, GuiState& gui, ShellState& shell);

// The chooser (a modal window) and the load error, when there is one. Call once a frame.
void draw_open_file(Session& session, GuiState& gui, ShellState& shell);
void draw_load_error(Session& session, ShellState& shell);

}  // namespace synack::gui
