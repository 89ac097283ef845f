#pragma once
// One self-quiz session over the bank, shared by the terminal and the window: which card
// comes next, reading and grading an answer, and committing it before anything else
// happens. It never asks a card twice.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/quiz/bank.hpp"
#include "app/quiz/grading.hpp"
#include "app/quiz/quiz_item.hpp"

namespace synack {

struct QuizFilter {
  std::vector<std::string> topics;  // empty: every topic
  int count = 10;                   // questions at most
  bool due_only = false;            // only cards due for review, no new ones
  // When nothing is due or new: cards not due yet, soonest first (practising a weak topic
  // right after reviewing it). FSRS counts the shorter interval, so this is never wasted.
  bool ahead = false;
};

// Unix seconds now: the clock sessions use outside tests.
std::int64_t wall_clock_seconds();

// Builds the concrete question for a generated card (the engine computes its answer).
using Instantiate =
    std::function<std::optional<QuizItem>(const std::string& card_id, std::uint64_t seed)>;

class QuizSession {
 public:
  // `clock` gives Unix seconds; it is read for every answer.
  QuizSession(QuizBank& bank, QuizFilter filter, const std::string& frontend, Lang lang,
              std::function<std::int64_t()> clock, Instantiate instantiate = {});
  ~QuizSession();
  QuizSession(const QuizSession&) = delete;
  QuizSession& operator=(const QuizSession&) = delete;

  // The next question, or nullptr when the session is over (count reached, nothing left).
  const QuizItem* next();
  const QuizItem* current() const { return current_ ? &*current_ : nullptr; }

  struct Outcome {
    Grade grade;
    fsrs::Card card;  // after this answer: when it comes back
  };
  // Grades `line` for the current question and commits it. A line that cannot be read is
  // graded wrong and logged like any answer.
  Outcome answer(std::string_view line);

  int asked() const { return asked_; }
  int right() const { return right_; }
  std::int64_t id() const { return id_; }
  std::int64_t now() const { return clock_(); }

 private:
  std::optional<QuizItem> load(const std::string& id);

  QuizBank& bank_;
  QuizFilter filter_;
  Lang lang_;
  std::function<std::int64_t()> clock_;
  Instantiate instantiate_;
  std::int64_t id_ = 0;
  std::vector<std::string> asked_ids_;
  std::optional<QuizItem> current_;
  std::string current_detail_;
  int asked_ = 0;
  int right_ = 0;
};

}  // namespace synack
