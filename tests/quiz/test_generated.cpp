// Generated quiz items: cards for the dynamic topics, and instances whose marked answer is
// what the engine's trace says, checked here by re-running the recorded options.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "app/content/scenario_catalog.hpp"
#include "app/content/topics.hpp"
#include "app/quiz/generated.hpp"
#include "engine/simulator.hpp"
#include "tests/support/generated_cards.hpp"

using namespace synack;

using namespace synack::generated_test;

namespace {

void check_texts(const QuizItem& item) {
  INFO(item.id);
  CHECK_FALSE(item.question.en.empty());
  CHECK_FALSE(item.question.zh.empty());
  CHECK_FALSE(item.explanation.en.empty());
  CHECK_FALSE(item.explanation.zh.empty());
  if (item.type == QuizType::single) {
    CHECK(item.choices.size() >= 2);
    CHECK(item.choices.size() <= 9);
    std::set<std::string> distinct;
    for (const auto& c : item.choices) distinct.insert(c.en);
    CHECK(distinct.size() == item.choices.size());
    REQUIRE(item.right_choices.size() == 1);
    CHECK(item.right_choices[0] >= 1);
    CHECK(item.right_choices[0] <= static_cast<int>(item.choices.size()));
  }
}

// generated_test::for_seeds, with the texts of every instance checked too.
template <typename Check>
void for_seeds_with_texts(std::string_view kind, int count, Check check) {
  for_seeds(kind, count, [&](const QuizItem& item) {
    check_texts(item);
    check(item);
  });
}

}  // namespace

TEST_CASE("generated: a next-segment card for every scenario of a dynamic topic", "[generated]") {
  const TopicList topics = load_content_topics(kContent);
  const Catalog catalog = load_catalog(kContent);
  std::set<std::string> want_scenarios, want_topics;
  for (const CatalogEntry& e : catalog.entries) {
    for (const std::string& id : e.topics) {
      const Topic* t = topics.find(id);
      if (t != nullptr && t->dynamic) {
        want_scenarios.insert(e.id);
        want_topics.insert(id);
      }
    }
  }
  std::set<std::string> got_scenarios, got_topics;
  for (const QuizItem& c : cards_of("next-segment")) {
    got_scenarios.insert(c.scenario);
    for (const auto& e : catalog.entries) {
      if (e.id != c.scenario) continue;
      for (const std::string& id : e.topics) got_topics.insert(id);
    }
  }
  CHECK(got_scenarios == want_scenarios);
  for (const std::string& t : want_topics) {
    INFO(t);
    CHECK(got_topics.count(t) == 1);
  }
  CHECK(cards_of("next-state").size() == want_scenarios.size());
  CHECK_FALSE(cards_of("next-ack").empty());
}

TEST_CASE("generated: cards are well formed, unique and stable", "[generated]") {
  const TopicList topics = load_content_topics(kContent);
  std::set<std::string> ids;
  for (const QuizItem& c : cards()) {
    INFO(c.id);
    CHECK(ids.insert(c.id).second);
    CHECK(c.origin == "generated");
    CHECK(c.id == "gen-" + c.body.substr(13, c.body.find('"', 13) - 13) + "-" + c.scenario);
    const Topic* t = topics.find(c.topic);
    REQUIRE(t != nullptr);
    CHECK(t->dynamic);
    CHECK_FALSE(c.question.en.empty());
    CHECK_FALSE(c.question.zh.empty());
    CHECK_FALSE(c.explanation.en.empty());
    CHECK(c.body.find("scenario = \"" + c.scenario + "\"") != std::string::npos);
    CHECK(c.hash.size() == 32);
  }
  const std::vector<QuizItem> again = generated_cards(kContent);
  REQUIRE(again.size() == cards().size());
  for (std::size_t i = 0; i < again.size(); ++i) {
    CHECK(again[i].id == cards()[i].id);
    CHECK(again[i].hash == cards()[i].hash);
  }
  const QuizItem* syn_lost = nullptr;
  for (const QuizItem& c : cards()) {
    if (c.id == "gen-give-up-time-syn-lost") syn_lost = &c;
  }
  REQUIRE(syn_lost != nullptr);
  CHECK(syn_lost->body == "generator = \"give-up-time\"\nversion = 1\nscenario = \"syn-lost\"\n");
  CHECK(syn_lost->type == QuizType::numeric);
  CHECK(syn_lost->unit == "s");
}

