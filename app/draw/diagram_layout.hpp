#pragma once
// Where everything of a sequence diagram goes, computed with no UI library for a pane of a
// given width and a given text size: lifelines spread across the pane, sloped arrows, lost
// segments, state badges and timer bars in gutters outside the lifelines, every label in a
// box that no arrow crosses and no other text covers, quiet stretches compressed. The
// window, the PNG and the SVG export all draw this; none of them places text on its own.
// Units are pixels of the pane; y grows with time, 0 is the top of the scrolling area (the
// host header is a separate band above it, see Layout::header).

#include <cstdint>
#include <string>
#include <vector>

#include "app/draw/text_measure.hpp"
#include "engine/trace.hpp"

namespace synack {

struct LayoutOptions {
  double width = 900;    // the pane: lifelines, gutters and the time axis fill it
  double font_px = 17;   // text size; every spacing is a multiple of it (1 em)
  Lang lang = Lang::en;  // timer names, "lost", "retx #n"
  // Widths at font_px; nullptr: ApproxMeasure (what the SVG export uses).
  const TextMeasure* measure = nullptr;
  double ms_em = 2.0 / 17;           // vertical scale of real time: ems per millisecond
  double compress_em = 4;            // a quiet stretch taller than this is drawn as a gap band
  double gap_em = 2.2;               // height of that band
  std::size_t flood_threshold = 12;  // as DiagramOptions::flood_threshold (app/run/flood.hpp)

  bool operator==(const LayoutOptions&) const = default;
};

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool intersects(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

enum class TextKind : std::uint8_t { arrow, state, timer, flood, gap, tick, host };
enum class Align : std::uint8_t { left, centre, right };

inline constexpr std::size_t kAlways = static_cast<std::size_t>(-1);

// A text and the box it owns: nothing else is drawn inside the box. Its lines are drawn
// from box.y0 + Layout::text_pad_y, one Layout::line_height apart, aligned inside
// [box.x0 + text_pad_x, box.x1 - text_pad_x].
struct TextBox {
  TextKind kind = TextKind::arrow;
  Align align = Align::centre;
  Box box;
  std::vector<std::string> lines;
  std::size_t event = kAlways;     // shown once this trace event is (kAlways: always)
  std::uint32_t owner = kNoIndex;  // its arrow, state mark, timer bar or gap
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
  bool ladder = false;     // one of several segments in flight at once: drawn nearly flat,
                           // one row each (as Wireshark's flow graph), so none crosses another
  bool flood = false;      // folded into a flood block: drawn faint, no label of its own
  std::uint32_t retransmit_of = kNoIndex;  // index into Layout::arrows of the first transmission
  // From a capture: a segment synack's engine would not have sent (drawn red, "≠ engine").
  bool disagreement = false;
  std::string label;  // "SYN,ACK seq=0 ack=1 len=0" (as the text diagram; from/to in the language)
  std::uint32_t text = kNoIndex;  // its label box in Layout::texts (with retx / lost)
};
// Arrows are in send order (y0 never decreases). A segment the network duplicated has one
// arrow per delivery; a segment still in flight at the end is drawn as if it arrived.

struct StateMark {
  std::uint16_t lifeline = 0;
  std::size_t event = 0;
  double y = 0;
  TcpState from = TcpState::CLOSED;
  TcpState to = TcpState::CLOSED;
  bool listener = false;          // the listening socket, not a connection: "(LISTEN)"
  std::uint32_t text = kNoIndex;  // its badge (kNoIndex: part of a folded flood)
};

struct TimerBar {
  std::uint16_t lifeline = 0;
  TimerKind kind = TimerKind::retransmit;
  std::size_t armed_event = 0;
  double x = 0;  // left edge of the bar (Layout::bar_width wide)
  double y0 = 0;
  double y1 = 0;  // where it fired, was cancelled, or the trace ended
  bool fired = false;
  bool flood = false;             // armed for a flood's request
  int slot = 0;                   // bars that overlap in time on one lifeline get different slots
  std::uint32_t text = kNoIndex;  // its name, on the first bar of a run of the same timer
};

struct CompressedGap {
  double y = 0;  // top of the gap band
  double height = 0;
  Micros from = 0;  // the quiet period in virtual time
  Micros to = 0;
  std::uint32_t text = kNoIndex;  // "… 60.0 s …", where no arrow crosses the band
};

struct FloodBlock {
  std::size_t first_event = 0, last_event = 0;
  double y0 = 0, y1 = 0;              // the block's band, summary label included
  std::uint16_t left = 0, right = 0;  // the lifelines its arrows span
  std::uint32_t text = kNoIndex;
};

struct Layout {
  std::vector<Lifeline> lifelines;
  std::vector<Arrow> arrows;
  std::vector<StateMark> states;
  std::vector<TimerBar> timers;
  std::vector<CompressedGap> gaps;
  std::vector<FloodBlock> floods;
  std::vector<TextBox> texts;   // every text of the scrolling area, sorted by box.y0
  std::vector<TextBox> header;  // host name, address, a line for the current state and, on a
                                // lifeline with more timers than lanes, one for their count;
                                // y from the top of the header band
  std::vector<double> event_y;  // y of every trace event, same indexing as Trace::events
  double width = 0;             // = LayoutOptions::width
  double height = 0;            // of the scrolling area
  double header_height = 0;
  double axis_x = 0;    // the time axis line; tick labels end left of it
  double font_px = 17;  // the text size it was laid out for
  Lang lang = Lang::en;
  double line_height = 17;
  double text_pad_x = 0, text_pad_y = 0;
  double bar_width = 0;  // timer bars
  bool settled = true;   // false: some text could not be given room (a bug to report)
  std::uint64_t id = 0;  // different for every layout made (views cache by it)

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

// The text size a diagram gets in a pane: the reader's text size, unless the pane is too
// narrow to hold the lifelines, their gutters and labels at that size (16 ems plus 14 per
// pair of neighbouring lifelines), as on a small projector at a large text size. The
// layout's font_px and measure use this.
double diagram_font_px(double pane_width, double text_px, std::size_t lifelines);

}  // namespace synack
