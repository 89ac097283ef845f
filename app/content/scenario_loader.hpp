#pragma once
// Loads a scenario file (docs/scenario-format.md) into a Scenario. Strict: an unknown key,
// a wrong type or a bad value throws ScenarioError naming file, line and field.

#include <set>
#include <string>
#include <string_view>

#include "app/content/scenario.hpp"
#include "app/content/scenario_error.hpp"

namespace synack {

struct LoadOptions {
  // Topic ids that exist (from shared/topics.md). Null: only the form "XX-NN" is checked.
  const std::set<std::string>* known_topics = nullptr;
};

Scenario load_scenario(const std::string& path, const LoadOptions& options = {});

// `path` is used in messages and for the id check (the id must equal the file name stem;
// skipped when `path` does not end in ".toml").
Scenario load_scenario_from_string(std::string_view text, const std::string& path,
                                   const LoadOptions& options = {});

}  // namespace synack
