#include "app/run/narration.hpp"

#include <algorithm>

namespace synack {

namespace {

bool has_segment(EventType type) {
  return type == EventType::send || type == EventType::recv || type == EventType::drop;
}

}  // namespace

bool anchor_matches(const NarrationAnchor& a, const Trace& trace, const Event& e) {
  if (a.type && *a.type != e.type) return false;
  if (!a.host.empty() && trace.host_name(e.host) != a.host) return false;
  // A field only exists on its own kind of event: `to` on a state event, `call` on an app
  // event... Other events keep default values there, which must not match by accident.
  if (a.flags) {
    if (!has_segment(e.type) || e.segment >= trace.segments.size()) return false;
    if (trace.segments[e.segment].seg.flags != *a.flags) return false;
  }
  if (a.to && (e.type != EventType::state || e.to != *a.to)) return false;
  if (a.call && (e.type != EventType::app || e.call != *a.call)) return false;
  if (a.result && (e.type != EventType::app || e.result != *a.result)) return false;
  if (a.timer && (e.type != EventType::timer || e.timer != *a.timer)) return false;
  if (a.action && (e.type != EventType::timer || e.action != *a.action)) return false;
  if (a.why && e.reason.why != *a.why) return false;
  return true;
}

std::optional<std::size_t> find_anchor(const NarrationAnchor& anchor, const Trace& trace) {
  int seen = 0;
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    if (anchor_matches(anchor, trace, trace.events[i]) && ++seen == anchor.nth) return i;
  }
  return std::nullopt;
}

std::vector<std::optional<std::size_t>> anchor_narrations(const std::vector<Narration>& narration,
                                                          const Trace& trace) {
  std::vector<std::optional<std::size_t>> out;
  out.reserve(narration.size());
  for (const Narration& n : narration) out.push_back(find_anchor(n.at, trace));
  return out;
}

std::optional<std::size_t> narration_at(const std::vector<std::optional<std::size_t>>& anchors,
                                        std::size_t cursor) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < anchors.size(); ++i) {
    if (!anchors[i] || *anchors[i] > cursor) continue;
    if (!best || *anchors[i] >= *anchors[*best]) best = i;
  }
  return best;
}

std::vector<std::pair<std::size_t, std::string>> narration_for(const Scenario& scenario,
                                                               const Trace& trace, Lang lang) {
  std::vector<std::pair<std::size_t, std::string>> out;
  auto anchors = anchor_narrations(scenario.narration, trace);
  for (std::size_t k = 0; k < anchors.size() && k < scenario.narration.size(); ++k) {
    if (anchors[k]) out.emplace_back(*anchors[k], scenario.narration[k].text.in(lang));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

}  // namespace synack
