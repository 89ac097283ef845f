// Quiz bank benchmark (`make bench`): with 10,000 items and 100,000 reviews in the log,
// how long picking the next due card and recording an answer take (targets: median under
// 1 ms each), and how long the start-up sync of the shipped content takes (target: under
// 50 ms).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "app/content/scenario_catalog.hpp"
#include "app/quiz/bank.hpp"
#include "app/quiz/content_sync.hpp"
#include "app/quiz/generated.hpp"
#include "app/quiz/quiz_loader.hpp"

using namespace synack;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
constexpr int kReviews = 100'000;

namespace {

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct Summary {
  double median, p90, max;
};

Summary summarize(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[v.size() * 9 / 10], v.back()};
}

// 10,000 single-choice items spread over the 72 topics, read by the real loader.
std::vector<QuizItem> synthetic_items(const TopicList& topics, int n) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    const Topic& t = topics.topics[static_cast<std::size_t>(i) % topics.topics.size()];
    text += "[[item]]\nid = \"bench-" + std::to_string(i) + "\"\ntopic = \"" + t.id +
            "\"\ntype = \"single\"\nquestion = { en = \"Question " + std::to_string(i) +
            "?\", zh = \"问题 " + std::to_string(i) +
            "？\" }\nchoices = [{ en = \"a\", zh = \"甲\" }, { en = \"b\", zh = \"乙\" }, "
            "{ en = \"c\", zh = \"丙\" }]\nanswer = " +
            std::to_string(1 + i % 3) + "\nexplanation = { en = \"Because.\", zh = \"因为。\" }\n";
  }
  return load_quiz_text(text, "bench.toml", QuizContext{});
}

}  // namespace

int main() {
  const fs::path dir =
      fs::temp_directory_path() / ("synack-bench-quiz-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path content = find_content_dir();
  const TopicList topics = load_content_topics(content);
  std::mt19937_64 rng(42);
  std::int64_t now = 1'800'000'000;

  std::printf("quiz bank benchmark (%s)\n", dir.c_str());

  // Start-up: what `synack quiz` does before the first question.
  {
    auto bank = QuizBank::open(dir / "startup.db", nullptr);
    for (int run = 0; run < 3; ++run) {
      const auto t0 = Clock::now();
      const StartupSync s = sync_bank(*bank, content, now);
      std::printf("  start-up sync of the shipped content, %s: %.1f ms\n",
                  run == 0 ? "first start (empty bank)" : "a later start", ms_since(t0));
      if (run == 1 && !s.skipped) std::printf("  (the fingerprint did not match!)\n");
    }
    // A changed content file: everything is read, and only the changes written.
    bank->db().exec("UPDATE settings SET value = '' WHERE key = 'content_fingerprint'");
    auto t0 = Clock::now();
    sync_bank(*bank, content, now);
    std::printf("  start-up sync after a content file changed: %.1f ms\n", ms_since(t0));
    t0 = Clock::now();
    sync_content(*bank, content, now);
    std::printf("    of which the quiz files: %.1f ms\n", ms_since(t0));
    t0 = Clock::now();
    generated_cards(content);
    std::printf("    of which finding the generated cards: %.1f ms\n", ms_since(t0));
  }

  auto bank = QuizBank::open(dir / "big.db", nullptr);
  auto t0 = Clock::now();
  const std::vector<QuizItem> items = synthetic_items(topics, 10'000);
  std::printf("  load 10,000 items from TOML: %.0f ms\n", ms_since(t0));
  t0 = Clock::now();
  bank->sync(items, ItemSource::content, now);
  std::printf("  first sync of 10,000 items: %.0f ms\n", ms_since(t0));

  // 100,000 reviews: every item answered ten times, spread over days.
  t0 = Clock::now();
  std::uniform_int_distribution<std::size_t> pick(0, items.size() - 1);
  for (int i = 0; i < kReviews; ++i) {
    ReviewRecord r;
    r.item_id = items[pick(rng)].id;
    r.at = now;
    r.grade.readable = true;
    r.grade.correct = rng() % 4 != 0;
    r.grade.rating = r.grade.correct ? fsrs::Rating::good : fsrs::Rating::again;
    r.grade.given = "1";
    r.item_hash = "bench";
    bank->record(r);
    now += 30;
  }
  std::printf("  fill the log with 100,000 reviews: %.1f s (%.3f ms each)\n", ms_since(t0) / 1000,
              ms_since(t0) / 100'000);
  now += 30 * fsrs::kDay;  // a month later: many cards are due

  std::vector<double> pick_ms, record_ms;
  std::vector<std::string> asked;
  for (int i = 0; i < 2000; ++i) {
    if (asked.size() >= 20) asked.clear();  // a session of 20
    auto t = Clock::now();
    const auto id = bank->next_card(now, {}, asked);
    pick_ms.push_back(ms_since(t));
    if (!id) break;
    asked.push_back(*id);
    ReviewRecord r;
    r.item_id = *id;
    r.at = now;
    r.grade.readable = true;
    r.grade.correct = true;
    r.grade.rating = fsrs::Rating::good;
    r.grade.given = "1";
    r.item_hash = "bench";
    t = Clock::now();
    bank->record(r);
    record_ms.push_back(ms_since(t));
    now += 10;
  }
  const Summary p = summarize(pick_ms), r = summarize(record_ms);
  std::printf(
      "  pick the next due card (10,000 items, 100,000+ reviews, %zu picks): median %.3f "
      "ms, p90 %.3f ms, max %.3f ms\n",
      pick_ms.size(), p.median, p.p90, p.max);
  std::printf(
      "  record an answer (one committed transaction):                median %.3f "
      "ms, p90 %.3f ms, max %.3f ms\n",
      r.median, r.p90, r.max);
  std::printf("  targets: median under 1 ms each: %s\n",
              p.median < 1 && r.median < 1 ? "met" : "NOT met");
  fs::remove_all(dir);
  return 0;
}
