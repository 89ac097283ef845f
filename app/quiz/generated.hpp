#pragma once
// Generated quiz items: "predict the next segment / state" questions made from scenario runs
// with random parameters (engine seed, a lost segment, a sysctl value). The answer is read
// from the engine's trace, never written by hand, so practice never runs out.

#include <cstdint>
#include <filesystem>
#include <vector>

#include "app/quiz/quiz_item.hpp"

namespace synack {

// The schedulable cards, one per (generator kind, suitable scenario), in kind then scenario
// order. A card has no choices or answer: instantiate() makes a concrete item from it.
std::vector<QuizItem> generated_cards(const std::filesystem::path& content_dir);

// A concrete, answerable item for `card`, with parameters drawn from `seed`. The same card
// and seed give a byte-identical item; `run_options` and `step` reproduce the run and open
// the event the answer is about.
QuizItem instantiate(const QuizItem& card, std::uint64_t seed,
                     const std::filesystem::path& content_dir);

}  // namespace synack
