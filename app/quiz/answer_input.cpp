#include "app/quiz/answer_input.hpp"

#include <algorithm>

namespace synack {

AnswerInput::AnswerInput(const QuizItem& item)
    : type_(item.type), choices_(static_cast<int>(item.choices.size())) {}

int AnswerInput::options() const {
  switch (type_) {
    case QuizType::single:
    case QuizType::multiple:
    case QuizType::order:
      return std::min(choices_, 9);
    case QuizType::truefalse:
      return 2;
    case QuizType::explain:
      return revealed_ ? 4 : 0;  // grading before seeing the model answer would be a guess
    case QuizType::numeric:
      return 0;
  }
  return 0;
}

bool AnswerInput::press(int n) {
  if (n < 1 || n > options()) return false;
  const auto at = std::find(picks_.begin(), picks_.end(), n);
  switch (type_) {
    case QuizType::multiple:
      if (at != picks_.end()) {
        picks_.erase(at);
      } else {
        picks_.push_back(n);
      }
      return false;
    case QuizType::order:
      if (at == picks_.end()) picks_.push_back(n);
      return false;
    case QuizType::explain:
      picks_ = {n};
      return true;
    default:
      picks_ = {n};
      return false;
  }
}

void AnswerInput::backspace() {
  if (type_ == QuizType::numeric) return;  // the text box has its own Backspace
  if ((type_ == QuizType::order || type_ == QuizType::multiple) && !picks_.empty()) {
    picks_.pop_back();
  }
}

bool AnswerInput::chosen(int n) const {
  return std::find(picks_.begin(), picks_.end(), n) != picks_.end();
}

int AnswerInput::position(int n) const {
  const auto at = std::find(picks_.begin(), picks_.end(), n);
  return at == picks_.end() ? 0 : static_cast<int>(at - picks_.begin()) + 1;
}

bool AnswerInput::ready() const {
  switch (type_) {
    case QuizType::numeric:
      return number.find_first_not_of(" \t") != std::string::npos;
    case QuizType::order:
      // A partial order is not an answer yet: every choice gets its place first.
      return static_cast<int>(picks_.size()) == options();
    default:
      return !picks_.empty();
  }
}

std::string AnswerInput::line() const {
  if (type_ == QuizType::numeric) return number;
  std::vector<int> v = picks_;
  if (type_ == QuizType::multiple) std::sort(v.begin(), v.end());  // a set: order is noise
  std::string out;
  for (int x : v) out += (out.empty() ? "" : ",") + std::to_string(x);
  return out;
}

}  // namespace synack