TEST_CASE("generated: the same seed gives the same item, other seeds other items", "[generated]") {
  for (std::string_view kind : {"next-segment", "next-ack", "next-state", "give-up-time"}) {
    const QuizItem card = cards_of(kind).front();
    INFO(card.id);
    const QuizItem a = instantiate(card, 42, kContent);
    const QuizItem b = instantiate(card, 42, kContent);
    CHECK(a.question.en == b.question.en);
    CHECK(a.question.zh == b.question.zh);
    CHECK(a.explanation.en == b.explanation.en);
    CHECK(a.right_choices == b.right_choices);
    CHECK(a.right_number == b.right_number);
    CHECK(a.step == b.step);
    std::set<std::string> questions;
    for (std::uint64_t s = 0; s < 10; ++s)
      questions.insert(instantiate(card, s, kContent).question.en);
    CHECK(questions.size() > 1);
  }
}

TEST_CASE("generated: next-segment answers are the flags the engine sent", "[generated]") {
  for_seeds_with_texts("next-segment", 200, [](const QuizItem& item) {
    const Trace t = rerun(item);
    const Event& e = t.events[*item.step];
    REQUIRE(e.type == EventType::send);
    std::string flags = flags_to_string(t.segments[e.segment].seg.flags);
    if (flags.empty()) flags = "(no flags)";
    CHECK(right_text(item) == flags);
  });
}

TEST_CASE("generated: next-ack answers are the relative ack the engine sent", "[generated]") {
  for_seeds_with_texts("next-ack", 200, [](const QuizItem& item) {
    const Trace t = rerun(item);
    const Event& e = t.events[*item.step];
    REQUIRE(e.type == EventType::send);
    const SegmentRecord& r = t.segments[e.segment];
    CHECK(r.seg.has(kAck));
    CHECK(item.right_number == r.rel_ack);
  });
}

TEST_CASE("generated: next-state answers are the state the engine entered", "[generated]") {
  for_seeds_with_texts("next-state", 200, [](const QuizItem& item) {
    const Trace t = rerun(item);
    const Event& e = t.events[*item.step];
    REQUIRE(e.type == EventType::state);
    CHECK(right_text(item) == state_name(e.to));
    CHECK(item.question.en.find("(in " + std::string(state_name(e.from)) + ")") !=
          std::string::npos);
  });
}

TEST_CASE("generated: give-up times are measured from the first transmission", "[generated]") {
  for_seeds_with_texts("give-up-time", 200, [](const QuizItem& item) {
    CHECK(item.unit == "s");
    CHECK(item.tolerance > 0);
    CHECK(item.tolerance < 0.1);
    REQUIRE(item.run_options->sysctls.size() == 1);
    const SysctlSetting& set = item.run_options->sysctls[0];
    CHECK(item.question.en.find(std::string(knob_info(set.knob).name) + " = " +
                                std::to_string(set.value[0])) != std::string::npos);
    const Trace t = rerun(item);
    const Event& g = t.events[*item.step];
    // Independently of the generator: the side's first send with the same flags as its last
    // send before giving up (or its first keepalive probe) started the clock.
    std::uint8_t flags = 0;
    for (std::size_t i = *item.step; i-- > 0;) {
      const Event& e = t.events[i];
      if (e.type == EventType::send && e.host == g.host) {
        flags = t.segments[e.segment].seg.flags;
        break;
      }
    }
    const bool keepalive = g.reason.why == Why::rst_keepalive_dead;
    for (const Event& e : t.events) {
      if (e.type != EventType::send || e.host != g.host) continue;
      if (keepalive ? e.reason.why != Why::keepalive_probe
                    : t.segments[e.segment].seg.flags != flags)
        continue;
      CHECK(item.right_number == Approx(static_cast<double>(g.t - e.t) / kMicrosPerSec));
      break;
    }
  });
}

TEST_CASE("generated: give-up times follow the sysctl", "[generated]") {
  for (const QuizItem& card : cards_of("give-up-time")) {
    INFO(card.id);
    std::map<std::int64_t, std::set<double>> by_value;
    for (std::uint64_t s = 0; s < 30; ++s) {
      const QuizItem item = instantiate(card, s, kContent);
      by_value[item.run_options->sysctls.at(0).value[0]].insert(item.right_number);
    }
    CHECK(by_value.size() > 1);
    // A larger value never gives up sooner. Two values may give the same time: Linux's
    // limits are time budgets checked when the timer fires (tcp_orphan_retries 2 and 3
    // both give up at the same RTO expiry), so distinct answers are only required overall.
    std::set<double> answers;
    double previous = 0;
    for (const auto& [value, seen] : by_value) {
      CHECK(seen.size() == 1);  // the seed changes ISNs and ports, not when it gives up
      CHECK(*seen.begin() >= previous);
      previous = *seen.begin();
      answers.insert(*seen.begin());
    }
    CHECK(answers.size() > 1);
  }
}
