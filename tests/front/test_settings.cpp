// Window settings: where they live (XDG, never the working directory), that a broken file
// never stops the window, and that they round-trip through an atomic write.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "app/front/settings.hpp"

using namespace synack;
namespace fs = std::filesystem;

TEST_CASE("settings: config dir follows XDG", "[settings]") {
  CHECK(config_dir("/x/cfg", "/home/u") == fs::path("/x/cfg/synack"));
  CHECK(config_dir(nullptr, "/home/u") == fs::path("/home/u/.config/synack"));
  CHECK(config_dir("", "/home/u") == fs::path("/home/u/.config/synack"));
  // The XDG spec: a relative XDG_CONFIG_HOME is invalid and ignored.
  CHECK(config_dir("relative", "/home/u") == fs::path("/home/u/.config/synack"));
  CHECK(config_dir(nullptr, nullptr).empty());
  CHECK(config_dir(nullptr, "relative").empty());
}

TEST_CASE("settings: format and parse round-trip", "[settings]") {
  Settings s;
  s.lang = Lang::zh;
  s.font_scale = 1.5f;
  s.theme = Theme::high_contrast;
  s.last_scenario = "syn-flood";
  const Settings back = parse_settings(format_settings(s));
  CHECK(back.lang == Lang::zh);
  CHECK(back.font_scale == Approx(1.5f));
  CHECK(back.theme == Theme::high_contrast);
  CHECK(back.last_scenario == "syn-flood");
}

TEST_CASE("settings: bad values keep their defaults", "[settings]") {
  const Settings d;
  Settings s = parse_settings("this is [not toml");
  CHECK(s.lang == d.lang);
  CHECK(s.font_scale == d.font_scale);
  s = parse_settings("lang = 'fr'\nfont_scale = 99.0\ntheme = 'neon'\nlast_scenario = 3\n");
  CHECK(s.lang == Lang::en);
  CHECK(s.font_scale == d.font_scale);
  CHECK(s.theme == Theme::dark);
  CHECK(s.last_scenario.empty());
  s = parse_settings("theme = 'light'\nfont_scale = 2\n");  // an integer is a number too
  CHECK(s.theme == Theme::light);
  CHECK(s.font_scale == Approx(2.0f));
}

TEST_CASE("settings: save creates the directory and load reads it back", "[settings]") {
  const fs::path dir = fs::temp_directory_path() / "synack-test-settings" / "nested";
  fs::remove_all(dir.parent_path());
  Settings s;
  s.lang = Lang::zh;
  s.last_scenario = "handshake";
  save_settings(dir / kSettingsFile, s);
  CHECK(load_settings(dir / kSettingsFile).last_scenario == "handshake");
  CHECK(load_settings(dir / kSettingsFile).lang == Lang::zh);
  CHECK(load_settings(dir / "missing.toml").last_scenario.empty());
  // Only the settings file: the atomic write leaves no temporary behind.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  CHECK(files == 1);
  fs::remove_all(dir.parent_path());
}

TEST_CASE("settings: the window's place, the panels' widths and recent files", "[settings]") {
  Settings s;
  s.window = {{-20, 35, 1400, 800}, true};
  s.left_width = 320;
  s.right_width = 455.5f;
  s.recent_files = {"/home/u/lab.toml", "/tmp/老师.toml"};
  const Settings back = parse_settings(format_settings(s));
  CHECK(back.window.rect.x == -20);  // left of the primary monitor: a second one
  CHECK(back.window.rect.y == 35);
  CHECK(back.window.rect.w == 1400);
  CHECK(back.window.rect.h == 800);
  CHECK(back.window.maximized);
  CHECK(back.left_width == 320);
  CHECK(back.right_width == Approx(455.5f));
  CHECK(back.recent_files == s.recent_files);
  // Never saved: no [window] table, and it reads back as nothing saved.
  const std::string fresh = format_settings(Settings{});
  CHECK(fresh.find("[window]") == std::string::npos);
  CHECK(parse_settings(fresh).window.rect.w == 0);
}

TEST_CASE("settings: a broken window place or list is ignored, the rest kept", "[settings]") {
  // Missing height: the whole place is ignored (a half-saved place is not a place).
  Settings s = parse_settings("lang = 'zh'\n[window]\nx = 1\ny = 2\nwidth = 800\n");
  CHECK(s.lang == Lang::zh);
  CHECK(s.window.rect.w == 0);
  s = parse_settings("[window]\nx = 1\ny = 2\nwidth = -800\nheight = 600\n");
  CHECK(s.window.rect.w == 0);
  s = parse_settings("[window]\nx = 1\ny = 2\nwidth = 800\nheight = 1e9\n");
  CHECK(s.window.rect.w == 0);
  s = parse_settings("window = 3\nleft_width = -5\nright_width = 'wide'\nrecent_files = 'a'\n");
  CHECK(s.window.rect.w == 0);
  CHECK(s.left_width == 0);
  CHECK(s.right_width == 0);
  CHECK(s.recent_files.empty());
  // Only the strings of a mixed list; maximized of the wrong type is false.
  s = parse_settings(
      "recent_files = ['/a.toml', 3, '', '/b.toml']\n"
      "[window]\nx = 0\ny = 0\nwidth = 640\nheight = 480\nmaximized = 'yes'\n");
  CHECK(s.recent_files == std::vector<std::string>{"/a.toml", "/b.toml"});
  CHECK(s.window.rect.w == 640);
  CHECK_FALSE(s.window.maximized);
}
