#include "app/quiz/fsrs.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace synack::fsrs {

namespace {

constexpr double kMinStability = 0.001;
constexpr double kMinDifficulty = 1.0;
constexpr double kMaxDifficulty = 10.0;

double grade(Rating r) {
  return static_cast<double>(static_cast<int>(r));
}

// Whole days between two instants, floored (a review earlier than the last one counts as
// the same day).
std::int64_t days_between(std::int64_t from, std::int64_t to) {
  std::int64_t d = to - from;
  return d >= 0 ? d / kDay : -((-d + kDay - 1) / kDay);
}

// The forgetting curve R(t) = (1 + factor * t / S)^-decay, with factor chosen so R(S) = 0.9.
double decay(const Parameters& p) {
  return -p.w[20];
}
double factor(const Parameters& p) {
  return std::pow(0.9, 1.0 / decay(p)) - 1.0;
}

double clamp_difficulty(double d) {
  return std::clamp(d, kMinDifficulty, kMaxDifficulty);
}
double clamp_stability(double s) {
  return std::max(s, kMinStability);
}

double initial_stability(Rating r, const Parameters& p) {
  return clamp_stability(p.w[static_cast<std::size_t>(static_cast<int>(r) - 1)]);
}

double initial_difficulty(Rating r, const Parameters& p) {
  return p.w[4] - std::exp(p.w[5] * (grade(r) - 1.0)) + 1.0;  // unclamped
}

double next_difficulty(double d, Rating r, const Parameters& p) {
  double delta = -p.w[6] * (grade(r) - 3.0);
  double damped = d + delta * (10.0 - d) / 9.0;  // smaller steps near the ceiling
  // Mean reversion towards the (unclamped) initial difficulty of an easy card.
  double target = initial_difficulty(Rating::easy, p);
  return clamp_difficulty(p.w[7] * target + (1.0 - p.w[7]) * damped);
}

// A second look on the same day: stability moves by a rating-dependent factor that shrinks
// as stability grows; good and easy never lower it.
double short_term_stability(double s, Rating r, const Parameters& p) {
  double gain = std::exp(p.w[17] * (grade(r) - 3.0 + p.w[18])) * std::pow(s, -p.w[19]);
  if (r == Rating::good || r == Rating::easy) gain = std::max(gain, 1.0);
  return clamp_stability(s * gain);
}

double recall_stability(double d, double s, double rr, Rating r, const Parameters& p) {
  double hard_penalty = r == Rating::hard ? p.w[15] : 1.0;
  double easy_bonus = r == Rating::easy ? p.w[16] : 1.0;
  return s * (1.0 + std::exp(p.w[8]) * (11.0 - d) * std::pow(s, -p.w[9]) *
                        (std::exp((1.0 - rr) * p.w[10]) - 1.0) * hard_penalty * easy_bonus);
}

double forget_stability(double d, double s, double rr, const Parameters& p) {
  double long_term = p.w[11] * std::pow(d, -p.w[12]) * (std::pow(s + 1.0, p.w[13]) - 1.0) *
                     std::exp((1.0 - rr) * p.w[14]);
  // A lapse never leaves stability above what a same-day "again" would.
  double short_term = s / std::exp(p.w[17] * p.w[18]);
  return std::min(long_term, short_term);
}

double next_stability(const Card& c, Rating r, std::int64_t now, const Parameters& p) {
  double rr = retrievability(c, now, p);
  double s = r == Rating::again ? forget_stability(c.difficulty, c.stability, rr, p)
                                : recall_stability(c.difficulty, c.stability, rr, r, p);
  return clamp_stability(s);
}

// Learning and relearning share one ladder of steps. Returns the delay in seconds, or -1
// when the card graduates to review.
std::int64_t step_delay(Card& c, Rating r, const std::vector<int>& steps) {
  std::size_t n = steps.size();
  auto at = [&](std::size_t i) { return static_cast<std::int64_t>(steps[i]); };
  // A card past the end (the steps were shortened since) graduates on any pass.
  if (n == 0 || (static_cast<std::size_t>(c.step) >= n && r != Rating::again)) return -1;
  switch (r) {
    case Rating::again:
      c.step = 0;
      return at(0);
    case Rating::hard:  // stays on its step
      if (c.step == 0 && n == 1) return at(0) * 3 / 2;
      if (c.step == 0) return (at(0) + at(1)) / 2;
      return at(static_cast<std::size_t>(c.step));
    case Rating::good:
      if (static_cast<std::size_t>(c.step) + 1 == n) return -1;
      ++c.step;
      return at(static_cast<std::size_t>(c.step));
    case Rating::easy:
      return -1;
  }
  return -1;
}

}  // namespace

double retrievability(const Card& card, std::int64_t now, const Parameters& p) {
  if (card.phase == Phase::fresh || card.stability <= 0) return 0.0;
  auto days = static_cast<double>(std::max<std::int64_t>(0, days_between(card.last_review, now)));
  return std::pow(1.0 + factor(p) * days / card.stability, decay(p));
}

std::int64_t interval_days(double stability, const Parameters& p) {
  double days = stability / factor(p) * (std::pow(p.desired_retention, 1.0 / decay(p)) - 1.0);
  auto rounded = static_cast<std::int64_t>(std::llround(days));
  return std::clamp<std::int64_t>(rounded, 1, std::max(1, p.maximum_interval_days));
}

Card next(const Card& card, Rating rating, std::int64_t now, const Parameters& p) {
  Card c = card;
  bool same_day = c.phase != Phase::fresh && days_between(c.last_review, now) < 1;

  // Memory state: stability from the old difficulty, then the new difficulty.
  if (c.phase == Phase::fresh) {
    c.stability = initial_stability(rating, p);
    c.difficulty = clamp_difficulty(initial_difficulty(rating, p));
    c.phase = Phase::learning;
    c.step = 0;
  } else {
    c.stability =
        same_day ? short_term_stability(c.stability, rating, p) : next_stability(c, rating, now, p);
    c.difficulty = next_difficulty(c.difficulty, rating, p);
  }

  // Scheduling.
  std::int64_t delay = -1;
  if (c.phase == Phase::learning) {
    delay = step_delay(c, rating, p.learning_steps_s);
  } else if (c.phase == Phase::relearning) {
    delay = step_delay(c, rating, p.relearning_steps_s);
  } else if (rating == Rating::again) {
    ++c.lapses;
    if (!p.relearning_steps_s.empty()) {
      c.phase = Phase::relearning;
      c.step = 0;
      delay = p.relearning_steps_s.front();
    }
  }
  if (delay < 0) {
    c.phase = Phase::review;
    c.step = 0;
    delay = interval_days(c.stability, p) * kDay;
  }

  c.due = now + delay;
  c.last_review = now;
  ++c.reps;
  return c;
}

Card replay(std::span<const Review> log, const Parameters& p) {
  Card c;
  for (const Review& r : log) c = next(c, r.rating, r.at, p);
  return c;
}

}  // namespace synack::fsrs
