// Quiz statistics agree with the review log: scripted logs on a scratch bank, and what
// mastery, mastered and the weakest topics must say about them (docs/quiz-db.md).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "app/quiz/bank.hpp"
#include "app/quiz/quiz_loader.hpp"
#include "app/quiz/quiz_stats.hpp"
#include "tests/support/scratch.hpp"

using namespace synack;

namespace {

constexpr std::int64_t kT0 = 1'800'000'000;  // 2027-01-15
constexpr std::int64_t kDay = fsrs::kDay;

QuizItem item(const std::string& id, const std::string& topic) {
  const std::string text = "[[item]]\nid = \"" + id + "\"\ntopic = \"" + topic +
                           "\"\ntype = \"single\"\n"
                           "question = { en = \"Q\", zh = \"问\" }\n"
                           "choices = [{ en = \"a\", zh = \"甲\" }, { en = \"b\", zh = \"乙\" }]\n"
                           "answer = 1\nexplanation = { en = \"E\", zh = \"解\" }\n";
  return load_quiz_text(text, "content/quiz/t.toml", QuizContext{}).at(0);
}

void answer(QuizBank& bank, const std::string& id, std::int64_t at, bool right) {
  ReviewRecord r;
  r.item_id = id;
  r.at = at;
  r.grade.readable = true;
  r.grade.correct = right;
  r.grade.rating = right ? fsrs::Rating::good : fsrs::Rating::again;
  r.grade.given = right ? "1" : "2";
  r.item_hash = "h";
  bank.record(r);
}

TopicList topic_list(const std::vector<std::string>& ids) {
  TopicList t;
  t.sections.push_back({"HS", {"Handshake", "握手"}});
  for (const auto& id : ids) t.topics.push_back({id, "HS", false, {id, id}});
  return t;
}

const TopicStat& stat(const QuizStats& s, const std::string& id) {
  for (const auto& t : s.topics) {
    if (t.id == id) return t;
  }
  FAIL("no topic " << id);
  return s.topics.front();
}

bool weak(const QuizStats& s, const std::string& id) {
  return std::find(s.weakest.begin(), s.weakest.end(), id) != s.weakest.end();
}

}  // namespace

TEST_CASE("stats: a topic answered wrong twice is 0 % mastered and among the weakest",
          "[quiz][stats]") {
  auto bank = QuizBank::open(test::scratch_dir("stats", "wrong") / "b.db", nullptr);
  bank->sync({item("a1", "HS-01"), item("a2", "HS-01"), item("b1", "HS-02")}, ItemSource::content,
             kT0);
  answer(*bank, "a1", kT0 + 10, false);
  answer(*bank, "a1", kT0 + 700, false);  // asked again after the 10-minute step
  answer(*bank, "b1", kT0 + 20, true);
  const QuizStats s = compute_stats(*bank, topic_list({"HS-01", "HS-02"}), kT0 + 800);

  const TopicStat& a = stat(s, "HS-01");
  CHECK(a.items == 2);
  CHECK(a.seen == 1);
  CHECK(a.reviews == 2);
  CHECK(a.wrong == 2);
  CHECK(a.mastered == 0);
  CHECK(a.mastery == 0.0);  // not 50 %: FSRS's fresh retrievability counts for nothing here
  const TopicStat& b = stat(s, "HS-02");
  CHECK(b.mastered == 1);
  CHECK(b.mastery == Approx(1.0));                        // answered right minutes ago
  CHECK(s.weakest == std::vector<std::string>{"HS-01"});  // HS-02 was only ever right
}

TEST_CASE("stats: a topic whose every answer was right is never among the weakest",
          "[quiz][stats]") {
  auto bank = QuizBank::open(test::scratch_dir("stats", "right") / "b.db", nullptr);
  bank->sync({item("r1", "HS-01"), item("r2", "HS-01"), item("x1", "HS-02")}, ItemSource::content,
             kT0);
  answer(*bank, "r1", kT0, true);
  answer(*bank, "r2", kT0, true);
  const auto topics = topic_list({"HS-01", "HS-02"});
  // Now, and long after, when FSRS's recall estimate has fallen well below the retention.
  for (std::int64_t later : {std::int64_t{60}, 400 * kDay}) {
    INFO(later);
    const QuizStats s = compute_stats(*bank, topics, kT0 + later);
    CHECK(s.weakest.empty());
  }
  const QuizStats late = compute_stats(*bank, topics, kT0 + 400 * kDay);
  const TopicStat& r = stat(late, "HS-01");
  CHECK(r.mastered == 0);  // forgotten by FSRS's estimate: due again, not mastered
  CHECK(r.mastery > 0.0);
  CHECK(r.mastery < bank->parameters().desired_retention);
  CHECK(stat(late, "HS-02").seen == 0);  // unseen: not weak either, nothing to go on
}

TEST_CASE("stats: a wrong answer learnt since leaves the weakest; forgotten again, it returns",
          "[quiz][stats]") {
  auto bank = QuizBank::open(test::scratch_dir("stats", "relearn") / "b.db", nullptr);
  bank->sync({item("c1", "HS-01"), item("d1", "HS-02"), item("e1", "HS-03")}, ItemSource::content,
             kT0);
  answer(*bank, "c1", kT0, false);
  answer(*bank, "c1", kT0 + 600, true);
  answer(*bank, "d1", kT0, false);
  answer(*bank, "e1", kT0, false);
  answer(*bank, "e1", kT0 + 600, false);
  answer(*bank, "e1", kT0 + 1200, false);
  const auto topics = topic_list({"HS-01", "HS-02", "HS-03"});

  const QuizStats soon = compute_stats(*bank, topics, kT0 + 1300);
  CHECK(stat(soon, "HS-01").mastered == 1);
  CHECK_FALSE(weak(soon, "HS-01"));
  // Both wrong at their last answer (0 %): the one with more wrong answers first.
  CHECK(soon.weakest == std::vector<std::string>{"HS-03", "HS-02"});

  const QuizStats later = compute_stats(*bank, topics, kT0 + 200 * kDay);
  CHECK(stat(later, "HS-01").mastered == 0);
  CHECK(weak(later, "HS-01"));             // right once, then forgotten: its lapse counts again
  CHECK(later.weakest.back() == "HS-01");  // some recall left: after the 0 % ones
}

TEST_CASE("stats: item recall is FSRS's retrievability only after a right answer",
          "[quiz][stats]") {
  const fsrs::Parameters p;
  const fsrs::Card wrong = fsrs::next(fsrs::Card{}, fsrs::Rating::again, kT0, p);
  CHECK(fsrs::retrievability(wrong, kT0 + 60, p) > 0.9);  // why the old stats said "50 %"
  CHECK(item_recall(wrong, false, kT0 + 60, p) == 0.0);
  const fsrs::Card right = fsrs::next(fsrs::Card{}, fsrs::Rating::good, kT0, p);
  CHECK(item_recall(right, true, kT0 + 30 * kDay, p) ==
        Approx(fsrs::retrievability(right, kT0 + 30 * kDay, p)));
  CHECK(item_recall(fsrs::Card{}, true, kT0, p) == 0.0);  // never reviewed
}
