#pragma once
// "Watch it": which scenario shows a quiz item's answer, with which run and at which step.
// The terminal prints it as a command; the window opens it.

#include <filesystem>
#include <optional>
#include <string>

#include "app/quiz/quiz_item.hpp"

namespace synack {

struct WatchTarget {
  std::string scenario;
  RunOptions options;  // a generated item's own run; else the scenario's defaults
  // The trace event the answer is about (Playback::step_showing finds its step); none: the
  // item names no moment.
  std::optional<std::size_t> event;
};

// The playback step the item's scenario should open at: a generated item's own step, or
// its `at` anchor found in a run of the scenario. None when it has neither or the anchor
// is not found (a broken link is the test suite's to find; the quiz goes on without it).
std::optional<std::size_t> watch_step(const QuizItem& item, const std::filesystem::path& content);

// None when no scenario shows the item. Runs the scenario when the item has an anchor.
std::optional<WatchTarget> watch_target(const QuizItem& item, const std::filesystem::path& content);

// The same for a link that is only a scenario and an anchor (an interview key point).
std::optional<std::size_t> watch_step(const std::string& scenario,
                                      const std::optional<NarrationAnchor>& at,
                                      const std::filesystem::path& content);
std::optional<WatchTarget> watch_target(const std::string& scenario,
                                        const std::optional<NarrationAnchor>& at,
                                        const std::filesystem::path& content);

// When the next review is, in the largest unit that fits: "in 10 minutes", "in 3 days".
struct ReviewInterval {
  enum class Unit { minutes, hours, days } unit = Unit::minutes;
  std::int64_t count = 1;
};
ReviewInterval review_interval(std::int64_t seconds);

}  // namespace synack
