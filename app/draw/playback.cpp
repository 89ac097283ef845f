#include "app/draw/playback.hpp"

#include <algorithm>

#include "app/run/beats.hpp"

namespace synack {
namespace {

bool is_step(EventType t) {
  switch (t) {
    case EventType::send:
    case EventType::drop:
    case EventType::state:
    case EventType::app:
    case EventType::queue:
      return true;
    case EventType::recv:
    case EventType::timer:
    case EventType::window:  // follows the ACK that caused it, within its step
      return false;
  }
  return false;
}

}  // namespace

Playback::Playback(const Trace& trace, const Layout& layout,
                   const std::vector<std::optional<std::size_t>>& narration_anchors)
    : trace_(trace), layout_(layout) {
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    if (is_step(trace.events[i].type)) steps_.push_back(i);
  }
  // Arrows and steps are both in event order: one merge finds each send step's arrow.
  step_arrow_.assign(steps_.size(), kNoIndex);
  std::size_t a = 0;
  for (std::size_t k = 0; k < steps_.size(); ++k) {
    while (a < layout.arrows.size() && layout.arrows[a].send_event < steps_[k]) ++a;
    if (a < layout.arrows.size() && layout.arrows[a].send_event == steps_[k]) {
      step_arrow_[k] = static_cast<std::uint32_t>(a);
    }
  }
  beat_end_ = find_beats(trace, steps_, narration_anchors);
  start_y_ = layout.time_marks.empty() ? 0 : layout.time_marks.front().second;
  end_y_ = start_y_;
  if (!steps_.empty()) end_y_ = step_y(steps_.size());
  for (const Arrow& arrow : layout.arrows) end_y_ = std::max(end_y_, std::max(arrow.y0, arrow.y1));
  cursor_y_ = start_y_;
}

double Playback::step_y(std::size_t step) const {
  if (step == 0 || steps_.empty()) return start_y_;
  std::size_t e = steps_[std::min(step, steps_.size()) - 1];
  return e < layout_.event_y.size() ? layout_.event_y[e] : start_y_;
}

std::size_t Playback::step_event(std::size_t step) const {
  if (step == 0 || step > steps_.size()) return trace_.events.size();
  return steps_[step - 1];
}

std::size_t Playback::step_showing(std::size_t event) const {
  const auto it = std::lower_bound(steps_.begin(), steps_.end(), event);
  return std::min<std::size_t>(static_cast<std::size_t>(it - steps_.begin()) + 1, steps_.size());
}

std::size_t Playback::beat_of_step(std::size_t step) const {
  if (step == 0) return 0;
  const auto it = std::lower_bound(beat_end_.begin(), beat_end_.end(), step);
  return std::min<std::size_t>(static_cast<std::size_t>(it - beat_end_.begin()) + 1,
                               beat_end_.size());
}

std::size_t Playback::beat_end(std::size_t beat) const {
  if (beat == 0 || beat_end_.empty()) return 0;
  return beat_end_[std::min(beat, beat_end_.size()) - 1];
}

std::size_t Playback::visible_events() const {
  if (step_ == 0) return 0;
  if (step_ >= steps_.size()) return trace_.events.size();
  // Receptions and timer events after the step ride along with the next one.
  return steps_[step_ - 1] + 1;
}

void Playback::play() {
  if (step_ >= steps_.size() && cursor_y_ >= end_y_) to_start();
  playing_ = true;
  stepped_ = false;
}

void Playback::pause() {
  playing_ = false;
}

void Playback::toggle() {
  if (playing_) {
    pause();
  } else {
    play();
  }
}

void Playback::set_speed(double units_per_second) {
  speed_ = std::clamp(units_per_second, 1.0, 1e7);
}

double Playback::arrow_length(std::size_t step) const {
  if (step == 0 || step > steps_.size() || step_arrow_[step - 1] == kNoIndex) return 0;
  const Arrow& a = layout_.arrows[step_arrow_[step - 1]];
  return a.y1 - a.y0;
}

void Playback::go(std::size_t step, bool animate) {
  const std::size_t from = step_;
  playing_ = false;
  stepped_ = true;
  step_ = std::min(step, steps_.size());
  cursor_y_ = step_y(step_);
  // Going forward, the arrows of every step taken travel together; going back, none.
  reveal_length_ = 0;
  if (animate && step_ > from) {
    reveal_from_ = steps_[from];
    for (std::size_t s = from + 1; s <= step_; ++s) {
      reveal_length_ = std::max(reveal_length_, arrow_length(s));
    }
  }
  reveal_ = reveal_length_ > 0 ? 0.0 : 1.0;
}

void Playback::step_forward() {
  if (step_ < steps_.size()) go(step_ + 1, true);
}

void Playback::step_back() {
  if (step_ > 0) go(step_ - 1, false);
}

void Playback::to_start() {
  go(0, false);
}

void Playback::to_end() {
  go(steps_.size(), false);
  cursor_y_ = end_y_;
}

void Playback::seek_step(std::size_t step) {
  go(step, false);
}

void Playback::step_forward_beat() {
  const auto next = std::upper_bound(beat_end_.begin(), beat_end_.end(), step_);
  if (next != beat_end_.end()) go(*next, true);
}

void Playback::step_back_beat() {
  const auto at = std::lower_bound(beat_end_.begin(), beat_end_.end(), step_);
  if (step_ > 0) go(at == beat_end_.begin() ? 0 : *(at - 1), false);
}

void Playback::seek_beat(std::size_t beat) {
  go(beat_end(beat), false);
}

void Playback::reveal_beat_of(std::size_t event) {
  if (event < visible_events() || steps_.empty()) return;
  const std::size_t target = beat_end(beat_of_step(step_showing(event)));
  if (target > step_) go(target, true);
}

void Playback::seek_y(double y) {
  // Steps' rows strictly increase, so a binary search finds the last one at or above y.
  auto after = std::upper_bound(steps_.begin(), steps_.end(), y,
                                [this](double v, std::size_t e) { return v < layout_.event_y[e]; });
  go(static_cast<std::size_t>(after - steps_.begin()), false);
}

bool Playback::advance(double seconds) {
  if (seconds <= 0) return playing_ || (stepped_ && reveal_ < 1.0);
  if (playing_) {
    cursor_y_ = std::min(end_y_, cursor_y_ + speed_ * seconds);
    while (step_ < steps_.size() && step_y(step_ + 1) <= cursor_y_) ++step_;
    if (cursor_y_ >= end_y_) {
      step_ = steps_.size();
      playing_ = false;
    }
    return playing_;
  }
  if (stepped_ && reveal_ < 1.0) {
    // The stepped-to arrows travel at the playing speed (the longest sets the pace).
    reveal_ = std::min(1.0, reveal_ + speed_ * seconds / reveal_length_);
    return reveal_ < 1.0;
  }
  return false;
}

double Playback::arrow_progress(const Arrow& a) const {
  if (a.send_event >= visible_events()) return 0.0;
  if (stepped_) {
    // Stepping reveals arrows a step or a beat at a time: earlier ones are whole, the new
    // ones travel.
    return a.send_event >= reveal_from_ ? reveal_ : 1.0;
  }
  return a.y1 <= a.y0 ? 1.0 : std::clamp((cursor_y_ - a.y0) / (a.y1 - a.y0), 0.0, 1.0);
}

}  // namespace synack
