// The scenario browser's groups: every section of content/topics.toml has a group and a
// title in the window's words, every shipped scenario is filed under a section (none under
// "other"), and the flow and congestion control scenarios under their own two sections.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

#include "app/content/scenario_groups.hpp"
#include "app/content/topics.hpp"
#include "app/content/ui_strings.hpp"

using namespace synack;

namespace {

CatalogEntry entry(std::string id, std::vector<std::string> topics) {
  CatalogEntry e;
  e.id = std::move(id);
  e.topics = std::move(topics);
  return e;
}

const ScenarioGroup* group(const std::vector<ScenarioGroup>& groups, std::string_view section) {
  for (const ScenarioGroup& g : groups) {
    if (g.section == section) return &g;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("scenario groups: first topic's section, course order, unknown ones last",
          "[catalog][groups]") {
  const std::vector<CatalogEntry> entries = {
      entry("a", {"CC-03", "RT-02"}), entry("b", {"HS-01"}),
      entry("c", {"XX-01"}),          entry("d", {}),
      entry("e", {"FC-02"}),          entry("f", {"HS-04", "CC-01"})};
  const std::vector<ScenarioGroup> groups = group_scenarios(entries);
  REQUIRE(groups.size() == 4);  // empty sections are left out
  CHECK(groups[0].section == "HS");
  CHECK(groups[1].section == "FC");
  CHECK(groups[2].section == "CC");
  CHECK(groups[3].section.empty());  // "other": an unknown section, or no topic at all
  REQUIRE(groups[0].entries.size() == 2);
  CHECK(groups[0].entries[0]->id == "b");  // catalog order within a group
  CHECK(groups[0].entries[1]->id == "f");  // only the first topic counts
  CHECK(groups[2].entries.size() == 1);    // "a" is not listed under RT as well
  REQUIRE(groups[3].entries.size() == 2);
  CHECK(groups[3].entries[0]->id == "c");
  CHECK(groups[3].entries[1]->id == "d");
  CHECK(scenario_section(entries[0]) == "CC");
  CHECK(scenario_section(entries[2]).empty());
}

TEST_CASE("scenario groups: one for every section of topics.toml, each with a title",
          "[catalog][groups]") {
  const auto content = find_content_dir();
  const TopicList topics = load_content_topics(content);
  const UiStrings words = UiStrings::load(ui_strings_path(content));
  // Same sections, same order: a section added to topics.toml must get a group too.
  REQUIRE(topics.sections.size() == kScenarioSections.size());
  for (std::size_t i = 0; i < topics.sections.size(); ++i) {
    CHECK(topics.sections[i].id == kScenarioSections[i]);
    const std::string key = "topic." + std::string(kScenarioSections[i]);
    INFO(key);
    CHECK(words.find(key) != nullptr);
  }
  CHECK(words.find("topic.other") != nullptr);
}

TEST_CASE("scenario groups: every shipped scenario has a section; flow and congestion their own",
          "[catalog][groups]") {
  const Catalog catalog = load_catalog(find_content_dir());
  REQUIRE(catalog.errors.empty());
  const std::vector<ScenarioGroup> groups = group_scenarios(catalog.entries);
  CHECK(group(groups, "") == nullptr);  // nothing under "other"
  std::size_t listed = 0;
  for (const ScenarioGroup& g : groups) listed += g.entries.size();
  CHECK(listed == catalog.entries.size());

  const ScenarioGroup* fc = group(groups, "FC");
  const ScenarioGroup* cc = group(groups, "CC");
  REQUIRE(fc != nullptr);
  REQUIRE(cc != nullptr);
  std::set<std::string> flow, congestion;
  for (const CatalogEntry* e : fc->entries) flow.insert(e->id);
  for (const CatalogEntry* e : cc->entries) congestion.insert(e->id);
  for (const char* id :
       {"zero-window", "nagle-delayed-ack", "nagle-nodelay", "silly-window", "send-buffer-full"}) {
    INFO(id);
    CHECK(flow.count(id) == 1);
  }
  for (const char* id : {"slow-start", "fast-recovery", "rto-collapse", "congestion-avoidance",
                         "reno-vs-cubic", "rack-vs-dupack"}) {
    INFO(id);
    CHECK(congestion.count(id) == 1);
  }
  // The groups follow the course: congestion control is the last section.
  CHECK(groups.back().section == "CC");
}
