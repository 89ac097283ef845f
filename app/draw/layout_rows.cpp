// Step 2 of the layout: the y of every event, in one pass down the trace, then the lines
// and bars at those y.

#include <algorithm>
#include <cmath>

#include "app/draw/layout_builder.hpp"

namespace synack::layout {

// Rows in time order. Distinct instants are spaced by their true time, quiet stretches
// taller than compress_em become a gap band; every event that draws something takes a row
// of its own (sends, arrivals of arrows in flight alone, state changes), each at least as
// low as what it needs above it: an arrow's end its least slope, a badge the texts above
// it in its gutter, a ladder arrow's label the arrow before it. Everything else rides on
// the current row. A folded flood run becomes one block of fixed height.
void Builder::rows() {
  const auto& ev = t.events;
  const std::size_t n = ev.size();
  const std::size_t hosts = t.hosts.size();
  const double per_us = o.ms_em * em / 1000.0;
  const double row = Em::row * em;
  L.event_y.assign(n, 0);
  row_of.assign(n, 0);
  std::size_t last_row = 0;
  L.gaps.clear();
  L.floods.clear();
  L.time_marks.clear();
  state_box.assign(states.size(), {});
  bar_name_box.assign(bars.size(), {});
  run_y0.assign(runs.size(), 0);
  run_y1.assign(runs.size(), 0);
  auto& knots = L.time_marks;

  const double top = Em::top * em;
  knots.push_back({0, top});
  Micros cur_t = 0;
  double y = top;                // the current row
  bool row_taken = false;        // a row of the current instant is used
  bool knot_pending = false;     // the current instant has no knot yet
  double floor = top;            // no later row above this (pinned ladder ends, blocks)
  double ladder_floor = -1e300;  // the last ladder arrow's end: the next label goes below
  std::vector<double> gutter_bottom(hosts, -1e300);

  // A quiet stretch [from, to) drawn as a band; returns how far y moves. The band starts a
  // row below what hangs under the last row (half a badge, a timer name stacked under it, a
  // flood block) and the next row is a row below it, so no mark sits on its edge.
  auto gap_band = [&](Micros from, Micros to) {
    double below = std::max(y, floor);
    for (double b : gutter_bottom) below = std::max(below, b);
    const double band = below + Em::row * em;
    L.gaps.push_back({band, o.gap_em * em, from, to});
    return band + o.gap_em * em + Em::row * em - y;
  };
  auto advance_time = [&](Micros to) {
    if (to <= cur_t) return;
    if (knots.back().second != y) knots.push_back({cur_t, y});
    const Micros dt = to - cur_t;
    double adv = static_cast<double>(dt) * per_us;
    if (adv > o.compress_em * em) adv = gap_band(cur_t, to);
    if (row_taken) adv = std::max(adv, row);
    y += adv;
    cur_t = to;
    row_taken = false;
    knot_pending = true;
  };
  auto set_knot = [&](double at) {
    if (!knot_pending) return;
    knots.push_back({cur_t, at});
    knot_pending = false;
  };

  // Arrivals first: at each instant the ends of the arrows arriving then take the instant's
  // first rows, before anything sent at it. Events of one instant are in the engine's order
  // (the server answers before the client's arrival is processed); drawn that way, a reply
  // would start above a segment still arriving and the two would cross.
  std::vector<bool> placed(n, false);
  auto arrivals = [&](std::size_t from) {
    for (std::size_t j = from; j < n && ev[j].t == cur_t; ++j) {
      const std::size_t k = arrow_of_end[j];
      if (k == npos || run_of[j] >= 0) continue;
      double at = std::max(y, floor);
      if (row_taken) at = std::max(at, y + row);
      at = std::max(at, L.event_y[arrows[k].send] + Em::drop * em) + extra[j];
      y = at;
      row_taken = true;
      set_knot(at);
      L.event_y[j] = at;
      row_of[j] = last_row = j;
      placed[j] = true;
    }
  };

  for (std::size_t i = 0; i < n; ++i) {
    const Event& e = ev[i];
    if (i == 0 || e.t > cur_t) {
      advance_time(e.t);
      arrivals(i);
    }
    if (placed[i]) continue;
    if (run_of[i] >= 0) {
      // A folded flood: a label band, then its events spread evenly over a fixed height.
      const auto r = static_cast<std::size_t>(run_of[i]);
      const FloodRun& fr = runs[r].run;
      const double y0 = std::max({row_taken ? y + row : y, floor}) + extra[i];
      const double bundle = y0 + runs[r].text.h + Em::clear * em;
      const double h = Em::bundle * em;
      const std::size_t count = fr.last - fr.first;
      set_knot(y0);
      knots.push_back({ev[fr.first].t, bundle});
      for (std::size_t j = fr.first; j <= fr.last; ++j) {
        L.event_y[j] =
            bundle +
            (count == 0 ? 0 : h * static_cast<double>(j - fr.first) / static_cast<double>(count));
      }
      for (std::size_t j = fr.first; j <= fr.last; ++j) row_of[j] = fr.first;
      last_row = fr.first;
      run_y0[r] = y0;
      run_y1[r] = bundle + h;
      L.floods.push_back(
          {fr.first, fr.last, y0, bundle + h, runs[r].left, runs[r].right, kNoIndex});
      cur_t = ev[fr.last].t;
      knots.push_back({cur_t, bundle + h});
      y = bundle + h;
      floor = y + Em::clear * em;
      row_taken = true;
      i = fr.last;
      continue;
    }

    double at = y;
    const std::size_t state = state_of[i];
    const std::size_t ladder_end = ladder_of_end[i];
    bool send_row = false;
    const ArrowPlan* send_arrow = nullptr;
    if (arrow_of_send[i] != npos) {
      send_arrow = &arrows[arrow_of_send[i]];  // a duplicate's arrows share the send row
      send_row = send_arrow->run < 0;
    }
    const bool takes_row = send_row || state != npos;
    if (ladder_end != npos) {
      // Pinned to its send's row: a ladder arrow is nearly flat.
      const ArrowPlan& a = arrows[ladder_end];
      at = L.event_y[a.send] + Em::ladder_drop * em;
      floor = std::max(floor, at + Em::clear * em);
      ladder_floor = std::max(ladder_floor, at);
    } else if (takes_row) {
      at = std::max(y, floor);
      if (row_taken) at = std::max(at, y + row);
      if (send_row && send_arrow->ladder) {
        at = std::max(at, ladder_floor + Em::clear * em + send_arrow->h + Em::clear * em);
      }
      if (state != npos && states[state].run < 0) {
        const StatePlan& s = states[state];
        at = std::max(at, gutter_bottom[s.lifeline] + Em::stack * em + s.text.h / 2);
      }
      at += extra[i];
      y = at;
      row_taken = true;
      set_knot(at);
      last_row = i;
    }
    if (ladder_end == npos && !takes_row) {
      // Riding on the current row; room asked for it moves what follows down (it is the
      // first of its instant, so its "row" is where the time axis put it).
      at += extra[i];
      y = at;
    }
    L.event_y[i] = at;
    row_of[i] = takes_row || !row_taken ? i : last_row;

    // Texts fixed to this row: the badge, and a timer's name under it in the gutter.
    if (state != npos && states[state].run < 0) {
      const StatePlan& s = states[state];
      const double x = L.lifelines[s.lifeline].x;
      const double lanes_w =
          Em::lane_gap * em + lanes[s.lifeline] * Em::lane * em + Em::gutter_gap * em;
      Box b{0, at - s.text.h / 2, 0, at + s.text.h / 2};
      if (outer_left(s.lifeline)) {
        b.x1 = x - lanes_w;
        b.x0 = b.x1 - s.text.w;
      } else if (outer_right(s.lifeline)) {
        b.x0 = x + lanes_w;
        b.x1 = b.x0 + s.text.w;
      } else {  // a middle lifeline: on its left, away from its timer lanes
        b.x1 = x - Em::lane_gap * em;
        b.x0 = b.x1 - s.text.w;
      }
      state_box[state] = b;
      gutter_bottom[s.lifeline] = b.y1;
    }
    const std::size_t bar = bar_of_armed[i];
    if (bar != npos && bars[bar].named &&
        (outer_left(bars[bar].lifeline) || outer_right(bars[bar].lifeline))) {
      const BarPlan& b = bars[bar];
      const double x = L.lifelines[b.lifeline].x;
      const double lanes_w =
          Em::lane_gap * em + lanes[b.lifeline] * Em::lane * em + Em::gutter_gap * em;
      const double y0 = std::max(at - b.text.h / 2, gutter_bottom[b.lifeline] + Em::stack * em);
      Box box{0, y0, 0, y0 + b.text.h};
      if (outer_left(b.lifeline)) {
        box.x1 = x - lanes_w;
        box.x0 = box.x1 - b.text.w;
      } else {
        box.x0 = x + lanes_w;
        box.x1 = box.x0 + b.text.w;
      }
      bar_name_box[bar] = box;
      gutter_bottom[b.lifeline] = box.y1;
    }
  }
  if (knots.back().second != y) knots.push_back({cur_t, y});
  // A trace stopped by its time limit ends after its last event.
  if (t.end_time > cur_t) {
    const Micros dt = t.end_time - cur_t;
    double adv = static_cast<double>(dt) * per_us;
    if (adv > o.compress_em * em) adv = gap_band(cur_t, t.end_time);
    knots.push_back({t.end_time, y + adv});
  }
}

// Lines and bars at the rows just computed.
void Builder::geometry() {
  const std::size_t n = t.events.size();
  L.arrows.clear();
  L.states.clear();
  L.timers.clear();
  double bottom = L.time_marks.empty() ? 0 : L.time_marks.back().second;
  for (double v : L.event_y) bottom = std::max(bottom, v);
  for (std::size_t k = 0; k < arrows.size(); ++k) {
    const ArrowPlan& p = arrows[k];
    Arrow a;
    a.segment = p.segment;
    a.send_event = p.send;
    a.end_event = p.end == npos ? p.send : p.end;
    a.from = p.from;
    a.to = p.to;
    a.lost = p.lost;
    a.to_nobody = p.to_nobody;
    a.ladder = p.ladder;
    a.flood = p.run >= 0;
    a.retransmit_of = p.retransmit_of;
    a.disagreement = p.disagreement;
    a.label = p.label;
    a.x0 = L.lifelines[p.from].x;
    a.y0 = L.event_y[p.send];
    const double x_to = p.to == p.from ? a.x0 + 2 * em : L.lifelines[p.to].x;
    double drop = 0;
    if (a.flood) {
      // Inside its block; one that arrives after the block ends is drawn ending with it.
      const auto r = static_cast<std::size_t>(p.run);
      const bool inside = p.end != npos && run_of[p.end] == p.run;
      drop = (inside ? L.event_y[p.end] : run_y1[r]) - a.y0;
      if (drop <= 0) drop = (run_y1[r] - a.y0) / 2;
    } else if (p.ladder) {
      drop = Em::ladder_drop * em;
    } else if (p.end != npos && (!p.lost || p.late_drop)) {
      drop = L.event_y[p.end] - a.y0;
    } else {
      drop = Em::drop * em;
    }
    if (a.lost) {
      a.x1 = (a.x0 + x_to) / 2;
      a.y1 = a.y0 + drop / 2;
    } else {
      a.x1 = x_to;
      a.y1 = a.y0 + drop;
    }
    bottom = std::max(bottom, a.y1);
    L.arrows.push_back(std::move(a));
  }
  for (std::size_t k = 0; k < states.size(); ++k) {
    const StatePlan& s = states[k];
    const Event& e = t.events[s.event];
    L.states.push_back(
        {s.lifeline, s.event, L.event_y[s.event], e.from, e.to, s.listener, kNoIndex});
  }
  for (const BarPlan& b : bars) {
    TimerBar bar;
    bar.lifeline = b.lifeline;
    bar.kind = b.kind;
    bar.armed_event = b.armed;
    bar.slot = b.slot;
    bar.flood = b.run >= 0;
    bar.fired = b.fired;
    const double x = L.lifelines[b.lifeline].x;
    const double off = Em::lane_gap * em + b.slot * Em::lane * em;
    bar.x = outer_left(b.lifeline) ? x - off - Em::bar * em : x + off;
    bar.y0 = L.event_y[b.armed];
    bar.y1 = b.end == npos || b.end >= n ? std::max(bottom, bar.y0) : L.event_y[b.end];
    L.timers.push_back(bar);
  }
  L.bar_width = Em::bar * em;
  L.height = bottom + Em::top * em;
}

}  // namespace synack::layout
