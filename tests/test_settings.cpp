// Window settings: where they live (XDG, never the working directory), that a broken file
// never stops the window, and that they round-trip through an atomic write.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "app/settings.hpp"

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
