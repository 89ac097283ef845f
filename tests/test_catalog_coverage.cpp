// The catalog's acceptance criterion: every topic that shared/topics.md marks dynamic has at
// least one scenario tagged with it — the same check as reading `synack list --json`.
#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/scenario_catalog.hpp"

using namespace synack;
namespace fs = std::filesystem;

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

// Ids of the rows "| HS-01 | question | where | yes |" whose last column is "yes".
std::vector<std::string> dynamic_topics(const fs::path& file) {
  std::vector<std::string> ids;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("| ")) continue;
    std::vector<std::string> cells;
    std::stringstream row(line.substr(1));
    std::string cell;
    while (std::getline(row, cell, '|')) cells.push_back(trim(cell));
    if (cells.size() < 4) continue;
    const std::string& id = cells.front();
    const bool is_id = id.size() == 5 && id[2] == '-' && std::isupper(id[0]) &&
                       std::isupper(id[1]) && std::isdigit(id[3]) && std::isdigit(id[4]);
    if (is_id && cells.back() == "yes") ids.push_back(id);
  }
  return ids;
}

}  // namespace

TEST_CASE("every dynamic topic of shared/topics.md has a scenario", "[catalog][content]") {
  const fs::path topics = SYNACK_SOURCE_DIR "/../shared/topics.md";
  if (!fs::exists(topics)) {
    WARN("shared/topics.md not found at " << topics << "; coverage not checked");
    return;
  }
  const std::vector<std::string> dynamic = dynamic_topics(topics);
  REQUIRE(dynamic.size() >= 30);  // the parser found the tables
  Catalog catalog = load_catalog(find_content_dir());
  for (const ScenarioError& e : catalog.errors) FAIL_CHECK(e.what());
  std::set<std::string> covered;
  for (const CatalogEntry& e : catalog.entries) covered.insert(e.topics.begin(), e.topics.end());
  for (const std::string& id : dynamic) {
    INFO("dynamic topic " << id << " has no scenario tagged with it");
    CHECK(covered.count(id) == 1);
  }
}
