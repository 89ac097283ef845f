#pragma once
// One quiz item (docs/quiz-format.md): a question, how it is answered and graded, why the
// answer is right, and where a scenario shows it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/content/scenario.hpp"
#include "engine/simulator.hpp"

namespace synack {

enum class QuizType { single, multiple, truefalse, numeric, order, explain };

std::string_view quiz_type_name(QuizType t);  // "single", ...
std::optional<QuizType> find_quiz_type(std::string_view name);

struct QuizItem {
  std::string id;
  std::string topic;  // "HS-11"
  QuizType type = QuizType::single;
  LocalizedText question;
  std::vector<LocalizedText> choices;  // single, multiple, order: shown numbered from 1
  std::vector<int> right_choices;      // single: one; multiple: the set; order: the sequence
  bool right_bool = false;             // truefalse
  double right_number = 0;             // numeric
  double tolerance = 0;                // numeric
  std::string unit;                    // numeric
  LocalizedText model_answer;          // explain
  LocalizedText explanation;
  std::optional<LocalizedText> material;  // what the course material says, where it is wrong
  std::string scenario;                   // "" when no scenario shows it
  std::optional<NarrationAnchor> at;      // the step to open; none: the first
  // Generated items: the run the question was computed from, and the event index to open.
  std::optional<RunOptions> run_options;
  std::optional<std::size_t> step;

  // Where it came from: a content file, an imported file, or "generated"; and its line.
  std::string origin;
  int line = 0;
  std::string body;  // the item as canonical TOML text: what the bank stores
  std::string hash;  // of `body`; a change of text or answer changes it

  // Self-graded: the student reveals the model answer and grades themself.
  bool self_graded() const { return type == QuizType::explain; }
};

}  // namespace synack
