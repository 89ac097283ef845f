#pragma once
// A cursor over a precomputed trace. Playing, stepping and scrubbing only move the cursor,
// so stepping back is instant. Time advances in layout units (compressed gaps play quickly).
// The cursor moves by steps (trace events) or by beats (what the room sees change, made of
// steps: app/run/beats.hpp); a step inside a beat shows that beat in part.

#include <cstddef>
#include <optional>
#include <vector>

#include "app/draw/diagram_layout.hpp"
#include "engine/trace.hpp"

namespace synack {

class Playback {
 public:
  // Steps are the events a student steps through: sends, drops, state changes, app calls
  // and queue changes (not recv or timer events, which ride along). The narration anchors
  // (Run::narration_anchors) give a paragraph's first step a beat of its own.
  Playback(const Trace& trace, const Layout& layout,
           const std::vector<std::optional<std::size_t>>& narration_anchors = {});

  std::size_t step_count() const { return steps_.size(); }
  std::size_t step() const { return step_; }       // 0: nothing shown yet
  std::size_t step_event(std::size_t step) const;  // event index of step (1-based; else
                                                   // events.size())
  std::size_t visible_events() const;              // events[0, n) are shown
  // The first step that shows events[event] (a reception rides with the next step).
  std::size_t step_showing(std::size_t event) const;
  double cursor_y() const { return cursor_y_; }  // the "now" line in layout units
  double step_y(std::size_t step) const;         // y of a step's event; step 0: the top
  double end_y() const { return end_y_; }        // where playing stops (last arrow's end)

  std::size_t beat_count() const { return beat_end_.size(); }
  std::size_t beat() const { return beat_of_step(step_); }  // 0: nothing shown yet
  std::size_t beat_of_step(std::size_t step) const;         // the beat a step belongs to (0 for 0)
  std::size_t beat_end(std::size_t beat) const;             // its last step (beat 0: step 0)
  bool at_beat_end() const { return beat_end(beat()) == step_; }

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
  // By beats: forward to the end of the next beat (or of the current one, from a step
  // inside it), back to the end of the previous one. The forward beat's arrows travel.
  void step_forward_beat();
  void step_back_beat();
  void seek_beat(std::size_t beat);
  // Forward to the end of the beat that shows events[event], its arrows travelling (the
  // presenter's answer to "what is sent next?"); nothing if it is already shown.
  void reveal_beat_of(std::size_t event);
  void seek_y(double y);  // scrubbing: the cursor jumps to the last step at or above y

  // Advances a playing cursor by wall-clock seconds (the GUI passes its frame time), or the
  // arrow of the step just taken; returns true while something still moves (so the GUI
  // keeps rendering). Stepping and seeking pause; play() at the end starts over.
  bool advance(double seconds);

  // 0..1: how far an arrow has travelled, for the animation. 0 before its send is shown.
  // Playing: where the cursor crosses it. After a step or seek: whole, except the arrows of
  // the step or beat just taken, which travel at `speed` as advance() is called.
  double arrow_progress(const Arrow& a) const;

 private:
  void go(std::size_t step, bool animate);
  double arrow_length(std::size_t step) const;  // 0 when the step is not a send

  const Trace& trace_;
  const Layout& layout_;
  std::vector<std::size_t> steps_;
  std::vector<std::uint32_t> step_arrow_;  // per step: its arrow (kNoIndex: not a send)
  std::vector<std::size_t> beat_end_;      // per beat: its last step, increasing
  double start_y_ = 0;
  double end_y_ = 0;
  double reveal_ = 1.0;          // progress of the stepped-to arrows
  std::size_t reveal_from_ = 0;  // arrows sent at this event or later travel (the last move's)
  double reveal_length_ = 0;     // the longest of them, in layout units
  bool stepped_ = false;         // the cursor was placed by a step or seek, not by playing
  std::size_t step_ = 0;
  double cursor_y_ = 0;
  bool playing_ = false;
  double speed_ = 200;
};

}  // namespace synack
