#pragma once
// What fuzz_scenario does with one input, shared with its regression tests: load the text as
// a scenario file and, if it loads, run it through the engine, cut down to a small size.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "app/content/scenario_loader.hpp"
#include "engine/simulator.hpp"
#include "fuzz/fuzz_content.hpp"

namespace synack::fuzz {

// Virtual time: long enough for a SYN's retries and a TIME_WAIT, short enough that a timer
// loop ends quickly.
inline constexpr Micros kRunTimeLimit = 120 * kMicrosPerSec;

// The fuzzer writes scenarios far bigger than any lesson (a million steps, ten million
// SYNs, a terabyte send). Their size only costs time; their shape is what can break the
// engine, so cut the size and keep the shape.
inline void bound_for_fuzzing(ScenarioSpec& spec) {
  for (ProgramSpec& p : spec.programs) {
    if (p.steps.size() > 64) p.steps.resize(64);
    for (StepSpec& s : p.steps) s.bytes = std::min<std::int64_t>(s.bytes, 256 * 1024);
  }
  for (SynFloodSpec& f : spec.floods) f.count = std::min<std::int64_t>(f.count, 256);
}

// "" if the scenario loaded and ran; else the loader's or the engine's set-up error, the two
// ways a bad file may end. Anything else (another exception, a sanitizer report, a hang) is
// a bug. No ".toml" in the name, so any id is taken, as for the seeds from other files.
inline std::string scenario_input(std::string_view text) {
  Scenario sc;
  try {
    sc = load_scenario_from_string(text, "fuzz-input", {&shipped_content().topics});
  } catch (const ScenarioError& e) {
    return e.what();
  }
  bound_for_fuzzing(sc.spec);
  RunOptions options;
  options.time_limit = kRunTimeLimit;
  try {
    run_scenario(sc.spec, options);
  } catch (const SetupError& e) {
    return e.field() + ": " + e.what();
  }
  return "";
}

}  // namespace synack::fuzz
