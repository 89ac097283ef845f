#pragma once
// FSRS-6, the Free Spaced Repetition Scheduler (the version Anki 25.x ships): a card's memory is a
// stability S (days until recall falls to 90%) and a difficulty D (1..10), updated per review. Pure
// functions with no clock, randomness or I/O: the card is rebuilt from its review log, so another
// scheduler can replace this one by replaying the same log. Written from the published formulas;
// scheduling follows py-fsrs's Scheduler with fuzz off (see tests/quiz/test_fsrs.cpp for the
// reference values it reproduces).

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace synack::fsrs {

enum class Rating : int { again = 1, hard = 2, good = 3, easy = 4 };
enum class Phase : int { fresh = 0, learning = 1, review = 2, relearning = 3 };  // 'new'

inline constexpr std::int64_t kDay = 86'400;  // seconds

// The 21 FSRS-6 default weights, as published by open-spaced-repetition (fsrs-rs, py-fsrs).
// w[0..3]: initial stability per rating; w[4..7]: difficulty; w[8..16]: stability after a
// review; w[17..19]: same-day (short-term) stability; w[20]: the forgetting curve's decay.
inline constexpr std::array<double, 21> kDefaultWeights = {
    0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,  1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542};

struct Parameters {
  std::array<double, 21> w = kDefaultWeights;
  double desired_retention = 0.9;  // the recall probability a review is scheduled for
  int maximum_interval_days = 36500;
  std::vector<int> learning_steps_s = {60, 600};  // seconds
  std::vector<int> relearning_steps_s = {600};
};

struct Card {
  Phase phase = Phase::fresh;
  int step = 0;  // index into the (re)learning steps
  double stability = 0;
  double difficulty = 0;
  std::int64_t due = 0;  // Unix seconds
  std::int64_t last_review = 0;
  int reps = 0;
  int lapses = 0;  // review-phase cards rated again

  friend bool operator==(const Card&, const Card&) = default;
};

struct Review {
  std::int64_t at;  // Unix seconds
  Rating rating;
};

// The card after one review at `now`.
Card next(const Card& card, Rating rating, std::int64_t now, const Parameters& p);

// A fresh card folded through the log, in the log's order.
Card replay(std::span<const Review> log, const Parameters& p);

// Probability of recall at `now`, 0..1 (0 for a fresh card). Elapsed time counts whole days,
// as the reference does.
double retrievability(const Card& card, std::int64_t now, const Parameters& p);

// Days until retrievability falls to the desired retention: rounded, clamped to
// [1, maximum_interval_days].
std::int64_t interval_days(double stability, const Parameters& p);

}  // namespace synack::fsrs
