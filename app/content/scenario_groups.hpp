#pragma once
// The scenario browser's groups, with no UI library: each scenario under the section of the
// topic it mainly teaches (its first topic id's prefix; listing it under every topic made
// the list three times as long), the sections in course order (those of shared/topics.md,
// then flow control and congestion control, beyond the material), anything else last.

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "app/content/scenario_catalog.hpp"

namespace synack {

// Section ids in the order the browser lists them; the window's title of each is the UI
// string "topic.<id>".
inline constexpr std::array<std::string_view, 10> kScenarioSections = {
    "BA", "HS", "FW", "TW", "KA", "SK", "RT", "AT", "FC", "CC"};

// The section a scenario is listed under: its first topic's prefix if that is one of
// kScenarioSections, else "" (the "other" group, last).
std::string_view scenario_section(const CatalogEntry& entry);

struct ScenarioGroup {
  std::string section;                       // "" for "other"
  std::vector<const CatalogEntry*> entries;  // in catalog order
};

// The non-empty groups, in kScenarioSections order, "other" last. Points into `entries`.
std::vector<ScenarioGroup> group_scenarios(const std::vector<CatalogEntry>& entries);

}  // namespace synack
