#pragma once
// Beats: what a presenter's clicker moves by. A beat is one change the room can see (an
// arrow appears, a segment is lost, a state changes, a timer starts or fires, or the caption
// moves on to the next paragraph), made of the finer playback steps (app/draw/playback.hpp).

#include <cstddef>
#include <optional>
#include <vector>

#include "engine/trace.hpp"

namespace synack {

// Does the window's diagram draw something for this event: an arrow (send), a cross (drop),
// a state badge, the start of a timer bar or the mark where it fired? Receptions, app calls,
// queue changes and cancelled timers draw nothing there.
bool drawn_in_diagram(const Event& e);

// The beats of a trace, each given by its last step (steps are 1-based, as Playback counts
// them): strictly increasing, the last one is step_events.size(); empty without steps.
// `step_events` are the steps' event indexes, increasing; `narration_anchors` as in
// Run::narration_anchors.
//
// A beat is the consecutive steps at one instant on one host, or a whole flood run as the
// diagram folds it (app/run/flood.hpp), split where a second narration paragraph
// begins inside it, so every paragraph gets a beat of its own. Each step brings into view the
// events after the previous step up to its own (the last step: to the end of the trace); a
// group whose events draw nothing and begin no paragraph rides with the next group, and at
// the end with the last beat.
std::vector<std::size_t> find_beats(
    const Trace& trace, const std::vector<std::size_t>& step_events,
    const std::vector<std::optional<std::size_t>>& narration_anchors);

}  // namespace synack
