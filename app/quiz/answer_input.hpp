#pragma once
// What a student has keyed in for one question, turned into the one-line answer that
// grade_answer reads ("2", "1,3", "3,1,2", "63", a grade "1"-"4"). The window's quiz view
// feeds it number keys and clicks; it holds no UI, so tests drive it directly.

#include <string>
#include <vector>

#include "app/quiz/quiz_item.hpp"

namespace synack {

class AnswerInput {
 public:
  explicit AnswerInput(const QuizItem& item);

  // Number key or click `n` (from 1). single and truefalse: picks n; multiple: toggles n;
  // order: appends n unless already placed; explain: a grade 1-4 once revealed. Numbers out
  // of range are ignored. True when that press completes the answer and it should be
  // submitted at once (an explain grade).
  bool press(int n);
  void backspace();  // order: takes back the last placed; multiple: untoggles the last
  void reveal() { revealed_ = true; }  // explain: the model answer is shown

  // numeric: the text box's content.
  std::string number;

  int options() const;  // how many numbers mean something now (0: none)
  bool chosen(int n) const;
  int position(int n) const;  // order: 1-based place of choice n, 0 if not placed yet
  const std::vector<int>& picks() const { return picks_; }
  bool revealed() const { return revealed_; }

  // Enter would submit an answer of the item's type.
  bool ready() const;
  std::string line() const;

 private:
  QuizType type_;
  int choices_;
  std::vector<int> picks_;  // in the order pressed
  bool revealed_ = false;
};

}  // namespace synack
