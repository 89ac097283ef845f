#pragma once
// The output of a run: every segment sent, received or dropped, every state change,
// socket call, timer and queue change, in time order, each with a reason.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "event_log.hpp"
#include "segment_log.hpp"
#include "sysctl.hpp"
#include "trace_event.hpp"

namespace synack {

struct HostInfo {
  std::string name;
  Addr addr = 0;
  std::vector<std::pair<std::string, KnobValue>> sysctl_overrides;  // this host only
};

struct Trace {
  std::string scenario;
  std::uint64_t seed = 0;
  std::string profile;
  std::vector<std::pair<std::string, KnobValue>> sysctls;  // values in force, in knob order
  std::vector<HostInfo> hosts;
  SegmentLog segments;
  EventLog events;
  Micros end_time = 0;
  bool truncated = false;  // stopped by the time limit while work was still pending

  std::uint16_t host_index(std::string_view name) const;  // kNoHost if absent
  const std::string& host_name(std::uint16_t idx) const;
  // Bytes the events and segment records hold, with their side tables, as allocated.
  std::size_t memory_bytes() const { return events.memory_bytes() + segments.memory_bytes(); }
};

}  // namespace synack
