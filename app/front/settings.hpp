#pragma once
// What the window remembers between runs (language, font scale, theme, last scenario, the
// window's place, the panels' widths, recent files),
// kept under the XDG config directory with ImGui's imgui.ini, never in the working
// directory. No UI library here.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "app/front/window_placement.hpp"
#include "engine/reason.hpp"

namespace synack {

enum class Theme { dark, light, high_contrast };
std::string_view theme_name(Theme t);  // "dark", "light", "high-contrast"

struct Settings {
  Lang lang = Lang::en;
  float font_scale = 1.0f;  // 0.5 .. 4
  Theme theme = Theme::dark;
  std::string last_scenario;
  SavedWindow window;    // size 0: never saved
  float left_width = 0;  // splitters; 0: the default width
  float right_width = 0;
  std::vector<std::string> recent_files;  // File -> Open, newest first
};

// $XDG_CONFIG_HOME/synack if XDG_CONFIG_HOME is set and absolute (the spec says to ignore a
// relative one), else $HOME/.config/synack; empty when neither is usable, and then nothing
// is saved at all.
std::filesystem::path config_dir(const char* xdg_config_home, const char* home);
std::filesystem::path config_dir();  // from the environment

// Values that are missing, of the wrong type or out of range keep their defaults: a broken
// settings file must never stop the window from opening.
Settings parse_settings(std::string_view toml);
std::string format_settings(const Settings& s);

Settings load_settings(const std::filesystem::path& file);  // defaults if missing
// Creates the directory, then writes the file atomically. Throws std::runtime_error.
void save_settings(const std::filesystem::path& file, const Settings& s);

inline constexpr std::string_view kSettingsFile = "settings.toml";
inline constexpr std::string_view kImguiIniFile = "imgui.ini";

}  // namespace synack
