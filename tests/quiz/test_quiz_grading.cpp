// Reading one line as an answer: every type, the forms people type, and what is unreadable.
#include <catch2/catch.hpp>
#include <string>

#include "app/quiz/grading.hpp"
#include "app/quiz/quiz_loader.hpp"

using namespace synack;

namespace {

QuizItem make(const std::string& type, const std::string& answer, int choices = 4,
              const std::string& extra = "") {
  std::string text = "[[item]]\nid = \"x\"\ntopic = \"HS-11\"\ntype = \"" + type +
                     "\"\nquestion = { en = \"Q\", zh = \"问\" }\n";
  if (choices > 0) {
    text += "choices = [";
    for (int i = 1; i <= choices; ++i) {
      text += (i > 1 ? ", " : "") + std::string("{ en = \"c") + std::to_string(i) +
              "\", zh = \"选" + std::to_string(i) + "\" }";
    }
    text += "]\n";
  }
  text += "answer = " + answer + "\n" + extra + "explanation = { en = \"E\", zh = \"解\" }\n";
  return load_quiz_text(text, "t.toml", QuizContext{}).at(0);
}

}  // namespace

TEST_CASE("single choice: one number in range", "[quiz][grading]") {
  const QuizItem q = make("single", "3");
  CHECK(grade_answer(q, "3").correct);
  CHECK(grade_answer(q, " 3 ").correct);
  CHECK(grade_answer(q, "3").rating == fsrs::Rating::good);
  const Grade wrong = grade_answer(q, "2");
  CHECK(wrong.readable);
  CHECK_FALSE(wrong.correct);
  CHECK(wrong.rating == fsrs::Rating::again);
  for (const char* bad : {"", "5", "0", "three", "3,4", "3x"}) {
    CAPTURE(bad);
    const Grade g = grade_answer(q, bad);
    CHECK_FALSE(g.readable);
    CHECK_FALSE(g.correct);
    CHECK(g.rating == fsrs::Rating::again);
    CHECK(g.given == std::string(bad).substr(0, g.given.size()));
  }
  CHECK(right_answer_text(q, Lang::en) == "3. c3");
  CHECK(right_answer_text(q, Lang::zh) == "3. 选3");
  // What was chosen, in words: not "You answered: 2".
  CHECK(given_answer_text(q, wrong, Lang::en) == "2. c2");
  CHECK(given_answer_text(q, wrong, Lang::zh) == "2. 选2");
  CHECK(given_answer_text(q, grade_answer(q, "three"), Lang::en) == "three");  // as typed
}

TEST_CASE("multiple choice: the exact set, in any order and separator", "[quiz][grading]") {
  const QuizItem q = make("multiple", "[1, 3]");
  for (const char* right : {"1,3", "3,1", "1 3", "1, 3", "3，1"}) {
    CAPTURE(right);
    CHECK(grade_answer(q, right).correct);
    CHECK(grade_answer(q, right).given == "1,3");
  }
  CHECK_FALSE(grade_answer(q, "1").correct);
  CHECK(grade_answer(q, "1").readable);
  CHECK_FALSE(grade_answer(q, "1,2,3").correct);
  CHECK_FALSE(grade_answer(q, "1,1").readable);
  CHECK_FALSE(grade_answer(q, "1,9").readable);
  CHECK(given_answer_text(q, grade_answer(q, "3, 2"), Lang::en) == "2. c2; 3. c3");
}

TEST_CASE("order: a full permutation in the right sequence", "[quiz][grading]") {
  const QuizItem q = make("order", "[3, 1, 2]", 3);
  CHECK(grade_answer(q, "3,1,2").correct);
  CHECK(grade_answer(q, "3 1 2").correct);
  CHECK_FALSE(grade_answer(q, "1,2,3").correct);
  CHECK(grade_answer(q, "1,2,3").readable);
  CHECK_FALSE(grade_answer(q, "3,1").readable);  // incomplete
  CHECK(right_answer_text(q, Lang::en) == "3. c3 → 1. c1 → 2. c2");
  // The items in the order the student gave them.
  CHECK(given_answer_text(q, grade_answer(q, "2 3 1"), Lang::zh) == "2. 选2 → 3. 选3 → 1. 选1");
  CHECK(given_answer_text(q, grade_answer(q, "2 3 1"), Lang::en, true) ==
        "2. c2\n→ 3. c3\n→ 1. c1");
  CHECK(right_answer_text(q, Lang::en, true) == "3. c3\n→ 1. c1\n→ 2. c2");
}

TEST_CASE("true/false: numbers, letters and words in both languages", "[quiz][grading]") {
  const QuizItem q = make("truefalse", "false", 0);
  for (const char* no : {"2", "f", "F", "false", "n", "no", "错", "否"}) {
    CAPTURE(no);
    CHECK(grade_answer(q, no).correct);
  }
  for (const char* yes : {"1", "t", "True", "y", "对", "是"}) {
    CAPTURE(yes);
    CHECK(grade_answer(q, yes).readable);
    CHECK_FALSE(grade_answer(q, yes).correct);
  }
  CHECK_FALSE(grade_answer(q, "maybe").readable);
  CHECK(given_answer_text(q, grade_answer(q, "是"), Lang::en) == "true");
  CHECK(given_answer_text(q, grade_answer(q, "1"), Lang::zh) == "正确");
}

TEST_CASE("numeric: within the tolerance, with or without the unit", "[quiz][grading]") {
  const QuizItem q = make("numeric", "63", 0, "unit = \"s\"\ntolerance = 0.5\n");
  for (const char* right : {"63", "63.4", "62.5", "63 s", "63s", " 63 "}) {
    CAPTURE(right);
    CHECK(grade_answer(q, right).correct);
  }
  CHECK_FALSE(grade_answer(q, "64").correct);
  CHECK(grade_answer(q, "64").readable);
  CHECK_FALSE(grade_answer(q, "63 ms").readable);
  CHECK_FALSE(grade_answer(q, "sixty").readable);
  CHECK(right_answer_text(q, Lang::en) == "63 s (± 0.5)");
  CHECK(given_answer_text(q, grade_answer(q, "64s"), Lang::en) == "64 s");
  const QuizItem exact = make("numeric", "0.3", 0, "unit = \"\"\n");
  CHECK(grade_answer(exact, "0.3").correct);
}

TEST_CASE("explain: the student's own grade 1-4 is the rating", "[quiz][grading]") {
  const QuizItem q = make("explain", "{ en = \"model\", zh = \"参考\" }", 0);
  CHECK(grade_answer(q, "1").rating == fsrs::Rating::again);
  CHECK_FALSE(grade_answer(q, "1").correct);
  CHECK(grade_answer(q, "2").rating == fsrs::Rating::hard);
  CHECK(grade_answer(q, "4").rating == fsrs::Rating::easy);
  CHECK(grade_answer(q, "4").correct);
  CHECK_FALSE(grade_answer(q, "5").readable);
  CHECK(right_answer_text(q, Lang::zh) == "参考");
}
