// The window's command line: which arguments go to the window, and its options.
#include <catch2/catch.hpp>

#include "app/front/gui_args.hpp"

using namespace synack;

TEST_CASE("gui args: no arguments or window options open the window; the rest is CLI",
          "[gui_args]") {
  CHECK(is_gui_command({}));
  CHECK(is_gui_command({"--screenshot", "x.png"}));
  CHECK(is_gui_command({"--size=800x600"}));
  CHECK_FALSE(is_gui_command({"run", "handshake"}));
  CHECK_FALSE(is_gui_command({"list"}));
  CHECK_FALSE(is_gui_command({"--version"}));
}

TEST_CASE("gui args: screenshot options", "[gui_args]") {
  auto r =
      parse_gui_args({"--screenshot", "a.png", "--scenario", "syn-flood", "--step", "4", "--lang",
                      "zh", "--size", "800x600", "--presenter", "--theme", "high-contrast"});
  REQUIRE(r.args);
  CHECK(r.args->screenshot == "a.png");
  CHECK(r.args->scenario == "syn-flood");
  CHECK(r.args->step == 4u);
  CHECK(r.args->lang == Lang::zh);
  CHECK(r.args->width == 800);
  CHECK(r.args->height == 600);
  CHECK(r.args->presenter);
  CHECK(r.args->theme == Theme::high_contrast);
  CHECK(r.args->headless());
  CHECK_FALSE(parse_gui_args({}).args->headless());
}

TEST_CASE("gui args: mistakes are reported", "[gui_args]") {
  CHECK_FALSE(parse_gui_args({"--size", "800"}).args);
  CHECK_FALSE(parse_gui_args({"--size", "10x10"}).args);
  CHECK_FALSE(parse_gui_args({"--lang", "fr"}).args);
  CHECK_FALSE(parse_gui_args({"--theme", "neon"}).args);
  CHECK_FALSE(parse_gui_args({"--demo"}).args);
  CHECK_FALSE(parse_gui_args({"--screenshot", "a.png", "--bench-frames", "3"}).args);
  CHECK(parse_gui_args({"--bench-frames", "3", "--demo"}).args);
  CHECK_FALSE(parse_gui_args({"--help"}).help.empty());
}

TEST_CASE("gui args: options that show each panel without a mouse", "[gui_args]") {
  CHECK(is_gui_command({"--select", "1"}));
  CHECK(is_gui_command({"--theme", "light"}));
  CHECK(is_gui_command({"--export-svg", "a.svg"}));
  auto r = parse_gui_args({"--screenshot", "a.png", "--select", "3", "--what-if", "0", "--predict",
                           "--set", "tcp_syncookies=0", "--set", "net.core.somaxconn=16"});
  REQUIRE(r.args);
  CHECK(r.args->select == 3u);
  CHECK(r.args->what_if == 0u);
  CHECK(r.args->predict);
  CHECK(r.args->panel == "inspector");  // --select brings the inspector forward
  REQUIRE(r.args->sysctls.size() == 2);
  // Parsed once, here at the edge: the window gets (knob, value), never text.
  CHECK(r.args->sysctls[0] == SysctlSetting{Knob::tcp_syncookies, 0});
  CHECK(r.args->sysctls[1] == SysctlSetting{Knob::somaxconn, 16});

  auto q = parse_gui_args({"--screenshot", "a.png", "--select", "3", "--panel", "queues"});
  REQUIRE(q.args);
  CHECK(q.args->panel == "queues");
  CHECK(std::string(panel_title_key("queues")) == "queues.title");
  CHECK(std::string(panel_title_key("sysctls")) == "sysctl.title");
  CHECK(panel_title_key("nope") == nullptr);
  CHECK_FALSE(parse_gui_args({"--panel", "nope"}).args);
  CHECK_FALSE(parse_gui_args({"--set", "no_such_knob=1"}).args);
  CHECK_FALSE(parse_gui_args({"--set", "tcp_syn_retries"}).args);
}

TEST_CASE("gui args: --search fills the browser's search box", "[gui_args]") {
  CHECK(is_gui_command({"--search", "third ack"}));
  auto r = parse_gui_args({"--screenshot", "a.png", "--search", "握手 丢失"});
  REQUIRE(r.args);
  CHECK(r.args->search == "握手 丢失");  // one argument, spaces and all
  CHECK(parse_gui_args({"--screenshot", "a.png"}).args->search.empty());
}

