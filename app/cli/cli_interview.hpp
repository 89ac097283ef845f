#pragma once
// `synack interview`: an interview drill in the terminal (or from a script): the question,
// your answer, the model answer with the points you made ticked, a follow-up, a grade.

#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace synack {

struct InterviewArgs {
  std::string db;                   // "": the default bank (the quiz's)
  std::vector<std::string> topics;  // --topic, repeatable
  int count = 3;
  std::string lang = "en";
  int seconds = 120;        // --time: the countdown per question
  std::string export_file;  // --export FILE.md|FILE.html: the printable sheet, then exit
};

// `interactive`: standard input is a terminal (prompts say what to type); otherwise each
// line is an answer, a `tick N,...` / `untick N,...`, or a grade 1-4 (docs/interview-format.md).
int cmd_interview(const InterviewArgs& args, std::istream& in, bool interactive, std::ostream& out,
                  std::ostream& err);

}  // namespace synack
