// Key presses into the one-line answer grade_answer reads: picking, toggling, building an
// order, numbers, and grading oneself after the reveal.
#include <catch2/catch.hpp>

#include "app/quiz/answer_input.hpp"
#include "app/quiz/grading.hpp"

using namespace synack;

namespace {

QuizItem item(QuizType type, int choices, std::vector<int> right = {}) {
  QuizItem q;
  q.id = "t";
  q.topic = "HS-11";
  q.type = type;
  for (int i = 0; i < choices; ++i) q.choices.push_back({std::to_string(i), std::to_string(i)});
  q.right_choices = std::move(right);
  return q;
}

}  // namespace

TEST_CASE("answer input: single picks one, the last press wins", "[quiz][answer_input]") {
  const QuizItem q = item(QuizType::single, 4, {2});
  AnswerInput in(q);
  CHECK_FALSE(in.ready());
  in.press(3);
  in.press(2);
  in.press(7);  // no choice 7: ignored
  CHECK(in.ready());
  CHECK(in.line() == "2");
  CHECK(in.chosen(2));
  CHECK_FALSE(in.chosen(3));
  CHECK(grade_answer(q, in.line()).correct);
}

TEST_CASE("answer input: multiple toggles and submits the set sorted", "[quiz][answer_input]") {
  const QuizItem q = item(QuizType::multiple, 5, {1, 4});
  AnswerInput in(q);
  in.press(4);
  in.press(2);
  in.press(1);
  in.press(2);  // off again
  CHECK(in.line() == "1,4");
  CHECK(grade_answer(q, in.line()).correct);
  in.backspace();  // the last toggled on (1)
  CHECK(in.line() == "4");
}

TEST_CASE("answer input: order appends, Backspace takes back, full order needed",
          "[quiz][answer_input]") {
  const QuizItem q = item(QuizType::order, 3, {3, 1, 2});
  AnswerInput in(q);
  in.press(3);
  in.press(3);  // already placed
  in.press(2);
  CHECK(in.position(3) == 1);
  CHECK(in.position(2) == 2);
  CHECK(in.position(1) == 0);
  CHECK_FALSE(in.ready());
  in.backspace();
  in.press(1);
  in.press(2);
  CHECK(in.ready());
  CHECK(in.line() == "3,1,2");
  CHECK(grade_answer(q, in.line()).correct);
}

TEST_CASE("answer input: true/false is 1 or 2", "[quiz][answer_input]") {
  QuizItem q = item(QuizType::truefalse, 0);
  q.right_bool = false;
  AnswerInput in(q);
  CHECK(in.options() == 2);
  in.press(3);
  CHECK_FALSE(in.ready());
  in.press(2);
  CHECK(grade_answer(q, in.line()).correct);
}

TEST_CASE("answer input: numeric is the text box", "[quiz][answer_input]") {
  QuizItem q = item(QuizType::numeric, 0);
  q.right_number = 63;
  q.unit = "s";
  AnswerInput in(q);
  CHECK(in.options() == 0);
  in.number = "  ";
  CHECK_FALSE(in.ready());
  in.number = "63";
  CHECK(in.ready());
  CHECK(grade_answer(q, in.line()).correct);
}

TEST_CASE("answer input: explain grades 1-4 only after the reveal, and submits at once",
          "[quiz][answer_input]") {
  const QuizItem q = item(QuizType::explain, 0);
  AnswerInput in(q);
  CHECK_FALSE(in.press(3));  // not revealed yet
  CHECK_FALSE(in.ready());
  in.reveal();
  CHECK_FALSE(in.press(5));
  CHECK(in.press(3));
  const Grade g = grade_answer(q, in.line());
  CHECK(g.readable);
  CHECK(g.rating == fsrs::Rating::good);
}
