#pragma once
// A scenario file as loaded from content/scenarios/*.toml: the engine spec plus what a
// student reads (title, summary, narration) and the topic ids it teaches.

#include <optional>
#include <string>
#include <vector>

#include "app/content/localized_text.hpp"
#include "engine/scenario.hpp"
#include "engine/trace.hpp"

namespace synack {

// Which trace event a narration belongs to. Unset fields match anything; `nth` counts
// (1-based) among the events that match all the other fields.
struct NarrationAnchor {
  std::optional<EventType> type;
  std::string host;
  std::optional<std::uint8_t> flags;  // send/recv/drop: exact flag set
  std::optional<TcpState> to;         // state: the new state
  std::optional<AppCall> call;        // app
  std::optional<AppResult> result;    // app
  std::optional<TimerKind> timer;     // timer
  std::optional<TimerAction> action;  // timer
  std::optional<Why> why;             // any type: the event's reason ("recovery_enter")
  int nth = 1;
};

struct Narration {
  NarrationAnchor at;
  LocalizedText text;
  int line = 0;
};

struct Scenario {
  ScenarioSpec spec;  // spec.id is the scenario id
  LocalizedText title;
  LocalizedText summary;
  std::vector<std::string> topics;  // ids from shared/topics.md, e.g. "HS-01"
  std::vector<Narration> narration;
  std::string path;  // file it was loaded from ("" for built-in test scenarios)
};

}  // namespace synack
