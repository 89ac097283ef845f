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

#include "app/content/scenario_catalog.hpp"
#include "tests/support/topics_md.hpp"

using namespace synack;
namespace fs = std::filesystem;

namespace {}  // namespace

TEST_CASE("every dynamic topic of shared/topics.md has a scenario", "[catalog][content]") {
  const fs::path topics = SYNACK_SOURCE_DIR "/../shared/topics.md";
  if (!fs::exists(topics)) {
    WARN("shared/topics.md not found at " << topics << "; coverage not checked");
    return;
  }
  std::vector<std::string> dynamic;
  for (const auto& [id, is_dynamic] : test::markdown_topics(topics)) {
    if (is_dynamic) dynamic.push_back(id);
  }
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
