#pragma once
// The window's own command line: no arguments opens it; --screenshot and --bench-frames
// render off-screen for tests and servers. Every subcommand (list, run, sysctl) stays with
// the CLI. No UI library here, so tests parse it without a display.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/front/settings.hpp"
#include "app/run/caption.hpp"
#include "engine/reason.hpp"

namespace synack {

struct GuiArgs {
  std::string scenario;                 // "": the last one used, else the default
  std::string capture;                  // a pcap / pcapng file read into the conversation list
  std::optional<std::uint32_t> stream;  // with capture: the conversation shown (default 0)
  std::string screenshot;               // write this PNG and exit
  std::size_t bench_frames = 0;         // render this many frames while playing, print timings
  std::optional<std::size_t> step;      // playback step for the screenshot (default: the end)
  std::optional<Lang> lang;             // default: the saved setting (en for headless modes)
  std::optional<Theme> theme;           // likewise (dark for headless modes)
  int width = 1600;  // --size, else the window's own choice (window_placement.hpp)
  int height = 900;
  bool size_given = false;
  std::optional<float> font_scale;  // +/- (0.5 .. 4); default: the saved one (1 headless)
  bool presenter = false;
  bool demo = false;  // --bench-frames: ImGui's demo window instead, for comparison

  // What the window shows, so every panel can be seen without a mouse.
  std::optional<std::uint32_t> select;   // segment index shown in the inspector
  std::optional<std::uint32_t> what_if;  // drop this segment, show the branch beside
  std::string panel;                     // side tab in front: inspector, states, queues, sysctls
  bool predict = false;                  // predict mode on, at --step
  SysctlOverrides sysctls;               // --set NAME=VALUE, parsed, in order
  std::string search;                    // the scenario browser's search box, filled in

  // File -> Open and load errors, headless: the chooser open in this directory; a bad
  // --scenario shown in the window (behind it the default scenario) instead of exit 2.
  std::string open_dialog;
  bool show_errors = false;
  std::string menu;                           // --menu predict|shortcuts: that item, clicked
  std::string plot_host;                      // the plots' host picker set to this host
  std::optional<std::size_t> predict_answer;  // choose flag choice N (0-based here), Check
  bool ask = false;                           // presenter: ask the room (P) at --step
  std::optional<CaptionLang> caption;         // presenter: the caption's languages (L)

  // Write the diagram through the Export menu's code and exit (no --screenshot then).
  std::string export_svg;
  std::string export_png;  // the diagram alone fills the window: the PNG is --size
  std::string export_mermaid;

  // The quiz (F7) and its stats (F8) instead of the scenarios.
  bool quiz = false;
  bool stats = false;
  std::string db;           // quiz bank; "": QuizBank::default_path()
  std::string quiz_topic;   // start a session on this topic at once (implies quiz)
  std::string quiz_answer;  // and answer its first question with this line (the feedback)
  // The interview drill (F9): start it on a topic, answer its question (the model answer
  // with ticks), go on to the follow-up, answer that.
  bool interview = false;
  std::string interview_topic;
  std::optional<std::string> interview_answer;
  bool interview_next = false;
  std::optional<std::string> interview_followup;

  bool exporting() const {
    return !export_svg.empty() || !export_png.empty() || !export_mermaid.empty();
  }
  bool headless() const { return !screenshot.empty() || bench_frames > 0 || exporting(); }
};

// True when these arguments are for the window: none at all, or the first is one of the
// window's options. Everything else goes to the CLI unchanged.
bool is_gui_command(const std::vector<std::string>& args);

struct GuiArgsResult {
  std::optional<GuiArgs> args;
  std::string error;  // for the user, when args is empty
  std::string help;   // --help text, when asked
};
GuiArgsResult parse_gui_args(const std::vector<std::string>& args);

// The title key (content/ui/strings.toml) of a --panel name's tab; nullptr if unknown.
const char* panel_title_key(const std::string& panel);

}  // namespace synack
