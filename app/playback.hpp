#pragma once
// A cursor over a precomputed trace. Playing, stepping and scrubbing only move the cursor,
// so stepping back is instant. Time advances in layout units (compressed gaps play quickly).

#include <cstddef>
#include <vector>

#include "app/diagram_layout.hpp"
#include "engine/trace.hpp"

namespace synack {

class Playback {
 public:
  // Steps are the events a student steps through: sends, drops, state changes, app calls
  // and queue changes (not recv or timer events, which ride along).
  Playback(const Trace& trace, const Layout& layout);

  std::size_t step_count() const { return steps_.size(); }
  std::size_t step() const { return step_; }          // 0: nothing shown yet
  std::size_t step_event(std::size_t step) const;     // event index of step (1-based)
  std::size_t visible_events() const;                 // events[0, n) are shown
  double cursor_y() const { return cursor_y_; }       // the "now" line in layout units

  bool playing() const { return playing_; }
  void play();
  void pause();
  void toggle();
  void set_speed(double units_per_second);  // default 200
  double speed() const { return speed_; }

  void step_forward();
  void step_back();
  void to_start();
  void to_end();
  void seek_step(std::size_t step);
  void seek_y(double y);  // scrubbing: the cursor jumps to the last step at or above y

  // Advances a playing cursor by wall-clock seconds (the GUI passes its frame time);
  // returns true while something still moves (so the GUI keeps rendering).
  bool advance(double seconds);

  // 0..1: how far an arrow has travelled at the cursor, for the animation.
  double arrow_progress(const Arrow& a) const;

 private:
  const Trace& trace_;
  const Layout& layout_;
  std::vector<std::size_t> steps_;
  std::size_t step_ = 0;
  double cursor_y_ = 0;
  bool playing_ = false;
  double speed_ = 200;
};

}  // namespace synack
