#include "app/content/scenario_groups.hpp"

#include <algorithm>

namespace synack {

std::string_view scenario_section(const CatalogEntry& entry) {
  if (entry.topics.empty()) return {};
  const std::string& first = entry.topics.front();
  const std::string_view prefix = std::string_view(first).substr(0, first.find('-'));
  const bool known = std::find(kScenarioSections.begin(), kScenarioSections.end(), prefix) !=
                     kScenarioSections.end();
  return known ? prefix : std::string_view{};
}

std::vector<ScenarioGroup> group_scenarios(const std::vector<CatalogEntry>& entries) {
  std::vector<ScenarioGroup> groups;
  auto add = [&](std::string_view section) {
    ScenarioGroup g{std::string(section), {}};
    for (const CatalogEntry& e : entries) {
      if (scenario_section(e) == section) g.entries.push_back(&e);
    }
    if (!g.entries.empty()) groups.push_back(std::move(g));
  };
  for (std::string_view section : kScenarioSections) add(section);
  add({});
  return groups;
}

}  // namespace synack
