// The trace index answers what a plain scan of the trace would: for every catalog trace,
// each answer is compared with the scan it replaces, at every event.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "app/content/scenario_catalog.hpp"
#include "app/run/trace_index.hpp"
#include "engine/simulator.hpp"

using namespace synack;

namespace {

// The scans the index replaces, written the obvious way.
std::vector<std::uint32_t> scan_events(const Trace& t, auto keep) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    if (keep(t.events[i])) out.push_back(static_cast<std::uint32_t>(i));
  }
  return out;
}

std::vector<std::uint32_t> as_vector(std::span<const std::uint32_t> s) {
  return {s.begin(), s.end()};
}

void check_against_scans(const Trace& t) {
  const TraceIndex index(t);
  std::map<std::uint32_t, bool> conns;
  for (const Event& e : t.events) conns[e.conn] = true;
  for (const auto& [conn, _] : conns) {
    if (conn == 0) continue;
    CHECK(as_vector(index.connection_events(conn)) ==
          scan_events(t, [c = conn](const Event& e) { return e.conn == c; }));
  }
  for (std::size_t h = 0; h < t.hosts.size(); ++h) {
    CHECK(as_vector(index.host_events(static_cast<std::uint16_t>(h))) ==
          scan_events(t, [h](const Event& e) { return e.host == h; }));
  }
  CHECK(as_vector(index.send_events()) == scan_events(t, [](const Event& e) {
          return e.type == EventType::send && e.segment != kNoIndex;
        }));

  // Segment → events: the first send, and the first of recv / drop.
  for (std::uint32_t r = 0; r < t.segments.size(); ++r) {
    std::uint32_t send = kNoIndex, recv = kNoIndex, drop = kNoIndex;
    for (std::uint32_t i = 0; i < t.events.size(); ++i) {
      const Event& e = t.events[i];
      if (e.segment != r) continue;
      if (e.type == EventType::send && send == kNoIndex) send = i;
      if (e.type == EventType::recv && recv == kNoIndex && drop == kNoIndex) recv = i;
      if (e.type == EventType::drop && drop == kNoIndex && recv == kNoIndex) drop = i;
    }
    const auto got = index.segment_events(r);
    CHECK(got.send == send);
    CHECK(got.recv == recv);
    CHECK(got.drop == drop);
  }

  // State and queues before each event, against a replay from the start.
  std::map<std::uint32_t, TcpState> state;
  std::map<std::uint16_t, TraceIndex::QueueDepth> queues;
  for (std::size_t i = 0; i <= t.events.size(); ++i) {
    for (const auto& [conn, _] : conns) {
      const auto it = state.find(conn);
      REQUIRE(index.state_before(conn, i) == (it == state.end() ? TcpState::CLOSED : it->second));
    }
    for (std::size_t h = 0; h < t.hosts.size(); ++h) {
      const auto got = index.queue_before(static_cast<std::uint16_t>(h), i);
      const auto it = queues.find(static_cast<std::uint16_t>(h));
      REQUIRE(got.has_value() == (it != queues.end()));
      if (got) {
        REQUIRE(got->syn == it->second.syn);
        REQUIRE(got->accept == it->second.accept);
        REQUIRE(got->syn_peak == it->second.syn_peak);
        REQUIRE(got->accept_peak == it->second.accept_peak);
        REQUIRE(got->accept_max == it->second.accept_max);
      }
    }
    if (i == t.events.size()) break;
    const Event& e = t.events[i];
    if (e.type == EventType::state) state[e.conn] = e.to;
    if (e.type == EventType::queue) {
      TraceIndex::QueueDepth& q = queues[e.host];
      q.syn = e.syn_queue;
      q.syn_max = e.syn_queue_max;
      q.accept = e.accept_queue;
      q.accept_max = e.accept_queue_max;
      q.syn_peak = std::max(q.syn_peak, q.syn);
      q.accept_peak = std::max(q.accept_peak, q.accept);
    }
  }
}

}  // namespace

TEST_CASE("trace index: the same answers as scanning, on every catalog trace", "[trace_index]") {
  const auto content = find_content_dir();
  int traces = 0;
  for (const std::string& id : scenario_ids(content)) {
    if (id == "syn-flood" || id == "time-wait-port-exhaustion") continue;  // the scans are O(n²)
    const Scenario sc = load_scenario_arg(content, id);
    for (const char* profile : {"classic", "linux-6.18"}) {
      RunOptions o;
      o.profile = profile;
      const Trace t = run_scenario(sc.spec, o);
      CAPTURE(id, profile);
      check_against_scans(t);
      ++traces;
    }
  }
  CHECK(traces >= 70);
}

TEST_CASE("trace index: next state change of a connection", "[trace_index]") {
  const Scenario sc = load_scenario_arg(find_content_dir(), "handshake");
  const Trace t = run_scenario(sc.spec);
  const TraceIndex index(t);
  // The client's connection: its SYN_SENT comes first, then ESTABLISHED.
  std::uint32_t client_conn = 0;
  for (const Event& e : t.events) {
    if (e.type == EventType::state && e.to == TcpState::SYN_SENT) client_conn = e.conn;
  }
  REQUIRE(client_conn != 0);
  const auto first = index.next_state_event(client_conn, 0);
  REQUIRE(first);
  CHECK(t.events[*first].to == TcpState::SYN_SENT);
  const auto second = index.next_state_event(client_conn, *first + 1);
  REQUIRE(second);
  CHECK(t.events[*second].to == TcpState::ESTABLISHED);
  CHECK(index.state_before(client_conn, *second) == TcpState::SYN_SENT);
  CHECK(index.state_before(client_conn, *second + 1) == TcpState::ESTABLISHED);
  CHECK_FALSE(index.next_state_event(client_conn, t.events.size()));
}
