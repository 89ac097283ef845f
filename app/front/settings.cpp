#include "app/front/settings.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "app/base/atomic_write.hpp"

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

namespace {

constexpr std::int64_t kMaxPixels = 100000;  // anything larger is a broken file

// [window] x, y, width, height, maximized: all four numbers, in range, or nothing at all.
void parse_window(const toml::table& t, Settings& s) {
  const toml::table* w = t["window"].as_table();
  if (!w) return;
  auto x = (*w)["x"].value<std::int64_t>(), y = (*w)["y"].value<std::int64_t>();
  auto width = (*w)["width"].value<std::int64_t>(), height = (*w)["height"].value<std::int64_t>();
  if (!x || !y || !width || !height) return;
  auto in_range = [](std::int64_t v, std::int64_t lo) { return v >= lo && v <= kMaxPixels; };
  if (!in_range(*x, -kMaxPixels) || !in_range(*y, -kMaxPixels) || !in_range(*width, 1) ||
      !in_range(*height, 1)) {
    return;
  }
  s.window.rect = {static_cast<int>(*x), static_cast<int>(*y), static_cast<int>(*width),
                   static_cast<int>(*height)};
  s.window.maximized = (*w)["maximized"].value_or(false);
}

}  // namespace

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
  parse_window(t, s);
  for (auto [key, width] :
       {std::pair{"left_width", &s.left_width}, {"right_width", &s.right_width}}) {
    if (auto w = t[key].value<double>(); w && *w >= 0 && *w <= kMaxPixels) {
      *width = static_cast<float>(*w);
    }
  }
  if (const toml::array* recent = t["recent_files"].as_array()) {
    for (const auto& item : *recent) {
      if (auto path = item.value<std::string>(); path && !path->empty()) {
        s.recent_files.push_back(*path);
      }
    }
  }
  return s;
}

std::string format_settings(const Settings& s) {
  toml::table t;
  t.insert("lang", s.lang == Lang::zh ? "zh" : "en");
  t.insert("font_scale", static_cast<double>(s.font_scale));
  t.insert("theme", std::string(theme_name(s.theme)));
  t.insert("last_scenario", s.last_scenario);
  t.insert("left_width", static_cast<double>(s.left_width));
  t.insert("right_width", static_cast<double>(s.right_width));
  toml::array recent;
  for (const auto& path : s.recent_files) recent.push_back(path);
  t.insert("recent_files", std::move(recent));
  if (s.window.rect.w > 0 && s.window.rect.h > 0) {
    const ScreenRect& r = s.window.rect;
    t.insert("window", toml::table{{"x", r.x},
                                   {"y", r.y},
                                   {"width", r.w},
                                   {"height", r.h},
                                   {"maximized", s.window.maximized}});
  }
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
