#include "app/run/segment_fate.hpp"

namespace synack {

namespace {

// A socket call returning because of what arrived: the host's last event for the same call
// said it was waiting.
bool completes_waiting_call(const Trace& trace, std::size_t index) {
  const Event& e = trace.events[index];
  if (e.result == AppResult::blocked) return false;
  for (std::size_t k = index; k-- > 0;) {
    const Event& before = trace.events[k];
    if (before.type != EventType::app || before.host != e.host || before.call != e.call) continue;
    return before.result == AppResult::blocked;
  }
  return false;
}

}  // namespace

SegmentFate segment_fate(const TraceIndex& index, std::uint32_t segment) {
  SegmentFate fate;
  const Trace& trace = index.trace();
  const auto& events = trace.events;
  const TraceIndex::SegmentEvents found = index.segment_events(segment);
  if (found.send != kNoIndex) fate.sent = found.send;
  if (found.drop != kNoIndex) fate.lost = found.drop;
  if (found.recv != kNoIndex) fate.arrived = found.recv;
  if (!fate.arrived) return fate;

  const Event& arrival = events[*fate.arrived];
  for (std::size_t j = *fate.arrived + 1; j < events.size(); ++j) {
    const Event& e = events[j];
    if (e.t != arrival.t) break;
    if (e.host != arrival.host) continue;  // another host at the same instant
    if (e.type == EventType::recv) break;  // the next arrival: its own reaction
    if (e.type == EventType::app && !completes_waiting_call(trace, j)) break;
    if (e.type == EventType::state || e.type == EventType::queue || e.type == EventType::send ||
        e.type == EventType::app) {
      fate.reaction.push_back(j);
    }
  }
  return fate;
}

}  // namespace synack
