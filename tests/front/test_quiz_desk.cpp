// The window's quiz without the window: the bank opens lazily and is synced, a session on
// one topic asks that topic's questions and commits each answer, errors become text.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "app/content/scenario_catalog.hpp"
#include "app/front/quiz_desk.hpp"
#include "app/front/session.hpp"
#include "app/quiz/generated.hpp"
#include "app/quiz/watch.hpp"
#include "tests/support/scratch.hpp"

using namespace synack;
namespace fs = std::filesystem;

namespace {

const fs::path kContent = SYNACK_SOURCE_DIR "/content";
constexpr std::int64_t kT0 = 1'800'000'000;

fs::path temp_db(const std::string& name) {
  return test::scratch_file("desk", name);
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
  CHECK(t->event == 4u);
  CHECK(t->options.seed == 7u);

  using Unit = ReviewInterval::Unit;
  CHECK(review_interval(30).unit == Unit::minutes);
  CHECK(review_interval(30).count == 1);
  CHECK(review_interval(7200).count == 2);
  CHECK(review_interval(7200).unit == Unit::hours);
  CHECK(review_interval(3 * 86400 + 100).count == 3);
}

TEST_CASE("quiz desk: Watch it opens the run and step the item is about", "[quiz][desk]") {
  // A written item: its `at` anchor, found in the scenario's own run.
  QuizDesk desk(kContent, temp_db("w.db"), [] { return kT0; });
  REQUIRE(desk.start({{"HS-11"}, 1, false}, Lang::en));
  const QuizItem* q = desk.question();
  REQUIRE(q);
  const auto t = desk.watch(*q);
  REQUIRE(t);
  Session session(kContent);
  session.open(t->scenario, t->options);
  REQUIRE(t->event);
  Playback& pb = session.playback();
  const std::size_t step = pb.step_showing(*t->event);
  pb.seek_step(step);
  CHECK(pb.visible_events() > *t->event);  // the moment is on screen...
  pb.seek_step(step - 1);
  CHECK(pb.visible_events() <= *t->event);  // ...and it is the step that shows it

  // A generated item: the same seed and losses as the question was computed from.
  const auto cards = generated_cards(kContent);
  REQUIRE_FALSE(cards.empty());
  const QuizItem gen = instantiate(cards.front(), 42, kContent);
  const auto g = desk.watch(gen);
  REQUIRE(g);
  REQUIRE(gen.run_options);
  session.open(g->scenario, g->options);
  CHECK(session.options().seed == gen.run_options->seed);
  CHECK(
      session.run().trace.events.size() ==
      run_scenario(load_scenario_arg(kContent, g->scenario).spec, *gen.run_options).events.size());
  CHECK(g->event == gen.step);
}

TEST_CASE("the terminal's Watch it names the same step the window opens", "[quiz][desk]") {
  QuizDesk desk(kContent, temp_db("s.db"), [] { return kT0; });
  REQUIRE(desk.start({{"HS-11"}, 1, false}, Lang::en));
  const QuizItem* q = desk.question();
  REQUIRE(q);
  const auto t = desk.watch(*q);
  REQUIRE(t);
  REQUIRE(t->event);
  Session session(kContent);
  session.open(t->scenario, t->options);
  const auto step = watch_step(*q, kContent);
  REQUIRE(step);
  CHECK(*step == session.playback().step_showing(*t->event));
  CHECK(*step <= session.playback().step_count());
}

TEST_CASE("quiz desk: the stats follow the clock, not only the answers", "[quiz][desk]") {
  std::int64_t now = kT0;
  QuizDesk desk(kContent, temp_db("t.db"), [&] { return now; });
  REQUIRE(desk.start({{"HS-11"}, 1, false}, Lang::en));
  desk.answer("63");  // right (a wrong answer counts 0 however recent: docs/quiz-db.md)
  auto mastery = [&] {
    for (const TopicStat& t : desk.stats().topics) {
      if (t.id == "HS-11") return t.mastery;
    }
    return -1.0;
  };
  const double fresh = mastery();
  CHECK(fresh > 0);
  now += 3 * 86400;  // nothing answered since: recall fades
  CHECK(mastery() < fresh);
}
