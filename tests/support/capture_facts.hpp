#pragma once
// Reading an imported capture's trace in the capture tests: state changes of one endpoint,
// the state at an instant, a host's segments.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "app/capture/capture_import.hpp"

namespace synack::test {

inline std::string pcap_fixture(const std::string& name) {
  return std::string(SYNACK_TEST_DATA) + "/pcap/" + name;
}

inline CaptureImport import_fixture(const std::string& name) {
  CaptureImport c = import_capture(pcap_fixture(name));
  INFO(name);
  REQUIRE_FALSE(c.error.has_value());
  return c;
}

struct StateStep {
  Micros t = 0;
  TcpState from = TcpState::CLOSED, to = TcpState::CLOSED;
  Why why = Why::none;
};

// Host `host`'s state changes on connection `conn` (stream + 1), in order.
inline std::vector<StateStep> state_steps(const Trace& t, const std::string& host,
                                          std::uint32_t conn = 1) {
  std::vector<StateStep> out;
  const std::uint16_t h = t.host_index(host);
  for (const Event& e : t.events) {
    if (e.type == EventType::state && e.host == h && e.conn == conn) {
      out.push_back({e.t, e.from, e.to, e.reason.why});
    }
  }
  return out;
}

inline std::vector<TcpState> states_entered(const Trace& t, const std::string& host,
                                            std::uint32_t conn = 1) {
  std::vector<TcpState> out;
  for (const StateStep& s : state_steps(t, host, conn)) {
    if (s.from != s.to) out.push_back(s.to);
  }
  return out;
}

// The state after every event up to and including time `at`.
inline TcpState state_at(const Trace& t, const std::string& host, Micros at,
                         std::uint32_t conn = 1) {
  TcpState now = TcpState::CLOSED;
  for (const StateStep& s : state_steps(t, host, conn)) {
    if (s.t <= at) now = s.to;
  }
  return now;
}

// The first time host enters `state` on `conn`; -1 if never.
inline Micros entered_at(const Trace& t, const std::string& host, TcpState state,
                         std::uint32_t conn = 1) {
  for (const StateStep& s : state_steps(t, host, conn)) {
    if (s.to == state && s.from != s.to) return s.t;
  }
  return -1;
}

struct SentSegment {
  Event event;
  SegmentRecord record;
  bool dropped = false;
};

// Every segment `host` sent (on `conn`, 0: any), in order, with whether it was dropped.
inline std::vector<SentSegment> sent_by(const Trace& t, const std::string& host,
                                        std::uint32_t conn = 0) {
  std::vector<SentSegment> out;
  std::vector<std::size_t> index_of(t.segments.size(), SIZE_MAX);
  const std::uint16_t h = t.host_index(host);
  for (const Event& e : t.events) {
    if (e.type == EventType::send && e.host == h && (conn == 0 || e.conn == conn)) {
      index_of[e.segment] = out.size();
      out.push_back({e, t.segments[e.segment], false});
    } else if (e.type == EventType::drop && index_of[e.segment] != SIZE_MAX) {
      out[index_of[e.segment]].dropped = true;
    }
  }
  return out;
}

}  // namespace synack::test
