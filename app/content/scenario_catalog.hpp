#pragma once
// The scenarios shipped in content/scenarios: where they are, what they are called, and
// loading one by id or by path.

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "app/content/scenario.hpp"
#include "app/content/scenario_error.hpp"
#include "app/content/scenario_loader.hpp"

namespace synack {

struct CatalogEntry {
  std::string id;
  LocalizedText title;
  std::vector<std::string> topics;
  std::string path;
  // The file as parsed when the catalog was loaded: opening an id or collecting the glyphs
  // of every scenario reads this, not the file again.
  std::shared_ptr<const Scenario> scenario;
};

struct Catalog {
  std::vector<CatalogEntry> entries;  // sorted by id
  std::vector<ScenarioError> errors;  // every file that failed to load, in id order
};

// $SYNACK_CONTENT_DIR if set; else <exe dir>/../../content if it exists (a binary in
// build/bin); else the source tree's content/.
std::filesystem::path find_content_dir();

// Loads every content_dir/scenarios/*.toml. A bad file does not stop the others.
Catalog load_catalog(const std::filesystem::path& content_dir, const LoadOptions& options = {});

// Ids of the scenario files present (file name stems), sorted; no file is parsed.
std::vector<std::string> scenario_ids(const std::filesystem::path& content_dir);

class UnknownScenarioError : public std::runtime_error {
 public:
  UnknownScenarioError(std::string id, std::vector<std::string> suggestions);
  const std::string& id() const { return id_; }
  const std::vector<std::string>& suggestions() const { return suggestions_; }

 private:
  std::string id_;
  std::vector<std::string> suggestions_;
};

// The entry with this id, or nullptr.
const CatalogEntry* find_entry(const Catalog& catalog, std::string_view id);

// `id_or_path` ending in ".toml" is a file path; anything else an id in the catalog.
// Throws UnknownScenarioError (with suggestions) or ScenarioError.
Scenario load_scenario_arg(const std::filesystem::path& content_dir, std::string_view id_or_path,
                           const LoadOptions& options = {});

}  // namespace synack
