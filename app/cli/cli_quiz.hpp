#pragma once
// `synack quiz`: a self-quiz session in the terminal, its stats, Anki export and import.

#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace synack {

struct QuizArgs {
  std::string db;                   // "": the default bank
  std::vector<std::string> topics;  // --topic, repeatable
  int count = 10;
  std::string lang = "en";
  bool due_only = false;
  bool ahead = false;  // --ahead: then cards not due yet
  bool stats = false;
  std::string export_csv;
  std::string import_file;
  std::optional<double> retention;  // --retention: saved in the bank
};

// `interactive`: standard input is a terminal, so prompt and wait for Enter where a
// script would just give the next line.
int cmd_quiz(const QuizArgs& args, std::istream& in, bool interactive, std::ostream& out,
             std::ostream& err);

}  // namespace synack
