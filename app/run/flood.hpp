#pragma once
// Floods: which trace events belong to one (segments from spoofed sources, segments to an
// address nobody owns, and what happens on the sockets they create), and which runs of
// them are long enough to be folded into a summary. The text diagram, the graphical
// layout and the playback's beats all fold the same runs.

#include <cstddef>
#include <vector>

#include "engine/trace.hpp"

namespace synack {

// Segments a run needs to be folded, unless a caller asks otherwise.
inline constexpr std::size_t kFloodThreshold = 12;

struct FloodRun {
  std::size_t first = 0;  // first and last flood event of the run (events in between that
  std::size_t last = 0;   // are not flood events are neutral: queue counters, timers, ...)
  std::size_t segments = 0;
};

struct Floods {
  std::vector<bool> event;     // per trace event: part of a flood
  std::vector<FloodRun> runs;  // runs with at least `threshold` segments, in event order
  std::vector<bool> attacker;  // per host: sends segments with a source address not its own
};

// `threshold`: a run of consecutive flood events (ignoring neutral ones) with at least this
// many segments is folded.
Floods find_floods(const Trace& trace, std::size_t threshold);

// A received segment worth a note of its own: the receiver did something surprising with it
// (the usual effects show up as the state change or reply that follows).
bool noteworthy_recv(Why w);

}  // namespace synack
