#pragma once
// What the terminal fronts of the quiz and the interview drill share: words in the chosen
// language, wrapped paragraphs, reading a line, when a card comes back, and opening the
// bank with its notices on stderr.

#include <cstdint>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "app/quiz/bank.hpp"

namespace synack {

inline constexpr int kTerminalWidth = 88;

struct Words {
  bool zh;
  const char* operator()(const char* en, const char* zh_text) const { return zh ? zh_text : en; }
};

// Paragraph by paragraph: a line break in the text is kept, a paragraph's leading spaces too.
void print_wrapped(std::ostream& out, std::string_view text, const std::string& indent);

// One line of input without its '\r'; false at end of input.
bool read_line(std::istream& in, std::string& line);

// "in 10 minutes", "3 天后".
std::string review_interval_text(std::int64_t seconds, const Words& w);

// The bank at `db` ("": the default one); a moved-aside damaged bank is reported on `err`.
// Null (the error on `err`) when it cannot be used.
std::unique_ptr<QuizBank> open_bank_for_cli(const std::string& db, std::ostream& err);

}  // namespace synack
