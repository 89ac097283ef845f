#pragma once
// Ties each narration of a scenario to one event of a trace, and picks the narration to
// show at a playback position.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/content/scenario.hpp"
#include "engine/trace.hpp"

namespace synack {

// True if `event` has every field the anchor sets (ignoring `nth`).
bool anchor_matches(const NarrationAnchor& anchor, const Trace& trace, const Event& event);

// The index of the event `anchor` points at (its nth match), or nullopt.
std::optional<std::size_t> find_anchor(const NarrationAnchor& anchor, const Trace& trace);

// For each narration, the index of the event it anchors to: the nth event matching the
// anchor. nullopt when the trace has fewer matches.
std::vector<std::optional<std::size_t>> anchor_narrations(const std::vector<Narration>& narration,
                                                          const Trace& trace);

// The narration to show when playback is at event `cursor`: the one anchored at the latest
// event at or before it (the later one in the file on a tie). nullopt before the first.
std::optional<std::size_t> narration_at(const std::vector<std::optional<std::size_t>>& anchors,
                                        std::size_t cursor);

// The narration texts in `lang` keyed by the event they belong to, in event order: what
// DiagramOptions::narration wants (the CLI's text and Mermaid output, the Export menu).
std::vector<std::pair<std::size_t, std::string>> narration_for(const Scenario& scenario,
                                                               const Trace& trace, Lang lang);

}  // namespace synack
