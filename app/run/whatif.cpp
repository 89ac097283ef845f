#include "app/run/whatif.hpp"

#include <fmt/format.h>

#include <vector>

namespace synack {
namespace {

// Recorded when a rule acted on a segment. The engine gives a segment to the first rule
// whose match and count fit, so a rule appended later never sees (or counts) it.
bool rule_acted(const Event& e) {
  switch (e.reason.why) {
    case Why::net_drop_rule:
      return e.type == EventType::drop;
    case Why::net_delay_rule:
    case Why::net_duplicate_rule:
    case Why::net_reorder_rule:
      return e.type == EventType::recv;
    default:
      return false;
  }
}

}  // namespace

std::optional<RuleSpec> drop_rule_for(const Trace& trace, std::uint32_t segment) {
  if (segment >= trace.segments.size()) return std::nullopt;
  const SegmentRecord& target = trace.segments[segment];
  const std::size_t hosts = trace.hosts.size();
  // Segments to nobody are dropped before the rules are consulted.
  if (target.from_host >= hosts || target.to_host >= hosts) return std::nullopt;

  std::vector<bool> acted(trace.segments.size(), false);
  for (const Event& e : trace.events) {
    if (e.segment < acted.size() && rule_acted(e)) acted[e.segment] = true;
  }
  if (acted[segment]) return std::nullopt;

  // Counted as the engine counts: the sender's segments with exactly these flags that
  // reached the rules and that no earlier rule took.
  int nth = 0;
  for (const Event& e : trace.events) {
    if (e.type != EventType::send || e.segment >= trace.segments.size()) continue;
    const SegmentRecord& r = trace.segments[e.segment];
    if (r.from_host != target.from_host || r.seg.flags != target.seg.flags) continue;
    if (r.to_host >= hosts || acted[e.segment]) continue;
    if (e.segment == segment && is_attacker_event(e)) return std::nullopt;
    ++nth;
    if (e.segment == segment) {
      RuleSpec rule;
      rule.action = RuleAction::drop;
      rule.match.from = trace.hosts[target.from_host].name;
      rule.match.flags = target.seg.flags;
      rule.match.nth = nth;
      return rule;
    }
  }
  return std::nullopt;  // no send event for it
}

std::string drop_rule_text(const RuleSpec& rule) {
  std::string text = rule.match.from + ":";
  text += rule.match.flags ? flags_to_string(*rule.match.flags) : "*";
  if (rule.match.nth > 0) text += fmt::format("#{}", rule.match.nth);
  return text;
}

Trace resimulate(const Scenario& scenario, const RunOptions& base,
                 const std::vector<RuleSpec>& extra) {
  RunOptions options = base;
  options.extra_rules.insert(options.extra_rules.end(), extra.begin(), extra.end());
  return run_scenario(scenario.spec, options);
}

}  // namespace synack
