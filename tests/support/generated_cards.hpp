#pragma once
// Helpers shared by the generated-item tests: the cards of the shipped content, the run an
// instantiated item records, and its right answer's text.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/content/scenario_catalog.hpp"
#include "app/quiz/generated.hpp"
#include "engine/simulator.hpp"

namespace synack::generated_test {

inline const std::filesystem::path kContent = SYNACK_SOURCE_DIR "/content";

inline const std::vector<QuizItem>& cards() {
  static const std::vector<QuizItem> kCards = generated_cards(kContent);
  return kCards;
}

inline std::vector<QuizItem> cards_of(std::string_view kind) {
  std::vector<QuizItem> out;
  for (const QuizItem& c : cards()) {
    if (c.id.rfind("gen-" + std::string(kind) + "-", 0) == 0) out.push_back(c);
  }
  return out;
}

inline const Scenario& scenario(const std::string& id) {
  static std::map<std::string, Scenario> loaded;
  auto it = loaded.find(id);
  if (it == loaded.end()) it = loaded.emplace(id, load_scenario_arg(kContent, id)).first;
  return it->second;
}

// The run the item says it was computed from; its step is an event of that run.
inline Trace rerun(const QuizItem& item) {
  REQUIRE(item.run_options);
  REQUIRE(item.step);
  Trace t = run_scenario(scenario(item.scenario).spec, *item.run_options);
  REQUIRE(*item.step < t.events.size());
  return t;
}

inline const std::string& right_text(const QuizItem& item) {
  REQUIRE(item.right_choices.size() == 1);
  return item.choices.at(static_cast<std::size_t>(item.right_choices[0] - 1)).en;
}

// Instances of a kind's cards, seeds spread over the cards so that every card gets some;
// each is checked to keep its card's identity, then handed to `check`.
template <typename Check>
void for_seeds(std::string_view kind, int count, Check check) {
  const std::vector<QuizItem> list = cards_of(kind);
  REQUIRE_FALSE(list.empty());
  for (int s = 0; s < count; ++s) {
    const QuizItem& card = list[static_cast<std::size_t>(s) % list.size()];
    const QuizItem item = instantiate(card, static_cast<std::uint64_t>(s) * 7919 + 3, kContent);
    INFO(card.id << " seed " << s << "\n" << item.question.en);
    CHECK(item.id == card.id);
    CHECK(item.type == card.type);
    CHECK(item.topic == card.topic);
    CHECK(item.scenario == card.scenario);
    check(item);
  }
}

}  // namespace synack::generated_test
