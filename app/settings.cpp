#include "app/settings.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "app/atomic_write.hpp"

namespace synack {

std::string_view theme_name(Theme t) {
  switch (t) {
    case Theme::light:
      return "light";
    case Theme::high_contrast:
      return "high-contrast";
    case Theme::dark:
      break;
  }
  return "dark";
}

std::filesystem::path config_dir(const char* xdg_config_home, const char* home) {
  if (xdg_config_home && *xdg_config_home) {
    std::filesystem::path xdg(xdg_config_home);
    if (xdg.is_absolute()) return xdg / "synack";
  }
  if (home && *home) {
    std::filesystem::path h(home);
    if (h.is_absolute()) return h / ".config" / "synack";
  }
  return {};
}

std::filesystem::path config_dir() {
  return config_dir(std::getenv("XDG_CONFIG_HOME"), std::getenv("HOME"));
}

Settings parse_settings(std::string_view text) {
  Settings s;
  toml::table t;
  try {
    t = toml::parse(text);
  } catch (const toml::parse_error&) {
    return s;
  }
  if (auto lang = t["lang"].value<std::string>()) {
    if (*lang == "zh") s.lang = Lang::zh;
  }
  if (auto scale = t["font_scale"].value<double>()) {
    if (*scale >= 0.5 && *scale <= 4.0) s.font_scale = static_cast<float>(*scale);
  }
  if (auto theme = t["theme"].value<std::string>()) {
    for (Theme th : {Theme::dark, Theme::light, Theme::high_contrast}) {
      if (*theme == theme_name(th)) s.theme = th;
    }
  }
  if (auto last = t["last_scenario"].value<std::string>()) s.last_scenario = *last;
  return s;
}

std::string format_settings(const Settings& s) {
  toml::table t;
  t.insert("lang", s.lang == Lang::zh ? "zh" : "en");
  t.insert("font_scale", static_cast<double>(s.font_scale));
  t.insert("theme", std::string(theme_name(s.theme)));
  t.insert("last_scenario", s.last_scenario);
  std::ostringstream out;
  out << "# synack window settings; written by the app on exit\n" << t << "\n";
  return out.str();
}

Settings load_settings(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_settings(text.str());
}

void save_settings(const std::filesystem::path& file, const Settings& s) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  if (ec) {
    throw std::runtime_error(
        fmt::format("{}: cannot create directory: {}", file.parent_path().string(), ec.message()));
  }
  write_file_atomically(file, format_settings(s));
}

}  // namespace synack
