// A quiz session over a real bank with a fake clock: the order cards come in, grading and
// committing each answer, and never asking a card twice.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <string>

#include "app/content/scenario_catalog.hpp"
#include "app/quiz/content_sync.hpp"
#include "app/quiz/quiz_session.hpp"
#include "tests/support/scratch.hpp"

using namespace synack;
namespace fs = std::filesystem;

namespace {

fs::path fresh_db(const std::string& name) {
  return test::scratch_file("session", name);
}

// The line a student who knows the answer would type.
std::string right_line(const QuizItem& item) {
  std::string line;
  switch (item.type) {
    case QuizType::single:
    case QuizType::multiple:
    case QuizType::order:
      for (int k : item.right_choices) line += (line.empty() ? "" : ",") + std::to_string(k);
      return line;
    case QuizType::truefalse:
      return item.right_bool ? "1" : "2";
    case QuizType::numeric:
      return std::to_string(item.right_number);
    case QuizType::explain:
      return "3";
  }
  return line;
}

constexpr std::int64_t kT0 = 1'800'000'000;

}  // namespace

TEST_CASE(
    "a session asks up to `count` cards of the chosen topics, once each, and commits "
    "every answer",
    "[quiz][session]") {
  auto bank = QuizBank::open(fresh_db("a.db"), nullptr);
  sync_content(*bank, find_content_dir(), kT0);
  std::int64_t now = kT0;
  std::set<std::string> asked;
  {
    QuizSession s(*bank, QuizFilter{{"HS-11", "FW-05"}, 6, false}, "test", Lang::en,
                  [&] { return now; });
    while (const QuizItem* item = s.next()) {
      CHECK((item->topic == "HS-11" || item->topic == "FW-05"));
      CHECK(asked.insert(item->id).second);
      const auto out = s.answer(right_line(*item));
      CHECK(out.grade.correct);
      CHECK(out.card.due > now);
      now += 5;
    }
    CHECK(s.asked() == 6);
    CHECK(s.right() == 6);
  }
  CHECK(bank->db().execAndGet("SELECT count(*) FROM reviews").getInt() == 6);
  CHECK(
      bank->db().execAndGet("SELECT count(*) FROM sessions WHERE ended_at IS NOT NULL").getInt() ==
      1);
  // The new cards of the two topics took turns.
  CHECK(bank->db()
            .execAndGet("SELECT count(DISTINCT i.topic) FROM reviews r JOIN items i ON "
                        "i.id = r.item_id")
            .getInt() == 2);
}

TEST_CASE("a wrong or unreadable answer is logged as Again, and the card comes back when due",
          "[quiz][session]") {
  auto bank = QuizBank::open(fresh_db("b.db"), nullptr);
  sync_content(*bank, find_content_dir(), kT0);
  std::int64_t now = kT0;
  std::string first;
  {
    QuizSession s(*bank, QuizFilter{{"HS-11"}, 2, false}, "test", Lang::en, [&] { return now; });
    first = s.next()->id;
    const auto out = s.answer("this is not an answer");
    CHECK_FALSE(out.grade.readable);
    CHECK(out.grade.rating == fsrs::Rating::again);
    CHECK(s.next()->id != first);  // not asked again in this session
  }
  CHECK(bank->db().execAndGet("SELECT readable || answer FROM reviews").getString() ==
        "0this is not an answer");
  const std::int64_t due = bank->card(first)->due;
  now = due;
  QuizSession later(*bank, QuizFilter{{"HS-11"}, 1, true}, "test", Lang::en, [&] { return now; });
  const QuizItem* again = later.next();
  REQUIRE(again != nullptr);
  CHECK(again->id == first);  // due-only: the lapsed card, nothing new
}

TEST_CASE("due-only with nothing due ends at once", "[quiz][session]") {
  auto bank = QuizBank::open(fresh_db("c.db"), nullptr);
  sync_content(*bank, find_content_dir(), kT0);
  QuizSession s(*bank, QuizFilter{{}, 5, true}, "test", Lang::en, [] { return kT0; });
  CHECK(s.next() == nullptr);
}

TEST_CASE("reviewing ahead offers cards not yet due, soonest first, when nothing else is left",
          "[quiz][session]") {
  auto bank = QuizBank::open(fresh_db("d.db"), nullptr);
  sync_content(*bank, find_content_dir(), kT0);
  std::string first;
  {
    QuizSession s(*bank, QuizFilter{{"HS-11"}, 1, false}, "test", Lang::en, [] { return kT0; });
    first = s.next()->id;
    CHECK(s.answer(right_line(*s.current())).grade.correct);
  }
  QuizSession due_only(*bank, QuizFilter{{"HS-11"}, 1, true}, "test", Lang::en,
                       [] { return kT0 + 1; });
  CHECK(due_only.next() == nullptr);
  QuizSession ahead(*bank, QuizFilter{{"HS-11"}, 1, true, true}, "test", Lang::en,
                    [] { return kT0 + 1; });
  const QuizItem* q = ahead.next();
  REQUIRE(q != nullptr);
  CHECK(q->id == first);
}
