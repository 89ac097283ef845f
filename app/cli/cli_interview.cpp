#include "app/cli/cli_interview.hpp"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <optional>

#include "app/base/atomic_write.hpp"
#include "app/base/text_width.hpp"
#include "app/cli/cli_text.hpp"
#include "app/content/scenario_catalog.hpp"
#include "app/front/exit_codes.hpp"
#include "app/interview/interview_drill.hpp"
#include "app/interview/interview_loader.hpp"
#include "app/interview/interview_sheet.hpp"
#include "app/quiz/content_sync.hpp"
#include "app/quiz/quiz_session.hpp"
#include "app/quiz/watch.hpp"

namespace synack {

namespace {

const char* rating_name(fsrs::Rating r, const Words& w) {
  switch (r) {
    case fsrs::Rating::again:
      return w("Again", "忘了");
    case fsrs::Rating::hard:
      return w("Hard", "困难");
    case fsrs::Rating::good:
      return w("Good", "良好");
    case fsrs::Rating::easy:
      return w("Easy", "简单");
  }
  return "";
}

// "2 min 0 s" / "2 分 0 秒"
std::string clock_text(std::int64_t s, const Words& w) {
  return w.zh ? fmt::format("{} 分 {} 秒", s / 60, s % 60)
              : fmt::format("{} min {} s", s / 60, s % 60);
}

// The point's scenario step as a command, when a scenario shows it.
// Each point's "synack --scenario ID --step N", found once (it runs the scenario) and kept
// for the reprints after every tick.
class WatchCommands {
 public:
  explicit WatchCommands(std::filesystem::path content) : content_(std::move(content)) {}
  const std::string& of(const KeyPoint& p) {
    auto [it, added] = cache_.try_emplace(&p);
    if (added && !p.scenario.empty()) {
      it->second = "synack --scenario " + p.scenario;
      if (auto step = watch_step(p.scenario, p.at, content_)) {
        it->second += fmt::format(" --step {}", *step);
      }
    }
    return it->second;
  }

