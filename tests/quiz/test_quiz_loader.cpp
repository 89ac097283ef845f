// Quiz item files: the shipped bank is complete and consistent with the scenarios, and bad
// files are rejected with FILE:LINE: FIELD messages.
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>

#include "app/content/scenario_catalog.hpp"
#include "app/content/topics.hpp"
#include "app/quiz/quiz_loader.hpp"
#include "app/run/narration.hpp"
#include "engine/simulator.hpp"
#include "tests/support/catalog_fixture.hpp"

using namespace synack;

namespace {

std::string error_of(const std::string& text) {
  try {
    load_quiz_text(text, "q.toml", QuizContext{});
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

const std::string kSingle = R"([[item]]
id = "hs11-x"
topic = "HS-11"
type = "single"
question = { en = "Q?", zh = "问？" }
choices = [{ en = "a", zh = "甲" }, { en = "b", zh = "乙" }]
answer = 2
explanation = { en = "because", zh = "因为" }
)";

std::string with(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

}  // namespace

TEST_CASE("the shipped quiz bank covers every topic and every type", "[quiz]") {
  const auto content = find_content_dir();
  const TopicList topics = load_content_topics(content);
  std::set<std::string> topic_ids;
  for (const Topic& t : topics.topics) topic_ids.insert(t.id);
  const auto ids = scenario_ids(content);
  const std::set<std::string> scenarios(ids.begin(), ids.end());
  QuizContext ctx{&topic_ids, &scenarios,
                  [&](const std::string& id) { return load_scenario_arg(content, id).spec.hosts; }};
  const std::vector<QuizItem> items = load_quiz_dir(content / "quiz", ctx);

  CHECK(items.size() >= 200);
  std::map<std::string, int> per_topic;
  std::set<QuizType> types;
  for (const QuizItem& item : items) {
    ++per_topic[item.topic];
    types.insert(item.type);
  }
  for (const Topic& t : topics.topics) {
    CAPTURE(t.id);
    CHECK(per_topic[t.id] >= 1);
  }
  CHECK(types.size() == 6);
}

TEST_CASE("every quiz item's scenario step exists in the scenario's default run", "[quiz]") {
  const auto content = find_content_dir();
  const std::vector<QuizItem> items = load_quiz_dir(content / "quiz", QuizContext{});
  std::map<std::string, Trace> traces;
  for (const QuizItem& item : items) {
    if (!item.at) continue;
    CAPTURE(item.origin, item.line, item.id);
    auto it = traces.find(item.scenario);
    if (it == traces.end()) {
      Scenario sc = load_scenario_arg(content, item.scenario);
      it = traces.emplace(item.scenario, run_scenario(sc.spec, RunOptions{})).first;
    }
    CHECK(find_anchor(*item.at, it->second).has_value());
  }
}

TEST_CASE("flow and congestion items link the scenarios that show their topics", "[quiz]") {
  // A student who misses a question beyond the material can open the animation: every FC or
  // CC topic some scenario is tagged with has items that link one.
  const auto content = find_content_dir();
  const Catalog catalog = load_catalog(content);
  const std::set<std::string> shown = catalog_test::flow_congestion_topics_shown(catalog);
  CHECK(shown.size() >= 10);
  const std::vector<QuizItem> items = load_quiz_dir(content / "quiz", QuizContext{});
  std::map<std::string, int> linked;
  int total = 0;
  for (const QuizItem& item : items) {
    if (item.topic.rfind("FC-", 0) != 0 && item.topic.rfind("CC-", 0) != 0) continue;
    if (item.scenario.empty()) continue;
    ++linked[item.topic];
    ++total;
    CAPTURE(item.id);
    CHECK(item.at.has_value());  // a moment, not just the first step of a long transfer
  }
  for (const std::string& t : shown) {
    CAPTURE(t);
    CHECK(linked[t] >= 1);
  }
  CHECK(total >= 30);
}

TEST_CASE("quiz items are read by type", "[quiz]") {
  const QuizItem single = load_quiz_text(kSingle, "q.toml", QuizContext{}).at(0);
  CHECK(single.right_choices == std::vector<int>{2});
  CHECK(single.choices.at(1).zh == "乙");
  CHECK(single.line == 1);

  const auto order = load_quiz_text(
      with(with(kSingle, "\"single\"", "\"order\""), "answer = 2", "answer = [2, 1]"), "q.toml",
      QuizContext{});
  CHECK(order.at(0).right_choices == std::vector<int>{2, 1});

  const auto numeric = load_quiz_text(
      with(with(with(kSingle, "\"single\"", "\"numeric\""), "answer = 2",
                "answer = 63\nunit = \"s\"\ntolerance = 0.5"),
           "choices = [{ en = \"a\", zh = \"甲\" }, { en = \"b\", zh = \"乙\" }]\n", ""),
      "q.toml", QuizContext{});
  CHECK(numeric.at(0).right_number == 63);
  CHECK(numeric.at(0).tolerance == 0.5);
  CHECK(numeric.at(0).unit == "s");
}

TEST_CASE("bad quiz items name file, line and field", "[quiz]") {
  CHECK(error_of(with(kSingle, "answer = 2", "answer = 3")) ==
        "q.toml:7: item[0].answer: 3 is out of range 1..2");
  CHECK(error_of(with(kSingle, "\"single\"", "\"singel\"")) ==
        "q.toml:4: item[0].type: unknown type \"singel\"; valid: single, multiple, truefalse, "
        "numeric, order, explain");
  CHECK(error_of(with(kSingle, "\"HS-11\"", "\"HS11\"")) ==
        "q.toml:3: item[0].topic: bad topic id \"HS11\"; expected \"XX-NN\"");
  CHECK(error_of(with(kSingle, "zh = \"因为\" }", "zh = \"\" }")) ==
        "q.toml:8: item[0].explanation.zh: must not be empty");
  CHECK(error_of(with(kSingle, "answer = 2", "answer = 2\nanswr = 1")) ==
        "q.toml:8: item[0].answr: unknown key \"answr\"; valid: id, topic, type, question, "
        "choices, answer, unit, tolerance, explanation, material, scenario, at");
  CHECK(error_of(with(with(kSingle, "\"single\"", "\"order\""), "answer = 2", "answer = [1, 1]")) ==
        "q.toml:7: item[0].answer: choice 1 is listed twice");
  CHECK(error_of(with(with(kSingle, "\"single\"", "\"order\""), "answer = 2", "answer = [2]")) ==
        "q.toml:7: item[0].answer: an order must list every choice once: 2 numbers");
  CHECK(error_of(kSingle + "at = { type = \"send\" }\n") ==
        "q.toml:9: item[0].at: needs `scenario`: the scenario it is a step of");
  CHECK(error_of(kSingle + kSingle) ==
        "q.toml:10: item[1].id: id \"hs11-x\" is already used at line 1");
  std::set<std::string> scenarios{"syn-lost"};
  QuizContext ctx{nullptr, &scenarios, {}};
  try {
    load_quiz_text(kSingle + "scenario = \"syn-lots\"\n", "q.toml", ctx);
    FAIL("no error");
  } catch (const ScenarioError& e) {
    CHECK(std::string(e.what()) ==
          "q.toml:9: item[0].scenario: no scenario \"syn-lots\" in content/scenarios");
  }
}

TEST_CASE("an item's stored body reads back the same, and its hash follows its content", "[quiz]") {
  const QuizItem a = load_quiz_text(kSingle, "q.toml", QuizContext{}).at(0);
  const QuizItem back = quiz_item_from_body(a.body, "bank");
  CHECK(back.hash == a.hash);
  CHECK(back.question.zh == a.question.zh);
  CHECK(back.right_choices == a.right_choices);

  // Layout, comments and key order do not matter; the answer does.
  const std::string moved = "# a comment\n" + with(kSingle, "answer = 2\n", "") + "answer = 2\n";
  CHECK(load_quiz_text(moved, "q.toml", QuizContext{}).at(0).hash == a.hash);
  CHECK(load_quiz_text(with(kSingle, "answer = 2", "answer = 1"), "q.toml", QuizContext{})
            .at(0)
            .hash != a.hash);
}
