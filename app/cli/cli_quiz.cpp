#include "app/cli/cli_quiz.hpp"

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "app/base/atomic_write.hpp"
#include "app/base/suggest.hpp"
#include "app/base/text_width.hpp"
#include "app/cli/cli_text.hpp"
#include "app/content/scenario_catalog.hpp"
#include "app/front/exit_codes.hpp"
#include "app/quiz/anki_export.hpp"
#include "app/quiz/content_sync.hpp"
#include "app/quiz/quiz_session.hpp"
#include "app/quiz/quiz_stats.hpp"
#include "app/quiz/watch.hpp"

namespace synack {

namespace {

// The `synack run` flags that reproduce a run: " --seed 7 --set tcp_syn_retries=3 --drop
// client:*#2".
std::string run_flags(const RunOptions& o) {
  std::string out;
  if (o.seed) out += fmt::format(" --seed {}", *o.seed);
  for (const SysctlSetting& s : o.sysctls) out += fmt::format(" --set {}", format_setting(s));
  for (const RuleSpec& r : o.extra_rules) {
    if (r.action != RuleAction::drop) continue;
    out +=
        " --drop " + r.match.from + ":" + (r.match.flags ? flags_to_string(*r.match.flags) : "*");
    if (r.match.nth > 0) out += fmt::format("#{}", r.match.nth);
  }
  return out;
}

void print_question(const QuizItem& item, int number, int total, const Words& w, Lang lang,
                    std::ostream& out) {
  out << "\n"
      << fmt::format("[{}/{}] {} · {}", number, total, item.topic, quiz_type_name(item.type))
      << "\n";
  print_wrapped(out, item.question.in(lang), "");
  for (std::size_t i = 0; i < item.choices.size(); ++i) {
    const std::string label = fmt::format("  {}. ", i + 1);
    auto lines = wrap(item.choices[i].in(lang), kTerminalWidth - label.size());
    for (std::size_t k = 0; k < lines.size(); ++k) {
      out << (k == 0 ? label : std::string(label.size(), ' ')) << lines[k] << "\n";
    }
  }
  if (item.type == QuizType::truefalse)
    out << "  1. " << w("true", "正确") << "\n  2. " << w("false", "错误") << "\n";
}

void print_feedback(const QuizItem& item, const QuizSession::Outcome& o, std::int64_t now,
                    const std::filesystem::path& content, const Words& w, Lang lang,
                    std::ostream& out) {
  if (item.self_graded()) {
    out << w("Model answer:", "参考答案：") << "\n";
    print_wrapped(out, item.model_answer.in(lang), "  ");
    if (!o.grade.readable) {
      out << w("That is not a grade 1-4: counted as Again.", "这不是 1-4 的自评：按“忘了”记录。")
          << "\n";
    }
  } else if (!o.grade.readable) {
    out << w("✗ Could not read that as an answer; counted as wrong. The answer: ",
             "✗ 无法识别这个答案，按答错记录。正确答案：")
        << right_answer_text(item, lang) << "\n";
  } else if (o.grade.correct) {
    out << w("✓ Right.", "✓ 正确。") << "\n";
  } else {
    out << w("✗ Wrong. You answered: ", "✗ 错误。你的答案：")
        << given_answer_text(item, o.grade, lang) << "\n"
        << w("  The answer: ", "  正确答案：") << right_answer_text(item, lang) << "\n";
  }
  print_wrapped(out, item.explanation.in(lang), "  ");
  if (item.material) {
    out << w("  About the course material: ", "  关于课程材料：") << "\n";
    print_wrapped(out, item.material->in(lang), "    ");
  }
  if (!item.scenario.empty() && item.run_options) {
    // A generated item's own run: its seed, sysctls and losses.
    out << w("  Watch it: ", "  动画演示：") << "synack run " << item.scenario
        << run_flags(*item.run_options) << "\n";
  } else if (!item.scenario.empty()) {
    std::string cmd = "synack --scenario " + item.scenario;
    if (auto step = watch_step(item, content)) cmd += fmt::format(" --step {}", *step);
    out << w("  Watch it: ", "  动画演示：") << cmd << "   (" << w("text: ", "文本：")
        << "synack run " << item.scenario << ")\n";
  }
  out << w("  Next review ", "  下次复习：") << review_interval_text(o.card.due - now, w) << "\n";
}

int run_session(QuizBank& bank, const QuizArgs& args, const std::filesystem::path& content,
                Instantiate instantiate, std::istream& in, bool interactive, std::ostream& out) {
  const Lang lang = args.lang == "zh" ? Lang::zh : Lang::en;
  const Words w{lang == Lang::zh};
  QuizFilter filter{args.topics, args.count, args.due_only, args.ahead};
  QuizSession session(bank, filter, interactive ? "terminal" : "script", lang, wall_clock_seconds,
                      std::move(instantiate));
  int number = 0;
  while (const QuizItem* item = session.next()) {
    ++number;
    print_question(*item, number, args.count, w, lang, out);
    std::string line;
    if (item->self_graded() && interactive) {
      out << w("Think of your answer, then press Enter to see the model answer. ",
               "先想好你的答案，然后按回车查看参考答案。")
          << std::flush;
      if (!read_line(in, line)) break;
      out << w("Model answer:", "参考答案：") << "\n";
      print_wrapped(out, item->model_answer.in(lang), "  ");
    }
    out << answer_hint(*item, lang) << "> " << std::flush;
    bool ended = !read_line(in, line);
    // At a terminal a slip of the finger is asked again; a script's line is its answer.
    while (!ended && interactive && !grade_answer(*item, line).readable) {
      out << w("Not an answer here: ", "这里需要：") << answer_hint(*item, lang) << "> "
          << std::flush;
      ended = !read_line(in, line);
    }
    if (ended) {
      out << "\n";
      break;  // end of input ends the session; every earlier answer is already saved
    }
    if (!interactive) out << line << "\n";
    const auto outcome = session.answer(line);
    print_feedback(*item, outcome, session.now(), content, w, lang, out);
  }
  out << "\n"
      << (w.zh ? fmt::format("本次练习结束：回答 {} 题，答对 {} 题。", session.asked(),
                             session.right())
               : fmt::format("Session over: {} answered, {} right.", session.asked(),
                             session.right()))
      << "\n";
  const int due = bank.due_count(wall_clock_seconds(), args.topics);
  out << (w.zh ? fmt::format("现在到期待复习：{} 张。", due)
               : fmt::format("Due for review now: {}.", due))
      << "\n";
  return kExitOk;
}

std::string bar(double fraction, int width) {
  const int full = static_cast<int>(fraction * width + 0.5);
  std::string out;
  for (int i = 0; i < width; ++i) out += i < full ? "█" : "·";
  return out;
}

int print_stats(QuizBank& bank, const TopicList& topics, Lang lang, std::ostream& out) {
  const Words w{lang == Lang::zh};
  const QuizStats s = compute_stats(bank, topics, wall_clock_seconds());
  out << fmt::format("{}: {}   {}: {}\n", w("Items", "题目"), s.total_items, w("Reviews", "作答"),
                     s.total_reviews);
  out << "\n"
      << w("Mastery by topic (probability of recall now; items last answered wrong count 0):",
           "各主题掌握程度（当前回忆概率；最近一次答错的题目按 0 计）：")
      << "\n";
  for (const TopicStat& t : s.topics) {
    const Topic* topic = topics.find(t.id);
    // The interview drill's mastery beside the quiz's, once the topic has been drilled.
    const std::string drilled =
        t.interview_seen > 0
            ? fmt::format("  {} {:>3.0f}%", w("interview", "面试"), t.interview_mastery * 100)
            : "";
    out << fmt::format("  {} {} {:>3.0f}%  {:>2}/{:<2} {}{}  {}\n", t.id, bar(t.mastery, 10),
                       t.mastery * 100, t.mastered, t.items, w("mastered", "已掌握"), drilled,
                       topic ? topic->title.in(lang) : "");
  }
  out << "\n" << w("Reviews per day:", "每日作答：") << "\n";
  if (s.days.empty()) out << "  " << w("none yet", "还没有") << "\n";
  for (const DayStat& d : s.days) {
    out << fmt::format("  {}  {:>4} {}, {:>3.0f}% {}\n", d.day, d.reviews, w("answers", "题"),
                       100.0 * d.right / std::max(1, d.reviews), w("right", "正确"));
  }
  out << "\n" << w("Due in the next days:", "未来几天到期：") << "\n  ";
  for (std::size_t i = 0; i < s.due_by_day.size(); ++i) {
    out << (i == 0 ? std::string(w("today", "今天")) : fmt::format("+{}", i)) << " "
        << s.due_by_day[i] << (i + 1 < s.due_by_day.size() ? "   " : "\n");
  }
  out << "\n"
      << w("Weakest topics: (an item answered wrong, not mastered since)",
           "最薄弱的主题：（有题目答错过、之后尚未掌握）")
      << "\n";
  if (s.weakest.empty() && s.total_reviews == 0) {
    out << "  " << w("answer some questions first", "请先做一些题") << "\n";
  } else if (s.weakest.empty()) {
    out << "  " << w("none", "没有") << "\n";
  }
  for (const std::string& id : s.weakest) {
    const Topic* topic = topics.find(id);
    out << "  " << id << "  " << (topic ? topic->title.in(lang) : "") << "   synack quiz --topic "
        << id << "\n";
  }
  return kExitOk;
}

std::vector<QuizItem> bank_items(const QuizBank& bank) {
  std::vector<QuizItem> out;
  for (const auto& s : bank.items()) {
    if (s.source == ItemSource::generated) continue;  // no fixed answer to export
    if (s.type == kInterviewType) continue;           // not a quiz item
    out.push_back(quiz_item_from_body(s.body, s.origin));
  }
  return out;
}

// Everything after opening the bank: sync, then the one thing asked for.
int quiz_with_bank(QuizBank& bank, const std::filesystem::path& db, const QuizArgs& args,
                   std::istream& in, bool interactive, std::ostream& out, std::ostream& err) {
  const std::filesystem::path content = find_content_dir();
  const std::int64_t now = wall_clock_seconds();
  StartupSync synced = sync_bank(bank, content, now);
  const SyncReport& gen = synced.generated;
  const SyncReport& c = synced.content;
  if (c.added + c.changed + c.removed + c.restored + gen.added + gen.changed + gen.removed > 0) {
    err << fmt::format(
        "synack: quiz bank {}: {} new, {} changed, {} removed, {} restored items ({} generated "
        "cards new)\n",
        db.string(), c.added + gen.added, c.changed + gen.changed, c.removed + gen.removed,
        c.restored + gen.restored, gen.added);
  }
  for (const std::string& t : args.topics) {
    if (!synced.topics.find(t)) {
      std::vector<std::string> ids;
      for (const Topic& topic : synced.topics.topics) ids.push_back(topic.id);
      const auto close = suggest_ids(ids, t);
      err << "synack: unknown topic \"" << t << "\""
          << (close.empty() ? "" : "; did you mean " + close.front() + "?") << "\n";
      return kExitUsage;
    }
  }
  const Lang lang = args.lang == "zh" ? Lang::zh : Lang::en;

  if (!args.import_file.empty()) {
    const QuizChecks checks = quiz_checks(content, synced.topics);
    const auto items = load_quiz_file(args.import_file, checks.context(content, true));
    // A step that does not exist would open the scenario at the wrong place: refuse it now.
    for (const QuizItem& item : items) {
      if (item.at && !watch_step(item, content)) {
        throw ScenarioError(item.origin, item.line, "item.at",
                            "matches no event of scenario \"" + item.scenario +
                                "\" (its default run); see docs/scenario-format.md, narration");
      }
    }
    const SyncReport r = bank.import_items(items, now);
    out << fmt::format("Imported {}: {} new, {} changed, {} unchanged.\n", args.import_file,
                       r.added, r.changed + r.restored, r.unchanged);
    return kExitOk;
  }
  if (!args.export_csv.empty()) {
    const auto items = bank_items(bank);
    std::ostringstream csv;
    export_anki_csv(items, lang, csv);
    write_file_atomically(args.export_csv, csv.str());
    out << fmt::format("Wrote {} notes to {} (Anki: File → Import).\n", items.size(),
                       args.export_csv);
    return kExitOk;
  }
  if (args.stats) return print_stats(bank, synced.topics, lang, out);
  return run_session(bank, args, content, instantiate_generated(content, std::move(synced.cards)),
                     in, interactive, out);
}

}  // namespace

int cmd_quiz(const QuizArgs& args, std::istream& in, bool interactive, std::ostream& out,
             std::ostream& err) {
  const std::filesystem::path db =
      args.db.empty() ? QuizBank::default_path() : std::filesystem::path(args.db);
  std::unique_ptr<QuizBank> bank = open_bank_for_cli(args.db, err);
  if (!bank) return kExitFailure;
  if (args.retention) {  // applies to the whole history: the cards are replayed
    bank->set_desired_retention(*args.retention);
    bank->rebuild_cards(bank->parameters());
  }

  try {
    return quiz_with_bank(*bank, db, args, in, interactive, out, err);
  } catch (const ScenarioError& e) {
    err << "synack: " << e.what() << "\n";  // a bad quiz file: the student's or ours
    return kExitUsage;
  } catch (const BankError& e) {
    err << "synack: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace synack
