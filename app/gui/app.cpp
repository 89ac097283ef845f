#include "app/gui/app.hpp"

#include <GLFW/glfw3.h>
#include <fmt/format.h>
#include <imgui.h>
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "app/content/ui_strings.hpp"
#include "app/draw/glyph_set.hpp"
#include "app/draw/panel_layout.hpp"
#include "app/front/exit_codes.hpp"
#include "app/front/quiz_desk.hpp"
#include "app/front/session_plots.hpp"
#include "app/front/settings.hpp"
#include "app/gui/app_steps.hpp"
#include "app/gui/diagram_png.hpp"
#include "app/gui/fonts.hpp"
#include "app/gui/i18n.hpp"
#include "app/gui/png.hpp"
#include "app/gui/shell.hpp"
#include "app/gui/theme.hpp"
#include "app/gui/window.hpp"

namespace synack::gui {
namespace {

using Clock = std::chrono::steady_clock;

constexpr double kFrameSeconds = 1.0 / 60;

// Ctrl+C or a kill in the terminal closes the window the normal way, so settings are saved.
std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) {
  g_stop = true;
}

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// CPU time of this thread only: llvmpipe rasterises on its own threads, and what we want
// to know is what the UI code costs the main thread.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

double average(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

}  // namespace

int run_gui(const GuiArgs& args, Clock::time_point started, std::ostream& out, std::ostream& err) {
  // Mesa's software renderer allocates and frees a vertex-sized buffer every frame; with
  // glibc's defaults each free gives the heap's top back to the kernel (brk, then a TLB
  // shootdown on every core) and the next frame faults it in again: 15 % of a frame's time
  // in syn-flood. Keep freed memory in the process instead.
  mallopt(M_MMAP_THRESHOLD, 16 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  std::string error;
  if (!init_glfw(error)) return no_display(args, error, out, err);
  struct Terminate {
    ~Terminate() { glfwTerminate(); }
  } terminate;  // declared before the window, so it runs after the window is gone

  const bool interactive = !args.headless();
  Session session(find_content_dir());
  UiStrings strings;
  try {
    strings = UiStrings::load(ui_strings_path(session.content_dir()));
  } catch (const std::exception& e) {
    err << "synack: " << e.what() << "; the window will show string keys\n";
  }
  set_ui_strings(&strings);

  // Headless runs neither read nor write settings: screenshots must not depend on whoever
  // ran the window last.
  const std::filesystem::path config = interactive ? config_dir() : std::filesystem::path();
  const Settings settings = config.empty() ? Settings{} : load_settings(config / kSettingsFile);
  session.lang = args.lang.value_or(settings.lang);

  ShellState shell;
  shell.left_w = settings.left_width;  // headless runs have the defaults
  shell.right_w = settings.right_width;
  shell.recent_files = settings.recent_files;
  if (!open_first_scenario(args, settings, session, shell, err)) return kExitUsage;
  CaptureDesk captures;
  if (!open_first_capture(args, session, captures, shell, err)) return kExitUsage;
  SessionPlots plots;
  if (std::string why = apply_view_options(args, session, plots); !why.empty()) {
    err << "synack: " << why << "\n";
    return kExitUsage;
  }

  // The quiz bank opens when the quiz is first shown (or now, for --quiz-topic).
  QuizDesk desk(session.content_dir(),
                args.db.empty() ? QuizBank::default_path() : std::filesystem::path(args.db));
  if (!args.quiz_topic.empty() && desk.open()) {
    if (!desk.topics().find(args.quiz_topic)) {
      err << "synack: --quiz-topic " << args.quiz_topic
          << ": unknown topic (see content/topics.toml)\n";
      return kExitUsage;
    }
    desk.start({{args.quiz_topic}, 10, false}, session.lang);
    if (!args.quiz_answer.empty()) desk.answer(args.quiz_answer);
  }
  if (!args.interview_topic.empty() && desk.open()) {
    if (!desk.topics().find(args.interview_topic)) {
      err << "synack: --interview-topic " << args.interview_topic
          << ": unknown topic (see content/topics.toml)\n";
      return kExitUsage;
    }
    if (desk.start_drill({{args.interview_topic}, 3, 120}, session.lang)) {
      InterviewDrill& drill = *desk.drill();
      if (args.interview_answer) drill.answer(*args.interview_answer);
      if (args.interview_next) drill.next();
      if (args.interview_followup) drill.answer(*args.interview_followup);
    }
  }

  // Declared before the window: ImGui saves imgui.ini to io.IniFilename when the window
  // destroys its context, so this string must outlive it (else: a garbage file name in the
  // working directory).
  std::string ini;
  auto window = Window::open(window_options(args, settings, interactive), error);
  if (!window) {
    err << "synack: " << error << "\n";
    return kExitFailure;
  }
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // never imgui.ini in the working directory
  if (!config.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(config, ec);
    ini = (config / kImguiIniFile).string();
    if (!ec) io.IniFilename = ini.c_str();
  }

  const auto glyph_start = Clock::now();
  const GlyphSet glyphs = glyphs_for_app(strings, load_all(session));
  const FontFile font_file = find_cjk_font();
  Fonts fonts(glyphs, font_file, err);

  GuiState gui;
  Shell frame_ui;
  gui.presenter = args.presenter;
  gui.quiz = &desk;
  gui.plots = &plots;
  gui.capture = &captures;
  gui.mode = args.quiz        ? Mode::quiz
             : args.stats     ? Mode::stats
             : args.interview ? Mode::interview
                              : Mode::scenarios;
  gui.predict_mode = args.predict;
  gui.menu_request = args.menu;
  gui.predict_choice = args.predict_answer;
  gui.caption_lang = args.caption;
  gui.open_tab = panel_title_key(args.panel);
  gui.diagram_only = !args.export_png.empty();
  gui.search = args.search;
  gui.font_scale = args.font_scale.value_or(interactive ? settings.font_scale : 1.0f);
  set_theme(gui, shell, args.theme.value_or(interactive ? settings.theme : Theme::dark));
  if (!args.open_dialog.empty()) {
    shell.chooser_dir = args.open_dialog;
    shell.open_chooser = true;
  }

  float look_px = 0;
  Theme look_theme = shell.theme;
  std::string title;
  auto update_look = [&] {
    const float px = font_px_for(gui.font_scale, gui.presenter);
    see_new_text(session, fonts);
    const bool more = fonts.needs_rebuild();
    if (px != look_px || shell.theme != look_theme || more) {
      fonts.build(px);
      apply_theme(shell.theme, px / kBaseFontPx);
      look_px = px;
      look_theme = shell.theme;
    }
    if (interactive && window->fullscreen() != gui.presenter) window->set_fullscreen(gui.presenter);
    const std::string want =
        session.is_open() ? "synack — " + session.scenario().title.in(session.lang) : "synack";
    if (want != title) window->set_title(title = want);
  };
  update_look();
  const double font_ms = ms_between(glyph_start, Clock::now());

  bool demo_frame = false;  // --bench-frames: ImGui's demo window instead of ours
  int frames_drawn = 0;
  auto frame = [&](double dt) {
    // --panel brings its tab forward; the window's user may pick another one afterwards.
    if (interactive && ++frames_drawn > 3) gui.open_tab = nullptr;
    update_look();
    open_dropped(window->take_dropped(), session, gui, shell);
    gui.want_redraw = false;
    // Also while paused: a stepped-to arrow travels to its end (Next, predict's reveal).
    if (session.is_open()) gui.want_redraw = session.playback().advance(dt);
    window->new_frame();
    if (demo_frame) {
      ImGui::ShowDemoWindow();
    } else {
      frame_ui.draw(session, gui, shell);
    }
    if (fonts.needs_rebuild()) gui.want_redraw = true;  // text met now gets its glyphs next frame
    float c[3];
    clear_colour(c);
    window->render(c[0], c[1], c[2]);
    // An exported PNG is painted offscreen now that the frame is rendered; a redraw shows
    // its status.
    if (run_png_request()) gui.want_redraw = true;
  };

  if (!args.screenshot.empty() || args.exporting()) {
    Playback& pb = session.playback();
    if (args.step) {
      pb.seek_step(std::min(*args.step, pb.step_count()));
    } else {
      pb.to_end();
    }
    if (args.ask) ask_the_room(session, gui);
    // New auto-sized windows are hidden on their first frame; the third is settled.
    for (int i = 0; i < 3; ++i) {
      window->poll_events();
      if (i == 2 && !args.export_png.empty()) {
        // The diagram's own capture (the Export menu's PNG), during this frame's render.
        std::error_code ec;
        std::filesystem::remove(args.export_png, ec);
        gui.export_png = args.export_png;
      }
      frame(0);
      if (i < 2) window->swap();
    }
    if (args.exporting()) return write_exports(args, session, out, err);
    int w = 0, h = 0;
    const auto pixels = window->read_pixels(w, h);
    if (!write_png(args.screenshot, w, h, pixels)) {
      err << "synack: cannot write " << args.screenshot << "\n";
      return kExitFailure;
    }
    out << fmt::format("synack: wrote {} ({}x{}, {}, {}{})\n", args.screenshot, w, h,
                       session.scenario().spec.id, session.lang == Lang::zh ? "zh" : "en",
                       gui.presenter ? ", presenter" : "");
    return kExitOk;
  }

  if (args.bench_frames > 0) {
    // Ours and ImGui's demo window in the same window and process, in alternating blocks of
    // 60 frames, so the two figures see the same machine load (a shared VM's speed drifts by
    // 2x within a minute), the same llvmpipe and the same swap path.
    // Not a reference kept across frames: a frame that lays the diagram out for a new pane
    // size makes a new Playback.
    auto pb = [&]() -> Playback& { return session.playback(); };
    double first_frame_ms = 0;
    struct Sample {
      std::vector<double> wall, cpu;
      double vtx = 0, cmds = 0;  // what llvmpipe has to rasterize, summed
      std::size_t frames = 0;
    };
    Sample ours, demo;
    auto run_frame = [&](bool is_demo, bool record) {
      demo_frame = is_demo;
      const auto t0 = Clock::now();
      const double c0 = thread_cpu_ms();
      window->poll_events();
      if (!is_demo && !pb().playing()) {  // loop the scenario so every frame animates
        pb().to_start();
        pb().play();
      }
      frame(is_demo ? 0.0 : kFrameSeconds);
      Sample& x = is_demo ? demo : ours;
      if (const ImDrawData* d = ImGui::GetDrawData(); d && record) {
        x.vtx += d->TotalVtxCount;
        for (int l = 0; l < d->CmdListsCount; ++l) x.cmds += d->CmdLists[l]->CmdBuffer.Size;
      }
      window->swap();
      const auto t1 = Clock::now();
      if (first_frame_ms == 0) first_frame_ms = ms_between(started, t1);
      if (!record) return;
      x.wall.push_back(ms_between(t0, t1));
      x.cpu.push_back(thread_cpu_ms() - c0);
      ++x.frames;
    };
    constexpr std::size_t kBlock = 60;
    const bool only_demo = args.demo;
    pb().to_start();
    pb().play();
    for (std::size_t done = 0; done < args.bench_frames; done += kBlock) {
      const std::size_t n = std::min(kBlock, args.bench_frames - done);
      // The first frames of each block switch windows (shaders, atlas upload at the start):
      // two warm-up frames are not counted.
      for (bool is_demo : {true, false}) {
        if (!is_demo && only_demo) continue;
        if (is_demo) pb().pause();
        for (std::size_t i = 0; i < n + 2; ++i) run_frame(is_demo, i >= 2);
        if (is_demo) pb().play();
      }
    }
    auto report = [&](const char* name, const Sample& x) {
      const double n = static_cast<double>(std::max<std::size_t>(x.frames, 1));
      out << fmt::format(
          "synack: {:<10} {} frames at {}x{}: avg {:.1f} ms wall, {:.2f} ms cpu; p99 {:.1f} ms "
          "wall, {:.2f} ms cpu; {:.0f} vertices, {:.0f} draw calls a frame\n",
          name, x.frames, args.width, args.height, average(x.wall), average(x.cpu),
          percentile(x.wall, 0.99), percentile(x.cpu, 0.99), x.vtx / n, x.cmds / n);
    };
    if (!only_demo) report(session.scenario().spec.id.c_str(), ours);
    report("imgui-demo", demo);
    if (!only_demo) {
      out << fmt::format("synack: ours / demo: {:.2f}x wall, {:.2f}x cpu (avg)\n",
                         average(ours.wall) / std::max(average(demo.wall), 1e-9),
                         average(ours.cpu) / std::max(average(demo.cpu), 1e-9));
    }
    const auto* atlas = io.Fonts;
    out << fmt::format(
        "synack: start-up to first frame {:.0f} ms (fonts {:.0f} ms: {} glyphs, atlas {}x{}, {})\n",
        first_frame_ms, font_ms, fonts.glyph_count(), atlas->TexWidth, atlas->TexHeight,
        font_file.path.empty() ? "ImGui default font" : font_file.path.filename().string());
    return kExitOk;
  }

  // Interactive: sleep in glfwWaitEventsTimeout unless something moves; while it moves, pace
  // to 60 frames a second ourselves.
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  int settle_frames = 2;
  auto last = Clock::now();
  while (!window->should_close() && !shell.quit && !g_stop) {
    const bool moving =
        gui.want_redraw || settle_frames > 0 || (session.is_open() && session.playback().playing());
    if (moving) {
      window->wait_events(kFrameSeconds - ms_between(last, Clock::now()) / 1000);
      settle_frames = std::max(0, settle_frames - 1);
    } else {
      // At most one wake-up a second (a signal must be seen); a wake-up with no event draws
      // nothing, unless the search box's text cursor blinks.
      const bool woken = window->wait_events(io.WantTextInput ? 0.5 : 1.0);
      if (!woken && !io.WantTextInput) continue;
      settle_frames = 2;  // hover and click state settle over the next frames
    }
    const auto now = Clock::now();
    const double dt = std::min(ms_between(last, now) / 1000, 0.1);
    last = now;
    frame(dt);
    window->swap();
  }

  if (!config.empty()) save_window_settings(config, session, gui, shell, *window, err);
  return kExitOk;
}

}  // namespace synack::gui
