#include "app/quiz/watch.hpp"

#include "app/diagram_layout.hpp"
#include "app/playback.hpp"

#include <algorithm>

#include "app/narration.hpp"
#include "app/scenario_catalog.hpp"

namespace synack {

std::optional<WatchTarget> watch_target(const QuizItem& item,
                                        const std::filesystem::path& content) {
  if (item.scenario.empty()) return std::nullopt;
  WatchTarget t{item.scenario, item.run_options.value_or(RunOptions{}), item.step};
  if (!t.event && item.at) {
    try {
      Scenario sc = load_scenario_arg(content, item.scenario);
      t.event = find_anchor(*item.at, run_scenario(sc.spec, t.options));
    } catch (const std::exception&) {
      // as watch_step: the scenario still opens, at its start
    }
  }
  return t;
}

// Events are not steps: the step a student lands on is the one the window's playback shows
// the event at (receptions and timers ride along with the next step).
std::optional<std::size_t> watch_step(const QuizItem& item, const std::filesystem::path& content) {
  const auto target = watch_target(item, content);
  if (!target || !target->event) return std::nullopt;
  try {
    Scenario sc = load_scenario_arg(content, target->scenario);
    const Trace trace = run_scenario(sc.spec, target->options);
    const Layout layout = layout_trace(trace);
    return Playback(trace, layout).step_showing(*target->event);
  } catch (const std::exception&) {
    return std::nullopt;  // see the header: no step, the scenario still opens
  }
}

ReviewInterval review_interval(std::int64_t seconds) {
  using Unit = ReviewInterval::Unit;
  if (seconds < 3600) return {Unit::minutes, std::max<std::int64_t>(1, seconds / 60)};
  if (seconds < 86400) return {Unit::hours, seconds / 3600};
  return {Unit::days, (seconds + 43200) / 86400};
}

}  // namespace synack
