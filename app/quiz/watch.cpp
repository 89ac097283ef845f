#include "app/quiz/watch.hpp"

#include <algorithm>

#include "app/content/scenario_catalog.hpp"
#include "app/draw/diagram_layout.hpp"
#include "app/draw/playback.hpp"
#include "app/run/narration.hpp"

namespace synack {

namespace {

// The item's scenario run, when it needs one to find its moment: the anchor is looked up in
// the run, and the step in its playback.
std::optional<Trace> run_of(const WatchTarget& t, const std::filesystem::path& content) {
  try {
    return run_scenario(load_scenario_arg(content, t.scenario).spec, t.options);
  } catch (const std::exception&) {
    return std::nullopt;  // see the header: the scenario still opens, at its start
  }
}

}  // namespace

std::optional<WatchTarget> watch_target(const QuizItem& item,
                                        const std::filesystem::path& content) {
  if (item.scenario.empty()) return std::nullopt;
  WatchTarget t{item.scenario, item.run_options.value_or(RunOptions{}), item.step};
  if (!t.event && item.at) {
    if (auto trace = run_of(t, content)) t.event = find_anchor(*item.at, *trace);
  }
  return t;
}

// Events are not steps: the step a student lands on is the one the window's playback shows
// the event at (receptions and timers ride along with the next step). One run serves both
// the anchor and the step.
std::optional<std::size_t> watch_step(const QuizItem& item, const std::filesystem::path& content) {
  if (item.scenario.empty() || (!item.step && !item.at)) return std::nullopt;
  const WatchTarget t{item.scenario, item.run_options.value_or(RunOptions{}), item.step};
  const auto trace = run_of(t, content);
  if (!trace) return std::nullopt;
  const auto event = item.step ? item.step : find_anchor(*item.at, *trace);
  if (!event) return std::nullopt;
  return Playback(*trace, layout_trace(*trace)).step_showing(*event);
}

namespace {

QuizItem link(const std::string& scenario, const std::optional<NarrationAnchor>& at) {
  QuizItem item;
  item.scenario = scenario;
  item.at = at;
  return item;
}

}  // namespace

std::optional<std::size_t> watch_step(const std::string& scenario,
                                      const std::optional<NarrationAnchor>& at,
                                      const std::filesystem::path& content) {
  return watch_step(link(scenario, at), content);
}

std::optional<WatchTarget> watch_target(const std::string& scenario,
                                        const std::optional<NarrationAnchor>& at,
                                        const std::filesystem::path& content) {
  return watch_target(link(scenario, at), content);
}

ReviewInterval review_interval(std::int64_t seconds) {
  using Unit = ReviewInterval::Unit;
  if (seconds < 3600) return {Unit::minutes, std::max<std::int64_t>(1, seconds / 60)};
  if (seconds < 86400) return {Unit::hours, seconds / 3600};
  return {Unit::days, (seconds + 43200) / 86400};
}

}  // namespace synack
