#include "app/run/beats.hpp"

#include <algorithm>
#include <tuple>

#include "app/run/flood.hpp"

namespace synack {

bool drawn_in_diagram(const Event& e) {
  switch (e.type) {
    case EventType::send:
    case EventType::drop:
    case EventType::state:
      return true;
    case EventType::timer:
      return e.action != TimerAction::cancelled;
    case EventType::recv:
    case EventType::app:
    case EventType::queue:
    case EventType::window:  // drawn in the window plot under the diagram
      return false;
  }
  return false;
}

std::vector<std::size_t> find_beats(
    const Trace& trace, const std::vector<std::size_t>& step_events,
    const std::vector<std::optional<std::size_t>>& narration_anchors) {
  const std::size_t n = step_events.size();
  std::vector<std::size_t> ends;
  if (n == 0) return ends;

  // The events step k (0-based) brings into view: [begin(k), end(k)).
  auto begin = [&](std::size_t k) { return k == 0 ? 0 : step_events[k - 1] + 1; };
  auto end = [&](std::size_t k) {
    return k + 1 == n ? trace.events.size() : std::min(step_events[k] + 1, trace.events.size());
  };
  std::vector<std::size_t> anchors;
  for (const auto& a : narration_anchors)
    if (a) anchors.push_back(*a);
  std::sort(anchors.begin(), anchors.end());
  auto begins_paragraph = [&](std::size_t k) {
    auto it = std::lower_bound(anchors.begin(), anchors.end(), begin(k));
    return it != anchors.end() && *it < end(k);
  };
  auto draws = [&](std::size_t k) {
    for (std::size_t i = begin(k); i < end(k); ++i)
      if (drawn_in_diagram(trace.events[i])) return true;
    return false;
  };

  // Steps of one group share a key: their flood run, or their instant and host.
  const std::vector<FloodRun> runs = find_floods(trace, kFloodThreshold).runs;
  std::size_t run = 0;
  using Key = std::tuple<bool, std::size_t, Micros, std::uint16_t>;
  auto key = [&](std::size_t k) {
    const std::size_t e = step_events[k];
    while (run < runs.size() && runs[run].last < e) ++run;
    if (run < runs.size() && runs[run].first <= e) return Key{true, run, 0, 0};
    return Key{false, 0, trace.events[e].t, trace.events[e].host};
  };

  // A piece is a group, or the part of one from a paragraph on; one that shows nothing is
  // not closed, so its steps ride with the next.
  bool piece_draws = false;
  bool piece_narrates = false;
  Key previous{};
  for (std::size_t k = 0; k < n; ++k) {
    const Key here = key(k);
    const bool paragraph = begins_paragraph(k);
    if (k > 0 && (here != previous || (paragraph && piece_narrates)) &&
        (piece_draws || piece_narrates)) {
      ends.push_back(k);  // steps 1..k in 1-based counting: the piece ends at step k
      piece_draws = piece_narrates = false;
    }
    piece_draws = piece_draws || draws(k);
    piece_narrates = piece_narrates || paragraph;
    previous = here;
  }
  if (ends.empty() || piece_draws || piece_narrates) {
    ends.push_back(n);
  } else {
    ends.back() = n;  // what is left shows nothing: it rides with the last beat
  }
  return ends;
}

}  // namespace synack
