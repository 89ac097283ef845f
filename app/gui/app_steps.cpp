#include "app/gui/app_steps.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <string>
#include <vector>

#include "app/base/atomic_write.hpp"
#include "app/base/join.hpp"
#include "app/draw/glyph_set.hpp"
#include "app/front/exit_codes.hpp"
#include "app/front/file_chooser.hpp"
#include "app/front/run_command.hpp"
#include "app/front/session_export.hpp"
#include "app/gui/i18n.hpp"

namespace synack::gui {
namespace {

constexpr const char* kDefaultScenario = "handshake";

// What to open next time: a catalog scenario's id, or the file a scenario came from.
std::string scenario_to_remember(const Session& session, const ShellState& shell) {
  if (!session.is_open()) return "";
  const std::string& id = session.scenario().spec.id;
  for (const auto& e : session.catalog().entries) {
    if (e.id == id) return id;
  }
  // A scenario file; a capture is not reopened at start-up (it may be large), so the last
  // scenario file opened before it is.
  for (const std::string& path : shell.recent_files) {
    if (file_kind(path) == FileKind::scenario) return path;
  }
  return "";
}

}  // namespace

int no_display(const GuiArgs& args, const std::string& why, std::ostream& out, std::ostream& err) {
  if (args.headless()) {
    err << "synack: no display (" << why << "); run it under an X server, e.g. xvfb-run -a synack "
        << (args.screenshot.empty() ? "--bench-frames ..." : "--screenshot ...") << "\n";
    return kExitFailure;
  }
  err << "synack: no display (" << why << "), so no window; run 'xvfb-run -a synack', or "
      << "'synack --screenshot FILE.png --scenario ID' for a picture. The scenario as text:\n";
  RunArgs text;  // as `synack run ID --lang LANG` prints it
  text.scenario = args.scenario.empty() ? kDefaultScenario : args.scenario;
  if (args.lang) text.lang = *args.lang == Lang::zh ? "zh" : "en";
  run_command(text, out, err);
  return kExitOk;
}

std::vector<Scenario> load_all(const Session& session) {
  std::vector<Scenario> all;
  // As the catalog parsed them (a broken file is listed in the browser, not here).
  for (const auto& e : session.catalog().entries) all.push_back(*e.scenario);
  return all;
}

std::string apply_view_options(const GuiArgs& args, Session& session, SessionPlots& plots) {
  for (const SysctlSetting& s : args.sysctls) {
    if (std::string e = session.set_sysctl(s); !e.empty()) {
      return fmt::format("--set {}: {}", format_setting(s), e);
    }
  }
  const std::size_t segments = session.run().trace.segments.size();
  for (auto [option, seg] : {std::pair{"--select", args.select}, {"--what-if", args.what_if}}) {
    if (seg && *seg >= segments) {
      return fmt::format("{} {}: {} has segments 0..{}", option, *seg, session.scenario().spec.id,
                         segments == 0 ? 0 : segments - 1);
    }
  }
  if (args.select) session.selected_segment = *args.select;
  if (args.what_if && !session.what_if_drop(*args.what_if)) {
    return fmt::format(
        "--what-if {}: this segment cannot be dropped on its own (forged by an attacker, or "
        "already dropped by the scenario)",
        *args.what_if);
  }
  if (!args.plot_host.empty()) {
    const Trace& trace = session.run().trace;
    if (trace.host_index(args.plot_host) == kNoHost) {
      std::vector<std::string> names;
      for (const HostInfo& h : trace.hosts) names.push_back(h.name);
      return fmt::format("--plot-host {}: {} has hosts {}", args.plot_host,
                         session.scenario().spec.id, join(names, ", "));
    }
    plots.choose_host(session, args.plot_host);
  }
  return {};
}

int write_exports(const GuiArgs& args, const Session& session, std::ostream& out,
                  std::ostream& err) {
  int code = kExitOk;
  auto write = [&](const std::string& path, const std::string& content, const char* what) {
    if (path.empty()) return;
    try {
      write_file_atomically(path, content);
      out << fmt::format("synack: wrote {} ({}, {})\n", path, what, session.scenario().spec.id);
    } catch (const std::exception& e) {
      err << "synack: cannot write " << path << ": " << e.what() << "\n";
      code = kExitFailure;
    }
  };
  write(args.export_svg, export_session_svg(session), "SVG");
  write(args.export_mermaid, export_session_mermaid(session), "Mermaid");
  if (!args.export_png.empty()) {
    if (std::filesystem::exists(args.export_png)) {
      out << fmt::format("synack: wrote {} (PNG, {})\n", args.export_png,
                         session.scenario().spec.id);
    } else {
      err << "synack: cannot write " << args.export_png << "\n";
      code = kExitFailure;
    }
  }
  return code;
}

bool open_first_scenario(const GuiArgs& args, const Settings& settings, Session& session,
                         ShellState& shell, std::ostream& err) {
  const std::string last =
      settings.last_scenario.empty() ? kDefaultScenario : settings.last_scenario;
  const std::string id = args.scenario.empty() ? last : args.scenario;
  try {
    session.open(id);
    std::error_code ec;
    if (std::filesystem::is_regular_file(args.scenario, ec)) {
      shell.recent_files =
          add_recent(shell.recent_files, std::filesystem::absolute(args.scenario, ec).string());
    }
    return true;
  } catch (const std::exception& e) {
    const bool shown = !args.headless() || args.show_errors;
    if (!args.scenario.empty() && !shown) {
      err << "synack: " << e.what() << "\n(`synack list` shows every scenario)\n";
      return false;
    }
    if (!args.scenario.empty()) {
      shell.load_error = e.what();
      std::error_code ec;
      const std::filesystem::path dir = std::filesystem::path(args.scenario).parent_path();
      if (!dir.empty() && std::filesystem::is_directory(dir, ec)) shell.chooser_dir = dir.string();
    }
  }
  // The remembered scenario is gone, or --scenario was bad: start somewhere sane.
  for (const std::string& fallback : {last, std::string(kDefaultScenario)}) {
    try {
      session.open(fallback);
      return true;
    } catch (const std::exception& e) {
      if (fallback == kDefaultScenario) {
        err << "synack: " << e.what() << "\n";
        return false;
      }
    }
  }
  return false;
}

bool open_first_capture(const GuiArgs& args, Session& session, CaptureDesk& desk, ShellState& shell,
                        std::ostream& err) {
  if (args.capture.empty()) return true;
  desk.open(args.capture, args.stream);
  std::error_code ec;
  shell.recent_files =
      add_recent(shell.recent_files, std::filesystem::absolute(args.capture, ec).string());
  if (!args.headless()) return true;  // the window's frames show its progress
  // Headless: the picture is of the list, so wait for it.
  if (desk.finish(session) == CaptureDesk::Polled::failed) {
    if (args.show_errors) {
      shell.load_error = desk.error();
      return true;
    }
    err << "synack: " << desk.error() << "\n";
    return false;
  }
  const CaptureList* list = desk.list();
  shell.reveal_list = !args.stream;  // none chosen yet: the list shows, to pick one
  if (args.stream && list && list->selected() != args.stream) {
    err << fmt::format("synack: --stream {}: {} has conversations 0..{}\n", *args.stream,
                       args.capture, list->rows().size() - 1);
    return false;
  }
  return true;
}

WindowOptions window_options(const GuiArgs& args, const Settings& settings, bool interactive) {
  std::optional<std::pair<int, int>> size;
  if (args.size_given || !interactive) size = std::pair{args.width, args.height};
  const WindowPlacement p = place_window(
      interactive ? monitor_work_areas() : std::vector<ScreenRect>{}, settings.window, size);
  WindowOptions o;
  o.width = p.w;
  o.height = p.h;
  o.x = p.x;
  o.y = p.y;
  o.maximized = p.maximized;
  o.visible = interactive;
  return o;
}

void open_dropped(const std::vector<std::string>& paths, Session& session, GuiState& gui,
                  ShellState& shell) {
  for (auto it = paths.rbegin(); it != paths.rend(); ++it) {
    if (file_kind(*it) != FileKind::other) {
      open_file(*it, session, gui, shell);
      return;
    }
  }
  if (!paths.empty())
    shell.load_error = fmt::format("{}: {}", paths.back(), tr("open_file.not_toml"));
}

void save_window_settings(const std::filesystem::path& config, const Session& session,
                          const GuiState& gui, const ShellState& shell, const Window& window,
                          std::ostream& err) {
  Settings s;
  s.lang = session.lang;
  s.font_scale = gui.font_scale;
  s.theme = shell.theme;
  s.last_scenario = scenario_to_remember(session, shell);
  s.window = window.place();
  s.left_width = shell.left_w;
  s.right_width = shell.right_w;
  s.recent_files = shell.recent_files;
  try {
    save_settings(config / kSettingsFile, s);
  } catch (const std::exception& e) {
    err << "synack: settings not saved: " << e.what() << "\n";
  }
}

void see_new_text(const Session& session, Fonts& fonts) {
  fonts.see_typed();
  if (!session.is_open()) return;
  for (std::string_view text : scenario_texts(session.scenario())) fonts.see(text);
}

}  // namespace synack::gui
