#pragma once
// Runs a scenario on the virtual clock and returns its trace. Same spec, options and seed
// give a byte-identical trace.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "scenario.hpp"
#include "trace.hpp"

namespace synack {

struct RunOptions {
  std::optional<std::string> profile;        // replaces the scenario's profile
  SysctlOverrides sysctls;                   // applied after the scenario's own (`--set`)
  std::vector<RuleSpec> extra_rules;         // appended to the scenario's rules (`--drop`)
  std::optional<std::uint64_t> seed;         // replaces the scenario's seed
  bool record = true;                        // false: keep counters only (benchmarks)
  Micros time_limit = 3600 * kMicrosPerSec;  // hard stop for runs that never go quiet
};

// Counters kept even when `record` is false.
struct RunStats {
  std::uint64_t segments_sent = 0;
  std::uint64_t segments_delivered = 0;
  std::uint64_t segments_dropped = 0;
  std::uint64_t events = 0;  // trace events produced (recorded or not)
  // Connections (TCBs) held at once at the most, summed over hosts, and still held at the
  // end: closed ones are freed, so the first follows what is open, not what has been.
  std::uint64_t connections_peak = 0;
  std::uint64_t connections_at_end = 0;
};

// A scenario that cannot be set up: unknown host, bad sysctl, port clash...
// `field` names what is wrong ("program[1].steps[0].to"), `line` is the spec's line if known.
class SetupError : public std::runtime_error {
 public:
  SetupError(std::string field, std::string message, int line = 0)
      : std::runtime_error(message), field_(std::move(field)), line_(line) {}
  const std::string& field() const { return field_; }
  int line() const { return line_; }

 private:
  std::string field_;
  int line_;
};

Trace run_scenario(const ScenarioSpec& spec, const RunOptions& options = {},
                   RunStats* stats = nullptr);

}  // namespace synack