 private:
  std::filesystem::path content_;
  std::map<const KeyPoint*, std::string> cache_;
};

void print_points(const std::vector<KeyPoint>& points, const std::vector<bool>& ticks,
                  WatchCommands& watch, const Words& w, Lang lang, std::ostream& out) {
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string label = fmt::format("  [{}] {}. ", ticks[i] ? "x" : " ", i + 1);
    const auto lines = wrap(points[i].text.in(lang), kTerminalWidth - label.size());
    for (std::size_t k = 0; k < lines.size(); ++k) {
      out << (k == 0 ? label : std::string(label.size(), ' ')) << lines[k] << "\n";
    }
    if (const std::string& cmd = watch.of(points[i]); !cmd.empty()) {
      out << std::string(label.size(), ' ') << w("watch: ", "动画：") << cmd << "\n";
    }
  }
}

// "tick 1,3" / "untick 2": true if the line was one (applied or not).
bool tick_line(const std::string& line, InterviewDrill& drill, const Words& w, std::ostream& out) {
  bool made = true;
  std::string_view rest;
  if (line.rfind("tick ", 0) == 0) {
    rest = std::string_view(line).substr(5);
  } else if (line.rfind("untick ", 0) == 0) {
    made = false;
    rest = std::string_view(line).substr(7);
  } else {
    return false;
  }
  std::string number;
  auto apply = [&] {
    if (number.empty()) return;
    int n = 0;
    try {
      n = std::stoi(number);
    } catch (...) {
      n = 0;
    }
    if (!drill.set_tick(n, made))
      out << w("  No point ", "  没有第 ") << number << w(".\n", " 点。\n");
    number.clear();
  };
  for (char c : rest) {
    if (c == ',' || c == ' ') {
      apply();
    } else {
      number += c;
    }
  }
  apply();
  return true;
}

std::optional<fsrs::Rating> grade_line(const std::string& line) {
  if (line == "1") return fsrs::Rating::again;
  if (line == "2") return fsrs::Rating::hard;
  if (line == "3") return fsrs::Rating::good;
  if (line == "4") return fsrs::Rating::easy;
  return std::nullopt;
}

void print_reveal(const InterviewDrill& drill, const LocalizedText& answer, WatchCommands& watch,
                  const Words& w, Lang lang, std::ostream& out) {
  const std::int64_t took = drill.elapsed();
  const int limit = drill.options().seconds;
  out << (took <= limit
              ? fmt::format("{}{}{}\n", w("  (", "  （"), clock_text(took, w), w(")", "）"))
              : fmt::format("{}{}{}\n", w("  (over time by ", "  （超时 "),
                            clock_text(took - limit, w), w(")", "）")));
  out << w("Model answer:", "参考答案：") << "\n";
  print_wrapped(out, answer.in(lang), "  ");
  out << w("Key points (x: your answer made it):", "要点（x：你的回答提到了）：") << "\n";
  print_points(*drill.points(), drill.ticks(), watch, w, lang, out);
}

// Reads tick lines until another line comes; returns it (nullopt at end of input).
std::optional<std::string> ticks_then_line(std::istream& in, bool interactive,
                                           InterviewDrill& drill, WatchCommands& watch,
                                           const Words& w, Lang lang, std::ostream& out,
                                           const std::function<std::string()>& prompt) {
  std::string line;
  while (true) {
    out << prompt() << std::flush;
    if (!read_line(in, line)) return std::nullopt;
    if (!interactive) out << line << "\n";
    if (!tick_line(line, drill, w, out)) return line;
    print_points(*drill.points(), drill.ticks(), watch, w, lang, out);
  }
}

int run_drill(QuizBank& bank, const std::vector<InterviewEntry>& entries, const InterviewArgs& args,
              const std::filesystem::path& content, std::istream& in, bool interactive,
              std::ostream& out) {
  const Lang lang = args.lang == "zh" ? Lang::zh : Lang::en;
  const Words w{lang == Lang::zh};
  WatchCommands watch(content);
  InterviewDrill drill(bank, entries, DrillOptions{args.topics, args.count, args.seconds},
                       interactive ? "terminal" : "script", lang, wall_clock_seconds);
  const char* answer_prompt = interactive
                                  ? w("Type your answer, or say it out loud and press Enter.\n> ",
                                      "输入你的回答，或者大声说出来后按回车。\n> ")
                                  : "> ";
  const char* tick_prompt =
      interactive ? w("tick N / untick N changes the marks; else your answer to the follow-up.\n> ",
                      "tick N / untick N 修改标记；否则输入对追问的回答。\n> ")
                  : "> ";
  bool ended = false;
  while (!ended && drill.phase() == InterviewDrill::Phase::question) {
    const InterviewEntry& e = *drill.entry();
    out << "\n"
        << fmt::format("[{}/{}] {} · {}  ({} {})", drill.asked() + 1, args.count, e.topic,
                       w("interview", "面试"), w("time:", "限时"), clock_text(args.seconds, w))
        << "\n";
    print_wrapped(out, e.question.in(lang), "");
    std::string line;
    out << answer_prompt << std::flush;
    if (!read_line(in, line)) break;
    if (!interactive) out << line << "\n";
    drill.answer(line);
    print_reveal(drill, e.answer, watch, w, lang, out);
    out << w("Answers interviewers reject:", "面试官不接受的回答：") << "\n";
    for (const auto& m : e.mistakes) print_wrapped(out, "- " + m.in(lang), "  ");

    drill.next();
    if (drill.phase() == InterviewDrill::Phase::followup) {
      out << "\n" << w("Follow-up: ", "追问：") << drill.question()->in(lang) << "\n";
      auto follow = ticks_then_line(in, interactive, drill, watch, w, lang, out,
                                    [&] { return std::string(tick_prompt); });
      if (!follow) break;
      drill.answer(*follow);
      print_reveal(drill, drill.followup()->answer, watch, w, lang, out);
      drill.next();
    }
    // Said again after each tick: the proposal follows the marks.
    auto grade_prompt = [&] {
      const fsrs::Rating proposed = drill.proposed();
      return w.zh ? fmt::format(
                        "建议评分：{}（{}/{} 个要点）。回车接受；1 忘了，2 困难，3 "
                        "良好，4 简单；也可先 tick/untick N。\n> ",
                        rating_name(proposed, w), drill.made(), drill.total())
                  : fmt::format(
                        "Proposed grade: {} ({} of {} points). Enter accepts it; 1 "
                        "Again, 2 Hard, 3 Good, 4 Easy; tick/untick N first if you "
                        "like.\n> ",
                        rating_name(proposed, w), drill.made(), drill.total());
    };
    std::optional<fsrs::Rating> rating;
    while (!rating) {
      auto g = ticks_then_line(in, interactive, drill, watch, w, lang, out, grade_prompt);
      if (!g) {
        ended = true;
        break;
      }
      rating = g->empty() ? std::optional(drill.proposed()) : grade_line(*g);
      if (!rating) out << w("  A grade is 1-4, or Enter.\n", "  评分是 1-4，或直接回车。\n");
    }
    if (!rating) break;
    const std::int64_t before = wall_clock_seconds();
    const fsrs::Card card = drill.grade(*rating);
    out << w("  Saved. Next time ", "  已保存。下次：")
        << review_interval_text(card.due - before, w) << "\n";
    out << fmt::format("{}synack quiz --topic {}\n",
                       w("  Practise the facts: ", "  练习相关题目："), e.topic);
  }
  out << "\n"
      << (w.zh ? fmt::format("本次面试练习结束：回答 {} 题。", drill.asked())
               : fmt::format("Drill over: {} answered.", drill.asked()))
      << "\n";
  const int due = bank.due_count(wall_clock_seconds(), args.topics, CardKind::interview);
  out << (w.zh ? fmt::format("现在到期的面试题：{} 道。", due)
               : fmt::format("Interview questions due now: {}.", due))
      << "\n";
  return kExitOk;
}

}  // namespace

