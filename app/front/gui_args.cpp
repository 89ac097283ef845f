#include "app/front/gui_args.hpp"
#include "app/base/pixel_size.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <string_view>

#include "app/content/sysctl_arg.hpp"

namespace synack {

namespace {
// Options that make a command line the window's (anything else goes to the CLI).
constexpr std::string_view kGuiOptions[] = {"--screenshot",
                                            "--bench-frames",
                                            "--scenario",
                                            "--capture",
                                            "--stream",
                                            "--step",
                                            "--lang",
                                            "--theme",
                                            "--size",
                                            "--presenter",
                                            "--demo",
                                            "--select",
                                            "--what-if",
                                            "--panel",
                                            "--predict",
                                            "--set",
                                            "--export-svg",
                                            "--export-png",
                                            "--export-mermaid",
                                            "--quiz",
                                            "--stats",
                                            "--db",
                                            "--quiz-topic",
                                            "--quiz-answer",
                                            "--interview",
                                            "--interview-topic",
                                            "--interview-answer",
                                            "--interview-next",
                                            "--interview-followup",
                                            "--open-dialog",
                                            "--show-errors",
                                            "--font-scale",
                                            "--search",
                                            "--menu",
                                            "--plot-host",
                                            "--predict-answer",
                                            "--ask",
                                            "--caption"};

// --panel names and the tabs' title keys.
constexpr std::pair<std::string_view, const char*> kPanels[] = {
    {"inspector", "inspector.title"},
    {"states", "states.title"},
    {"queues", "queues.title"},
    {"sysctls", "sysctl.title"},
};
}  // namespace

const char* panel_title_key(const std::string& panel) {
  for (auto [name, key] : kPanels)
    if (name == panel) return key;
  return nullptr;
}

bool is_gui_command(const std::vector<std::string>& args) {
  if (args.empty()) return true;
  std::string_view first = args.front();
  first = first.substr(0, first.find('='));  // --size=800x600
  return std::find(std::begin(kGuiOptions), std::end(kGuiOptions), first) != std::end(kGuiOptions);
}

GuiArgsResult parse_gui_args(const std::vector<std::string>& argv) {
  CLI::App app{"synack window (no subcommand). Off-screen modes for tests and servers.", "synack"};
  GuiArgs args;
  std::string lang;
  std::string size;
  std::size_t step = 0;
  app.add_option("--screenshot", args.screenshot, "Render one frame off-screen into FILE.png");
  app.add_option("--bench-frames", args.bench_frames,
                 "Render N frames while playing; print frame times");
  app.add_option("--scenario", args.scenario, "Scenario id or .toml path");
  app.add_option("--capture", args.capture,
                 "Open a capture (.pcap, .pcapng): its TCP conversations in the list, the first "
                 "(or --stream N) animated like a scenario");
  std::uint32_t stream = 0;
  CLI::Option* stream_opt =
      app.add_option("--stream", stream, "With --capture: the conversation to show (0 = first)");
  CLI::Option* step_opt = app.add_option("--step", step, "Playback step to show (0: none)");
  app.add_option("--lang", lang, "en or zh")->check(CLI::IsMember({"en", "zh"}));
  std::string theme;
  app.add_option("--theme", theme, "dark, light or high-contrast")
      ->check(CLI::IsMember({"dark", "light", "high-contrast"}));
  app.add_option("--size", size,
                 "Window size WxH (default: the size saved last time if it still fits, else 90% "
                 "of the screen's work area)");
  app.add_flag("--presenter", args.presenter, "Presenter mode (F5)");
  app.add_flag("--demo", args.demo, "--bench-frames: ImGui's demo window, for comparison");
  std::uint32_t select = 0, what_if = 0;
  CLI::Option* select_opt = app.add_option(
      "--select", select, "Segment index to show in the inspector (brings it forward)");
  CLI::Option* what_if_opt = app.add_option(
      "--what-if", what_if, "Drop this segment index (as the arrow's menu does); show the branch");
  app.add_option("--panel", args.panel, "Side tab in front: inspector, states, queues or sysctls")
      ->check(CLI::IsMember({"inspector", "states", "queues", "sysctls"}));
  app.add_flag("--predict", args.predict, "Predict mode on (the question before --step's arrow)");
  app.add_option("--search", args.search,
                 "Type this into the scenario browser's search box (Ctrl+F), e.g. \"third ack\"");
  app.add_option("--menu", args.menu,
                 "Click a menu item headless: predict (View -> Predict mode, as F4 does), "
                 "shortcuts (Help -> Keyboard shortcuts), close-branch (the diagram's Close "
                 "branch, after --what-if), window-plot (View -> Window plot, W), tseq (View -> "
                 "Time-sequence graph, T), plots (both) or export (the diagram's Export menu)")
      ->check(CLI::IsMember(
          {"predict", "shortcuts", "close-branch", "window-plot", "tseq", "plots", "export"}));
  app.add_option("--plot-host", args.plot_host,
                 "The plots show this host's busiest connection (the plot panel's host picker; "
                 "default: the run's busiest sender), as synack plot --host");
  std::size_t predict_answer = 0;
  CLI::Option* predict_answer_opt = app.add_option(
      "--predict-answer", predict_answer,
      "Predict mode: choose flag choice N (1 = first) and Check, to show the feedback");
  app.add_flag("--ask", args.ask,
               "Presenter: ask the room what is sent next (P), with the question at --step");
  std::string caption;
  app.add_option("--caption", caption, "Presenter caption: en, zh or both (L cycles them)")
      ->check(CLI::IsMember({"en", "zh", "both"}));
  std::vector<std::string> sets;
  app.add_option("--set", sets, "Sysctl NAME=VALUE before the run, as in 'synack run' (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--export-svg", args.export_svg,
                 "Write the diagram as SVG (as the Export menu does) and exit");
  app.add_option(
      "--export-png", args.export_png,
      "Write the diagram alone as a WxH PNG (--size; the Export menu's capture) and exit");
  app.add_option("--export-mermaid", args.export_mermaid,
                 "Write the diagram as Mermaid text (as the Export menu does) and exit");
  float font_scale = 1;
  CLI::Option* font_scale_opt = app.add_option("--font-scale", font_scale,
                                               "Text size as + and - set it, 0.5 .. 4 (Ctrl+0: 1)")
                                    ->check(CLI::Range(0.5f, 4.0f));
  app.add_option("--open-dialog", args.open_dialog,
                 "Show File -> Open's chooser (Ctrl+O) in this directory");
  app.add_flag("--show-errors", args.show_errors,
               "A bad --scenario is shown in the window, as the interactive window does, "
               "instead of exit 2");
  app.add_flag("--quiz", args.quiz, "Show the quiz instead of the scenarios (F7)");
  app.add_flag("--stats", args.stats, "Show the quiz statistics (F8)");
  app.add_flag("--interview", args.interview, "Show the interview drill (F9)");
  app.add_option("--interview-topic", args.interview_topic,
                 "Start an interview drill on this topic id at once (implies --interview)");
  app.add_option("--interview-answer", args.interview_answer,
                 "With --interview-topic: answer its question with this text (\"\": said out "
                 "loud) and show the model answer");
  app.add_flag("--interview-next", args.interview_next,
               "With --interview-answer: go on to the follow-up question");
  app.add_option("--interview-followup", args.interview_followup,
                 "With --interview-next: answer the follow-up with this text");
  app.add_option("--db", args.db, "Quiz bank file (default: ~/.local/share/synack/synack.db)");
  app.add_option("--quiz-topic", args.quiz_topic,
                 "Start a quiz on this topic id at once, e.g. HS-11 (implies --quiz)");
  app.add_option("--quiz-answer", args.quiz_answer,
                 "With --quiz-topic: answer the first question with this line, e.g. 63 or 1,3 "
                 "(recorded like any answer; shows the feedback)");

  GuiArgsResult result;
  // `synack --screenshot --help`: help, not a PNG called "--help".
  if (std::find_if(argv.begin(), argv.end(),
                   [](const std::string& a) { return a == "--help" || a == "-h"; }) != argv.end()) {
    result.help = app.help();
    return result;
  }
  try {
    std::vector<std::string> reversed(argv.rbegin(), argv.rend());  // CLI11 wants it reversed
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    result.help = app.help();
    return result;
  } catch (const CLI::ParseError& e) {
    result.error = e.what();
    return result;
  }
  if (*step_opt) args.step = step;
  if (*stream_opt) {
    if (args.capture.empty()) {
      result.error = "--stream N needs --capture FILE";
      return result;
    }
    args.stream = stream;
  }
  if (*font_scale_opt) args.font_scale = font_scale;
  if (*select_opt) args.select = select;
  if (*what_if_opt) args.what_if = what_if;
  if (args.select && args.panel.empty()) args.panel = "inspector";
  if (*predict_answer_opt) {
    if (predict_answer == 0 || (!args.predict && args.menu != "predict")) {
      result.error =
          "--predict-answer N needs N >= 1 and predict mode (--predict or --menu predict)";
      return result;
    }
    args.predict_answer = predict_answer - 1;
  }
  if ((args.ask || !caption.empty()) && !args.presenter) {
    result.error = "--ask and --caption are for presenter mode (--presenter)";
    return result;
  }
  if (caption == "en") args.caption = CaptionLang::en;
  if (caption == "zh") args.caption = CaptionLang::zh;
  if (caption == "both") args.caption = CaptionLang::both;
  if (!args.quiz_topic.empty()) args.quiz = true;
  if (!args.interview_topic.empty()) args.interview = true;
  if ((args.interview_answer && args.interview_topic.empty()) ||
      (args.interview_next && !args.interview_answer) ||
      (args.interview_followup && !args.interview_next)) {
    result.error =
        "--interview-answer needs --interview-topic, --interview-next needs "
        "--interview-answer, --interview-followup needs --interview-next";
    return result;
  }
  if (args.interview && (args.quiz || args.stats)) {
    result.error = "--interview cannot be combined with --quiz or --stats";
    return result;
  }
  if (!args.quiz_answer.empty() && args.quiz_topic.empty()) {
    result.error = "--quiz-answer needs --quiz-topic";
    return result;
  }
  if (args.quiz && args.stats) {
    result.error = "--quiz (or --quiz-topic) and --stats cannot be combined";
    return result;
  }
  for (const auto& set : sets) {
    try {
      args.sysctls.push_back(parse_set_option(set));
    } catch (const SysctlError& e) {
      result.error = fmt::format("--set {}: {}", set, e.what());
      return result;
    }
  }
  if (!lang.empty()) args.lang = lang == "zh" ? Lang::zh : Lang::en;
  for (Theme t : {Theme::dark, Theme::light, Theme::high_contrast}) {
    if (theme == theme_name(t)) args.theme = t;
  }
  if (!size.empty()) {
    const std::optional<PixelSize> px = parse_pixel_size(size, 200, 150, 8192);
    if (!px) {
      result.error =
          fmt::format("--size '{}': expected WxH, e.g. 1600x900 (200x150 .. 8192x8192)", size);
      return result;
    }
    args.width = px->width;
    args.height = px->height;
    args.size_given = true;
  }
  if (!args.screenshot.empty() && args.bench_frames > 0) {
    result.error = "--screenshot and --bench-frames cannot be combined";
    return result;
  }
  if (args.exporting() && (!args.screenshot.empty() || args.bench_frames > 0)) {
    result.error = "--export-* options cannot be combined with --screenshot or --bench-frames";
    return result;
  }
  if (args.demo && args.bench_frames == 0) {
    result.error = "--demo only goes with --bench-frames";
    return result;
  }
  result.args = args;
  return result;
}

}  // namespace synack
