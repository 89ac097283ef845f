#pragma once
// Reading a student's answer to a quiz item and grading it. One line is one answer, as
// `synack quiz` reads it from a terminal or a script: a choice number, several separated by
// commas, a number, an order like "3,1,2", or a grade 1-4 for a self-graded item.

#include <string>
#include <string_view>

#include "app/quiz/fsrs.hpp"
#include "app/quiz/quiz_item.hpp"

namespace synack {

struct Grade {
  bool readable = false;  // the line is an answer of the item's type
  bool correct = false;   // self-graded: the student did not say "Again"
  fsrs::Rating rating = fsrs::Rating::again;
  std::string given;  // the answer as read ("1,3", "63", "true"), or the line if unreadable
};

// An unreadable line is graded wrong (Again), never asked again.
Grade grade_answer(const QuizItem& item, std::string_view line);

// The right answer in words: "2. SYN,ACK", "63 s", "3. FIN → 1. ACK", "true". With
// `one_per_line`, the choices of a multiple or order answer go on lines of their own (an
// order's from the second on starting "→ ").
std::string right_answer_text(const QuizItem& item, Lang lang, bool one_per_line = false);

// What the student answered, in the same words: the chosen choices' text ("3. CLOSE_WAIT";
// an order's items in the order given), a number with its unit, true or false. An
// unreadable answer is the line as typed; a self-graded one the grade's number.
std::string given_answer_text(const QuizItem& item, const Grade& grade, Lang lang,
                              bool one_per_line = false);

// How to answer this item, for the prompt: "a number 1-4", "numbers like 1,3", ...
std::string answer_hint(const QuizItem& item, Lang lang);

}  // namespace synack
