#include "app/scenario_catalog.hpp"

#include <algorithm>
#include <cstdlib>
#include <system_error>
#include <utility>

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

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
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
      Scenario sc = load_scenario(file.string(), options);
      catalog.entries.push_back({sc.spec.id, sc.title, sc.topics, sc.path});
    } catch (const ScenarioError& e) {
      catalog.errors.push_back(e);
    }
  }
  return catalog;
}

std::vector<std::string> scenario_ids(const fs::path& content_dir) {
  std::vector<std::string> ids;
  for (const fs::path& file : scenario_files(content_dir)) ids.push_back(file.stem().string());
  return ids;
}

std::vector<std::string> suggest_ids(const std::vector<std::string>& ids, std::string_view unknown,
                                     std::size_t max) {
  // Close enough to be a typo, or a part of the id ("flood" for "syn-flood").
  std::size_t limit = std::max<std::size_t>(2, unknown.size() / 2);
  std::vector<std::pair<std::size_t, std::string>> ranked;
  for (const std::string& id : ids) {
    std::size_t d = edit_distance(unknown, id);
    bool part = !unknown.empty() && id.find(unknown) != std::string::npos;
    if (d <= limit || part) ranked.emplace_back(part ? std::min<std::size_t>(d, 1) : d, id);
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ranked.size() && i < max; ++i) out.push_back(ranked[i].second);
  return out;
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
