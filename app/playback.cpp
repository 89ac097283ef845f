#include "playback.hpp"

#include <algorithm>

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
      return false;
  }
  return false;
}

}  // namespace

Playback::Playback(const Trace& trace, const Layout& layout) : trace_(trace), layout_(layout) {
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

void Playback::go(std::size_t step, bool animate) {
  playing_ = false;
  stepped_ = true;
  step_ = std::min(step, steps_.size());
  cursor_y_ = step_y(step_);
  reveal_ = animate ? 0.0 : 1.0;
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
    // The stepped-to arrow travels at the playing speed.
    double length = 0;
    if (step_ > 0 && step_arrow_[step_ - 1] != kNoIndex) {
      const Arrow& a = layout_.arrows[step_arrow_[step_ - 1]];
      length = a.y1 - a.y0;
    }
    reveal_ = length <= 0 ? 1.0 : std::min(1.0, reveal_ + speed_ * seconds / length);
    return reveal_ < 1.0;
  }
  return false;
}

double Playback::arrow_progress(const Arrow& a) const {
  if (a.send_event >= visible_events()) return 0.0;
  if (stepped_) {
    // Stepping reveals arrows one at a time: earlier ones are whole, the new one travels.
    return step_ > 0 && a.send_event == steps_[step_ - 1] ? reveal_ : 1.0;
  }
  return a.y1 <= a.y0 ? 1.0 : std::clamp((cursor_y_ - a.y0) / (a.y1 - a.y0), 0.0, 1.0);
}

}  // namespace synack
