#pragma once
// The diagram layout's working state, shared by its steps (private to them):
//   layout_plan.cpp     what to draw, before any y is known: arrows and how they are
//                       drawn, their labels, flood blocks, text sizes;
//   layout_gutters.cpp  the rest of that step: badges, timer bars and their names in the
//                       gutters, then the columns;
//   layout_rows.cpp     y of every event in one pass down the trace, with room for what
//                       each row holds, then the lines and bars at those y;
//   layout_place.cpp    every label put where nothing crosses it; where no place is free,
//                       room is added before the row concerned and the rows are redone.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "app/draw/diagram_layout.hpp"
#include "app/draw/layout_geometry.hpp"
#include "app/run/flood.hpp"

namespace synack::layout {

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

// Spacing, in ems of the layout's font size.
struct Em {
  static constexpr double top = 0.6;          // above the first row
  static constexpr double row = 0.7;          // between rows of one instant
  static constexpr double drop = 2.2;         // least slope of an arrow in flight alone
  static constexpr double ladder_drop = 0.6;  // slope of an arrow in a ladder
  static constexpr double clear = 0.25;       // between a label and its own arrow
  static constexpr double side = 0.6;         // between a label and a lifeline
  static constexpr double lane_gap = 0.35;    // lifeline to its first timer lane
  static constexpr double lane = 0.55;        // timer lane pitch
  static constexpr double bar = 0.35;         // timer bar width
  static constexpr double gutter_gap = 0.35;  // last lane to the gutter's text
  static constexpr double stack = 0.2;        // between texts stacked in a gutter
  static constexpr double pad_x = 0.3;        // text box padding
  static constexpr double pad_y = 0.1;
  static constexpr double bundle = 2.5;   // a flood block's lines
  static constexpr double min_span = 12;  // lifelines closer than this squeeze labels
};
inline constexpr int kLanes = 6;  // timer bars side by side; more are counted by the view

struct ArrowPlan {
  std::uint32_t segment = 0;
  std::size_t send = 0, end = npos;  // end: recv or drop event
  Micros t0 = 0, t1 = 0;             // in flight, as drawn (a lost one: half its link's time)
  std::uint16_t from = 0, to = 0;
  bool to_nobody = false, lost = false;
  bool late_drop = false;  // dropped after it left (a dead receiver): the drop takes a row
  bool ladder = false;
  bool cross = false;  // one of two segments crossing in opposite directions (an X)
  int run = -1;        // folded flood run it belongs to
  std::uint32_t retransmit_of = kNoIndex;
  bool disagreement = false;  // Arrow::disagreement
  std::string label;
  std::string text;                // the label as drawn: with "retx #n", "× lost", "≠ engine"
  std::vector<std::string> lines;  // text, wrapped
  double w = 0, h = 0;             // its box
};

struct TextPlan {
  std::vector<std::string> lines;
  double w = 0, h = 0;
};

struct StatePlan {
  std::size_t event = 0;
  std::uint16_t lifeline = 0;
  bool listener = false;
  int run = -1;
  TextPlan text;
};

struct BarPlan {
  std::uint16_t lifeline = 0;
  TimerKind kind = TimerKind::retransmit;
  std::size_t armed = 0, end = npos;
  bool fired = false;
  int run = -1;
  int slot = 0;
  bool named = false;
  TextPlan text;
  // Not one bar a timer: beyond the lanes, or one of a flood's sharing a lane. The header
  // counts those running.
  bool counted() const { return slot >= kLanes || run >= 0; }
};

struct RunPlan {
  FloodRun run;
  std::uint16_t left = 0, right = 0;
  TextPlan text;
};

// Why a row moves down: room added before an event, grown each round until nothing collides.
struct Bump {
  std::size_t event;
  double by;
};

class Builder {
 public:
  Builder(const Trace& trace, const LayoutOptions& options, const TextMeasure& measure);
  Layout build();

  // layout_plan.cpp, layout_gutters.cpp
  void plan();                    // the steps below, in this order
  void plan_arrows();             // arrows: sloped, in a ladder or crossing (an X)
  void plan_states();             // state badges (gutter texts)
  void plan_bars();               // timer bars, their lanes and names
  void plan_columns();            // the time axis, gutters, lifelines' x, label_max_w
  void plan_arrow_labels();       // arrow labels, wrapped to fit beside their arrows
  void plan_floods();             // flood blocks: one summary line per kind of segment
  void spread_ladders();          // arrows in flight with a ladder arrow join the ladder
  void wrap_label(ArrowPlan& a);  // a's lines and box, for how it is drawn
  void index_ends();              // arrow_of_end, ladder_of_end, arrow_of_send
  // layout_rows.cpp
  void rows();
  void geometry();
  // layout_place.cpp
  std::vector<Bump> place();
  void finish();

  const Trace& t;
  const LayoutOptions& o;
  const TextMeasure& m;
  const double em;
  Layout L;

  Floods floods;
  std::vector<int> run_of;  // per event: folded flood run, or -1
  std::vector<ArrowPlan> arrows;
  std::vector<int> retx_count;  // per arrow: its retransmission number (0: an original)
  std::vector<StatePlan> states;
  std::vector<BarPlan> bars;
  std::vector<RunPlan> runs;
  std::vector<std::size_t> arrow_of_send;  // per event: the (first) arrow it sends, or npos
  std::vector<std::size_t> arrow_of_end;   // per event: the sloped arrow it ends, or npos
  std::vector<std::size_t> ladder_of_end;  // per event: the ladder arrow it ends, or npos
  std::vector<std::size_t> state_of;       // per event: index into states, or npos
  std::vector<std::size_t> bar_of_armed;   // per event: index into bars, or npos
  std::vector<double> gutter_w;            // per lifeline: width of its outer gutter text
  std::vector<int> lanes;                  // per lifeline: timer lanes used (<= kLanes)
  std::vector<double> extra;               // per event: room added before its row
  std::vector<std::size_t> row_of;         // per event: the event whose row it rides on
  double axis_w = 0;
  double label_max_w = 0;  // widest an arrow label may be

  // Filled by rows(): where the texts fixed to a row are (gutter badges and timer names).
  std::vector<Box> state_box;  // per state plan
  std::vector<Box> bar_name_box;
  std::vector<double> run_y0, run_y1;  // per run: block band
  std::vector<std::size_t> failed;     // filled by place(): arrows whose label found no place

  TextPlan text_plan(std::vector<std::string> lines) const;
  // Lines of at most max_w (box width, pads included); a word that does not fit widens the
  // box up to room, and only a word wider than room is broken.
  std::vector<std::string> wrap(const std::string& text, double max_w, double room = 0) const;
  bool owned(Addr a) const;                        // a host of the trace has this address
  bool outer_left(std::uint16_t lifeline) const;   // gutter on the left of the lifeline
  bool outer_right(std::uint16_t lifeline) const;  // gutter on its right
  // Where an arrow between two lifelines may put its label: the span between them, less a
  // margin at each side and the timer lanes of a middle lifeline (they open to the right).
  std::pair<double, double> free_span(std::uint16_t a, std::uint16_t b) const;
};

}  // namespace synack::layout
