#include "app/content/scenario_catalog.hpp"

#include <algorithm>
#include <cstdlib>
#include <system_error>
#include <utility>

#include "app/base/suggest.hpp"

namespace synack {

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> scenario_files(const fs::path& content_dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(content_dir / "scenarios", ec)) {
    if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string unknown_message(const std::string& id, const std::vector<std::string>& suggestions) {
  std::string message = "unknown scenario \"" + id + "\"";
  if (!suggestions.empty()) {
    message += "; did you mean ";
    for (std::size_t i = 0; i < suggestions.size(); ++i) {
      message += (i == 0 ? "" : i + 1 == suggestions.size() ? " or " : ", ") + suggestions[i];
    }
    message += "?";
  }
  return message + " (`synack list` shows them all)";
}

}  // namespace

fs::path find_content_dir() {
  if (const char* env = std::getenv("SYNACK_CONTENT_DIR"); env != nullptr && *env != '\0') {
    return fs::path(env);
  }
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path beside = exe.parent_path() / ".." / ".." / "content";
    if (fs::is_directory(beside, ec)) return beside.lexically_normal();
  }
  return fs::path(SYNACK_SOURCE_DIR "/content");
}

Catalog load_catalog(const fs::path& content_dir, const LoadOptions& options) {
  Catalog catalog;
  for (const fs::path& file : scenario_files(content_dir)) {
    try {
      auto sc = std::make_shared<const Scenario>(load_scenario(file.string(), options));
      catalog.entries.push_back({sc->spec.id, sc->title, sc->topics, sc->path, sc});
    } catch (const ScenarioError& e) {
      catalog.errors.push_back(e);
    }
  }
  return catalog;
}

const CatalogEntry* find_entry(const Catalog& catalog, std::string_view id) {
  for (const CatalogEntry& e : catalog.entries) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

std::vector<std::string> scenario_ids(const fs::path& content_dir) {
  std::vector<std::string> ids;
  for (const fs::path& file : scenario_files(content_dir)) ids.push_back(file.stem().string());
  return ids;
}

UnknownScenarioError::UnknownScenarioError(std::string id, std::vector<std::string> suggestions)
    : std::runtime_error(unknown_message(id, suggestions)),
      id_(std::move(id)),
      suggestions_(std::move(suggestions)) {}

Scenario load_scenario_arg(const fs::path& content_dir, std::string_view id_or_path,
                           const LoadOptions& options) {
  if (id_or_path.ends_with(".toml")) return load_scenario(std::string(id_or_path), options);
  fs::path file = content_dir / "scenarios" / (std::string(id_or_path) + ".toml");
  std::error_code ec;
  if (id_or_path.find('/') == std::string_view::npos && fs::is_regular_file(file, ec)) {
    return load_scenario(file.string(), options);
  }
  std::string id(id_or_path);
  throw UnknownScenarioError(id, suggest_ids(scenario_ids(content_dir), id));
}

}  // namespace synack
