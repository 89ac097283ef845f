#pragma once
// "What if this segment were lost?": turn a segment of a trace into the drop rule that
// removes exactly it, and re-run the scenario with that rule added.

#include <optional>
#include <string>

#include "app/content/scenario.hpp"
#include "engine/simulator.hpp"

namespace synack {

// The rule that drops exactly `segment` of `trace`: its sender, its exact flags, and its
// position among that sender's segments with those flags (nth). nullopt for segments an
// attacker injected or sent to nobody.
std::optional<RuleSpec> drop_rule_for(const Trace& trace, std::uint32_t segment);

// The `--drop` text of such a rule ("server:SYN,ACK#2"), for display and the CLI.
std::string drop_rule_text(const RuleSpec& rule);

// Runs the scenario again with the base options plus `extra` rules.
Trace resimulate(const Scenario& scenario, const RunOptions& base,
                 const std::vector<RuleSpec>& extra);

}  // namespace synack
