#pragma once
// Reads quiz item files (docs/quiz-format.md). Strict like the scenario loader: an unknown
// key, a wrong type or a bad answer throws ScenarioError naming the file, line and field.

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/content/scenario_error.hpp"
#include "app/quiz/quiz_item.hpp"
#include "engine/scenario.hpp"

namespace synack {

struct QuizContext {
  // Topic ids that exist. Null: only the form "XX-NN" is checked.
  const std::set<std::string>* topics = nullptr;
  // Scenario ids that exist. Null: `scenario` is not checked.
  const std::set<std::string>* scenarios = nullptr;
  // The hosts of a scenario, to check an `at` anchor's host. Empty: any host name is taken.
  std::function<std::vector<HostSpec>(const std::string& scenario)> hosts_of;
};

// Every [[item]] of one file, in file order. Ids must be unique within it.
std::vector<QuizItem> load_quiz_file(const std::filesystem::path& file, const QuizContext& ctx);
std::vector<QuizItem> load_quiz_text(std::string_view text, const std::string& file,
                                     const QuizContext& ctx);
// Every *.toml of `dir` in name order; an id used twice, in any files, is an error.
std::vector<QuizItem> load_quiz_dir(const std::filesystem::path& dir, const QuizContext& ctx);

// An item back from the canonical text the bank stores (QuizItem::body).
QuizItem quiz_item_from_body(std::string_view body, const std::string& origin);

}  // namespace synack
