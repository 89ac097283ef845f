#include "app/cli/cli_text.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/base/text_width.hpp"
#include "app/quiz/watch.hpp"

namespace synack {

void print_wrapped(std::ostream& out, std::string_view text, const std::string& indent) {
  while (true) {
    const auto nl = text.find('\n');
    std::string_view para = text.substr(0, nl);
    const auto lead = std::min(para.find_first_not_of(' '), para.size());  // kept, not wrapped
    const std::string here = indent + std::string(lead, ' ');
    for (const std::string& line : wrap(para.substr(lead), kTerminalWidth - here.size())) {
      out << here << line << "\n";
    }
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

bool read_line(std::istream& in, std::string& line) {
  if (!std::getline(in, line)) return false;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

std::string review_interval_text(std::int64_t seconds, const Words& w) {
  const auto [unit, n] = review_interval(seconds);
  switch (unit) {
    case ReviewInterval::Unit::minutes:
      return w.zh ? fmt::format("{} 分钟后", n)
                  : fmt::format("in {} minute{}", n, n == 1 ? "" : "s");
    case ReviewInterval::Unit::hours:
      return w.zh ? fmt::format("{} 小时后", n) : fmt::format("in {} hour{}", n, n == 1 ? "" : "s");
    case ReviewInterval::Unit::days:
      break;
  }
  return w.zh ? fmt::format("{} 天后", n) : fmt::format("in {} day{}", n, n == 1 ? "" : "s");
}

std::unique_ptr<QuizBank> open_bank_for_cli(const std::string& db, std::ostream& err) {
  const std::filesystem::path path =
      db.empty() ? QuizBank::default_path() : std::filesystem::path(db);
  std::string notice;
  std::unique_ptr<QuizBank> bank;
  try {
    bank = QuizBank::open(path, &notice);
  } catch (const BankError& e) {
    err << "synack: " << e.what() << "\n";
    return nullptr;
  }
  if (!notice.empty()) err << "synack: " << notice << "\n";
  return bank;
}

}  // namespace synack
