#pragma once
// What run_gui does before and after its frames: the first scenario and the view options
// it opens with, the window's size, the text diagram when there is no display, files
// dropped on the window, the exports of a headless run, and the settings saved at the end.

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "app/content/scenario.hpp"
#include "app/front/capture_desk.hpp"
#include "app/front/gui_args.hpp"
#include "app/front/session.hpp"
#include "app/front/session_plots.hpp"
#include "app/front/settings.hpp"
#include "app/gui/fonts.hpp"
#include "app/gui/shell.hpp"
#include "app/gui/window.hpp"

namespace synack::gui {

// With no display there is still something useful to show: the text diagram.
int no_display(const GuiArgs& args, const std::string& why, std::ostream& out, std::ostream& err);

// Every catalog scenario that loads, for the glyphs the window may have to draw.
std::vector<Scenario> load_all(const Session& session);

// --set, --select, --what-if and --plot-host, in that order (a sysctl change re-runs the
// scenario). "" or what is wrong, for the user.
std::string apply_view_options(const GuiArgs& args, Session& session, SessionPlots& plots);

// --export-svg and --export-mermaid through the Export menu's code; --export-png was
// written by the diagram view during the last frame.
int write_exports(const GuiArgs& args, const Session& session, std::ostream& out,
                  std::ostream& err);

// The scenario to start with: --scenario, else the last one used, else the default. A bad
// --scenario ends a headless run (exit 2, the message on stderr, as scripts expect); the
// interactive window, and --show-errors, show the message over the last or default
// scenario instead: started from a desktop, there is no terminal to read.
bool open_first_scenario(const GuiArgs& args, const Settings& settings, Session& session,
                         ShellState& shell, std::ostream& err);

// --capture FILE [--stream N]: starts reading it into the conversation list. A headless run
// waits for it, and a file that shows nothing, or a stream it does not have, ends it (exit
// 2) unless --show-errors puts the error in the window.
bool open_first_capture(const GuiArgs& args, Session& session, CaptureDesk& desk, ShellState& shell,
                        std::ostream& err);

// --size exactly; else what settings.toml remembers if a monitor still has room for it;
// else 90 % of the primary monitor's work area. Headless runs keep --size (or 1600x900).
WindowOptions window_options(const GuiArgs& args, const Settings& settings, bool interactive);

// Files dropped onto the window: the last scenario file (.toml) or capture (.pcap, .pcapng)
// among them is opened.
void open_dropped(const std::vector<std::string>& paths, Session& session, GuiState& gui,
                  ShellState& shell);

// What the window remembers for next time (settings.toml under `config`); a failure is
// reported on `err`, never fatal.
void save_window_settings(const std::filesystem::path& config, const Session& session,
                          const GuiState& gui, const ShellState& shell, const Window& window,
                          std::ostream& err);

// Text that may be new to the font atlas, read before the frame is built: what was typed
// since the last frame, and the open scenario's text (it may come from the user's own
// file). Views hand over whatever else they show through need_text().
void see_new_text(const Session& session, Fonts& fonts);

}  // namespace synack::gui