TEST_CASE("gui args: presenter and predict mode without keys", "[gui_args]") {
  CHECK(is_gui_command({"--menu", "predict"}));
  CHECK(is_gui_command({"--ask"}));
  auto m = parse_gui_args({"--screenshot", "a.png", "--menu", "predict", "--predict-answer", "2"});
  REQUIRE(m.args);
  CHECK(m.args->menu == "predict");
  CHECK_FALSE(m.args->predict);         // the menu item turns it on, as a click would
  CHECK(m.args->predict_answer == 1u);  // 1-based on the command line
  CHECK(parse_gui_args({"--menu", "shortcuts"}).args->menu == "shortcuts");
  CHECK_FALSE(parse_gui_args({"--menu", "quit"}).args);
  CHECK_FALSE(parse_gui_args({"--predict-answer", "1"}).args);  // predict mode is off
  CHECK_FALSE(parse_gui_args({"--predict", "--predict-answer", "0"}).args);
  CHECK(parse_gui_args({"--predict", "--predict-answer", "1"}).args);

  auto p = parse_gui_args({"--screenshot", "a.png", "--presenter", "--ask", "--caption", "both"});
  REQUIRE(p.args);
  CHECK(p.args->ask);
  CHECK(p.args->caption == CaptionLang::both);
  CHECK_FALSE(p.args->predict_answer);
  CHECK_FALSE(parse_gui_args({"--ask"}).args);  // presenter mode only
  CHECK_FALSE(parse_gui_args({"--caption", "zh"}).args);
  CHECK_FALSE(parse_gui_args({"--presenter", "--caption", "fr"}).args);
  CHECK(parse_gui_args({"--screenshot", "--help"}).help.find("--menu") != std::string::npos);
}

TEST_CASE("gui args: exports are headless and stand alone", "[gui_args]") {
  auto r = parse_gui_args(
      {"--export-svg", "a.svg", "--export-png", "a.png", "--export-mermaid", "a.mmd"});
  REQUIRE(r.args);
  CHECK(r.args->exporting());
  CHECK(r.args->headless());
  CHECK(r.args->export_png == "a.png");
  CHECK_FALSE(parse_gui_args({"--export-svg", "a.svg", "--screenshot", "b.png"}).args);
  CHECK_FALSE(parse_gui_args({"--export-svg", "a.svg", "--bench-frames", "3"}).args);
}

TEST_CASE("gui args: --help anywhere is help", "[gui_args]") {
  auto r = parse_gui_args({"--screenshot", "--help"});
  CHECK_FALSE(r.args);
  CHECK(r.help.find("--export-svg") != std::string::npos);
  CHECK(r.help.find("--what-if") != std::string::npos);
}

TEST_CASE("gui args: the quiz and its stats", "[gui_args]") {
  CHECK(is_gui_command({"--quiz"}));
  CHECK(is_gui_command({"--db", "x.db", "--stats"}));
  auto r = parse_gui_args({"--quiz-topic", "HS-11", "--db", "/tmp/q.db", "--screenshot", "q.png"});
  REQUIRE(r.args);
  CHECK(r.args->quiz);
  CHECK(r.args->quiz_topic == "HS-11");
  CHECK(r.args->db == "/tmp/q.db");
  CHECK(parse_gui_args({"--stats"}).args->stats);
  CHECK_FALSE(parse_gui_args({"--quiz", "--stats"}).args);
  CHECK_FALSE(parse_gui_args({"--quiz-answer", "1"}).args);
  CHECK(parse_gui_args({"--quiz-topic", "HS-11", "--quiz-answer", "63"}).args->quiz_answer == "63");
}

TEST_CASE("gui args: the file chooser and load errors without a mouse", "[gui_args]") {
  CHECK(is_gui_command({"--open-dialog", "/tmp"}));
  CHECK(is_gui_command({"--show-errors"}));
  auto r = parse_gui_args({"--screenshot", "a.png", "--open-dialog", "content", "--scenario",
                           "bad.toml", "--show-errors"});
  REQUIRE(r.args);
  CHECK(r.args->open_dialog == "content");
  CHECK(r.args->show_errors);
  CHECK_FALSE(r.args->size_given);  // the window picks its size
  CHECK_FALSE(parse_gui_args({}).args->show_errors);
  CHECK_FALSE(parse_gui_args({}).args->font_scale);
  CHECK(parse_gui_args({"--font-scale", "1.5"}).args->font_scale == 1.5f);
  CHECK_FALSE(parse_gui_args({"--font-scale", "9"}).args);
  r = parse_gui_args({"--size", "1024x600"});
  REQUIRE(r.args);
  CHECK(r.args->size_given);
  CHECK(r.args->width == 1024);
}

TEST_CASE("gui args: --plot-host sets the plots' host picker", "[gui_args]") {
  CHECK(is_gui_command({"--plot-host", "server"}));
  auto a = parse_gui_args(
      {"--screenshot", "a.png", "--scenario", "sack", "--menu", "plots", "--plot-host", "server"});
  REQUIRE(a.args);
  CHECK(a.args->plot_host == "server");
  CHECK(a.args->menu == "plots");
  CHECK(parse_gui_args({"--screenshot", "a.png"}).args->plot_host.empty());  // the busiest
  CHECK(parse_gui_args({"--menu", "export"}).args->menu == "export");
}

TEST_CASE("gui args: --capture FILE and --stream N open a capture's conversation", "[gui_args]") {
  CHECK(is_gui_command({"--capture", "x.pcap"}));
  auto r = parse_gui_args({"--capture", "x.pcap", "--stream", "3", "--screenshot", "a.png"});
  REQUIRE(r.args);
  CHECK(r.args->capture == "x.pcap");
  CHECK(r.args->stream == 3u);
  r = parse_gui_args({"--capture", "x.pcapng"});
  REQUIRE(r.args);
  CHECK_FALSE(r.args->stream.has_value());
  r = parse_gui_args({"--stream", "1"});  // a stream of no capture
  CHECK_FALSE(r.args);
  CHECK_THAT(r.error, Catch::Contains("--capture"));
}
