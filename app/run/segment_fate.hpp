#pragma once
// What became of one segment, read from the trace for the inspector: the event that sent it,
// whether the network lost it or delivered it, and what the receiver did at that moment —
// the state change the arrival caused, the socket call it completed, the queues it changed,
// the segment it answered with. No UI library.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "app/run/trace_index.hpp"
#include "engine/trace.hpp"

namespace synack {

struct SegmentFate {
  std::optional<std::size_t> sent;     // the send event (its reason: why it was sent)
  std::optional<std::size_t> arrived;  // the recv event (its reason: time in the network)
  std::optional<std::size_t> lost;     // the drop event (its reason: which rule, host down)
  // Events at the receiver caused by the arrival, in trace order: state changes, queue
  // changes, completed socket calls and the segments it sent in answer. Empty when lost.
  std::vector<std::size_t> reaction;
};

// The receiver's reaction is what happens on its host at the arrival's instant, up to the
// next segment arriving there or a socket call its program makes of its own accord (a call
// that does not complete one that was waiting); timers are left out.
SegmentFate segment_fate(const TraceIndex& index, std::uint32_t segment);

}  // namespace synack
