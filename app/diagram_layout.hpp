#pragma once
// Where everything of a sequence diagram goes, in diagram units (1 unit = 1 pixel at zoom 1),
// computed once per trace with no UI library: lifelines, sloped arrows, lost segments,
// state labels, timer bars and compressed idle gaps. Views only scale, pan and clip it.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/trace.hpp"

namespace synack {

struct LayoutOptions {
  double lifeline_spacing = 420;  // x distance between neighbouring lifelines
  double margin_left = 120;       // room for the time axis
  double top = 60;                // y of virtual time 0
  double units_per_ms = 2.0;      // vertical scale of real (uncompressed) time
  double min_arrow_drop = 36;     // an arrow always slopes at least this much
  double min_row = 22;            // events at the same instant are spread this far apart
  Micros gap_threshold = 1000 * kMicrosPerMs;  // quiet periods longer than this are compressed
  double gap_height = 48;                      // height of a compressed gap
};

struct Lifeline {
  std::uint16_t host = 0;
  std::string name;
  std::string addr;
  double x = 0;
};

struct Arrow {
  std::uint32_t segment = kNoIndex;  // index into Trace::segments
  std::size_t send_event = 0;        // index into Trace::events
  std::size_t end_event = 0;         // the recv or drop event
  std::uint16_t from = 0;            // lifeline indices
  std::uint16_t to = 0;              // for a segment to nobody: the lifeline it is drawn toward
                                     // (the attacker whose spoofed address it answers)
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool lost = false;       // ends in a cross half-way (x1,y1 is the cross)
  bool to_nobody = false;  // spoofed destination: no lifeline receives it (also lost)
  std::uint32_t retransmit_of = kNoIndex;  // index into Layout::arrows of the first transmission
  std::string label;                       // "SYN,ACK seq=0 ack=1 len=0" (as the text diagram)
};
// Arrows are in send order (y0 never decreases). A segment the network duplicated has one
// arrow per delivery; a segment still in flight at the end is drawn as if it arrived.

struct StateMark {
  std::uint16_t lifeline = 0;
  std::size_t event = 0;
  double y = 0;
  TcpState from = TcpState::CLOSED;
  TcpState to = TcpState::CLOSED;
  bool listener = false;  // the listening socket, not a connection
};

struct TimerBar {
  std::uint16_t lifeline = 0;
  TimerKind kind = TimerKind::retransmit;
  std::size_t armed_event = 0;
  double y0 = 0;
  double y1 = 0;  // where it fired, was cancelled, or the trace ended
  bool fired = false;
  int slot = 0;  // bars that overlap in time on one lifeline get different slots
};

struct CompressedGap {
  double y = 0;  // top of the gap band
  double height = 0;
  Micros from = 0;  // the quiet period in virtual time
  Micros to = 0;
};

struct Layout {
  std::vector<Lifeline> lifelines;
  std::vector<Arrow> arrows;
  std::vector<StateMark> states;
  std::vector<TimerBar> timers;
  std::vector<CompressedGap> gaps;
  std::vector<double> event_y;  // y of every trace event, same indexing as Trace::events
  double width = 0;
  double height = 0;

  // Virtual time <-> y, through the compressed gaps (monotonic both ways, clamped to
  // [0, end]). An instant whose events are spread over several rows maps to its top row,
  // and every y of those rows maps back to that instant.
  double y_of(Micros t) const;
  Micros time_of(double y) const;

  // (time, y) knots of the mapping, both non-decreasing: the top and bottom row of each
  // instant with events, plus the end of the trace. Linear in between.
  std::vector<std::pair<Micros, double>> time_marks;
};

Layout layout_trace(const Trace& trace, const LayoutOptions& options = {});

}  // namespace synack