int cmd_interview(const InterviewArgs& args, std::istream& in, bool interactive, std::ostream& out,
                  std::ostream& err) {
  std::unique_ptr<QuizBank> bank = open_bank_for_cli(args.db, err);
  if (!bank) return kExitFailure;
  try {
    const std::filesystem::path content = find_content_dir();
    const std::int64_t now = wall_clock_seconds();
    const TopicList topics = load_content_topics(content);
    for (const std::string& t : args.topics) {
      if (!topics.find(t)) {
        err << "synack: unknown topic \"" << t << "\" (see content/topics.toml)\n";
        return kExitUsage;
      }
    }
    const QuizChecks checks = quiz_checks(content, topics);
    auto entries = load_interview_dir(content / "interview", checks.context(content, false));
    for (InterviewEntry& e : entries) {
      e.origin = std::filesystem::path(e.origin).lexically_relative(content).string();
    }
    if (!args.export_file.empty()) {
      const std::string ext = std::filesystem::path(args.export_file).extension().string();
      if (ext != ".md" && ext != ".html") {
        err << "synack: --export writes FILE.md or FILE.html, not \"" << args.export_file << "\"\n";
        return kExitUsage;
      }
      const SheetLang lang = args.lang == "both" ? SheetLang::both
                             : args.lang == "zh" ? SheetLang::zh
                                                 : SheetLang::en;
      write_file_atomically(args.export_file, ext == ".md"
                                                  ? interview_markdown(entries, topics, lang)
                                                  : interview_html(entries, topics, lang));
      out << fmt::format("Wrote {} questions to {}.\n", entries.size(), args.export_file);
      return kExitOk;
    }
    if (args.lang == "both") {
      err << "synack: --lang both is for --export; a drill is in one language\n";
      return kExitUsage;
    }
    bank->sync_rows(interview_bank_rows(entries), ItemSource::content, CardKind::interview, now);
    return run_drill(*bank, entries, args, content, in, interactive, out);
  } catch (const ScenarioError& e) {
    err << "synack: " << e.what() << "\n";
    return kExitUsage;
  } catch (const BankError& e) {
    err << "synack: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace synack
