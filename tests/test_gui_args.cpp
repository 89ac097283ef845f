// The window's command line: which arguments go to the window, and its options.
#include <catch2/catch.hpp>

#include "app/gui_args.hpp"

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
