// The window's quiz without the window: the bank opens lazily and is synced, a session on
// one topic asks that topic's questions and commits each answer, errors become text.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "app/quiz/quiz_desk.hpp"

using namespace synack;
namespace fs = std::filesystem;

namespace {

const fs::path kContent = SYNACK_SOURCE_DIR "/content";
constexpr std::int64_t kT0 = 1'800'000'000;

fs::path temp_db(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("synack-desk-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::remove(dir / name);
  return dir / name;
}

}  // namespace

TEST_CASE("quiz desk: opens once, syncs, asks the topic and commits answers", "[quiz][desk]") {
  std::int64_t now = kT0;
  QuizDesk desk(kContent, temp_db("a.db"), [&] { return now; });
  CHECK_FALSE(desk.tried());
  REQUIRE(desk.open());
  CHECK(desk.error().empty());
  CHECK(desk.topics().find("HS-11"));
  CHECK(desk.due_count({}) == 0);  // nothing reviewed yet

  REQUIRE(desk.start({{"HS-11"}, 2, false}, Lang::en));
  const QuizItem* q = desk.question();
  REQUIRE(q);
  CHECK(q->topic == "HS-11");
  const std::string first = q->id;
  const auto* outcome = desk.answer("1");
  REQUIRE(outcome);
  CHECK(outcome->card.due > now);
  CHECK(desk.outcome() == outcome);
  CHECK(desk.answer("2") == nullptr);  // one answer per question
  CHECK(desk.session()->asked() == 1);
  CHECK(desk.stats().total_reviews == 1);
  q = desk.next();
  REQUIRE(q);
  CHECK(q->id != first);
  CHECK(desk.outcome() == nullptr);
  desk.answer("1");
  CHECK(desk.next() == nullptr);  // count reached

  // The same fresh bank gives the same first question: screenshots rely on it.
  QuizDesk again(kContent, temp_db("b.db"), [&] { return now; });
  REQUIRE(again.start({{"HS-11"}, 2, false}, Lang::en));
  CHECK(again.question()->id == first);
}

TEST_CASE("quiz desk: an unusable bank is an error to show, not a throw", "[quiz][desk]") {
  const fs::path dir = temp_db("dir.db");
  fs::create_directories(dir);  // a directory where the file should be
  QuizDesk desk(kContent, dir, [] { return kT0; });
  CHECK_FALSE(desk.open());
  CHECK_FALSE(desk.error().empty());
  CHECK_FALSE(desk.start({}, Lang::en));
  CHECK(desk.question() == nullptr);
  fs::remove_all(dir);
}

TEST_CASE("quiz desk: watch targets and review intervals", "[quiz][desk]") {
  QuizItem item;
  CHECK_FALSE(watch_target(item, kContent));
  item.scenario = "handshake";
  item.step = 4;
  RunOptions o;
  o.seed = 7;
  item.run_options = o;
  const auto t = watch_target(item, kContent);
  REQUIRE(t);
  CHECK(t->step == 4u);
  CHECK(t->options.seed == 7u);

  using Unit = ReviewInterval::Unit;
  CHECK(review_interval(30).unit == Unit::minutes);
  CHECK(review_interval(30).count == 1);
  CHECK(review_interval(7200).count == 2);
  CHECK(review_interval(7200).unit == Unit::hours);
  CHECK(review_interval(3 * 86400 + 100).count == 3);
}
