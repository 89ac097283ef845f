// Catalog scenarios about TIME_WAIT at scale: running out of ephemeral ports, tcp_tw_reuse
// taking a TIME_WAIT port back, and tcp_max_tw_buckets. Each fact is computed from the trace.
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "app/content/scenario_catalog.hpp"
#include "engine/simulator.hpp"
#include "engine/sysctl.hpp"
#include "tests/support/catalog_fixture.hpp"
#include "tests/support/found.hpp"

using namespace synack;
using namespace synack::catalog_test;

namespace {

// Every completed connect() of the client, in order.
std::vector<test::Found<Event>> connects(const Trace& t) {
  std::vector<test::Found<Event>> out;
  for (const Event& e : t.events) {
    if (e.type == EventType::app && e.call == AppCall::connect && e.result != AppResult::blocked &&
        on(t, e, "client")) {
      out.push_back(e);
    }
  }
  return out;
}

// How many client connections are in TIME_WAIT just before time `at`.
int time_waits_before(const Trace& t, Micros at) {
  int n = 0;
  for (const Event& e : t.events) {
    if (e.t >= at) break;
    if (e.type != EventType::state || !on(t, e, "client")) continue;
    if (e.to == TcpState::TIME_WAIT) ++n;
    if (e.from == TcpState::TIME_WAIT) --n;
  }
  return n;
}

int closed_because(const Trace& t, std::string_view host, Why why) {
  int n = 0;
  for (const Event& e : t.events) {
    if (e.type == EventType::state && on(t, e, host) && e.to == TcpState::CLOSED &&
        e.reason.why == why) {
      ++n;
    }
  }
  return n;
}

int segments_from(const Trace& t, std::string_view host, std::uint8_t flags) {
  int n = 0;
  for (const Event& e : t.events) {
    if (e.type == EventType::send && on(t, e, host) && t.segments[e.segment].seg.flags == flags)
      ++n;
  }
  return n;
}

RunOptions with(std::string_view name, std::string_view value) {
  RunOptions o;
  o.sysctls.push_back(parse_sysctl(name, value));
  return o;
}

}  // namespace

TEST_CASE("time-wait-port-exhaustion: the fifth connect() finds every port in TIME_WAIT",
          "[catalog]") {
  const Trace t = run_id("time-wait-port-exhaustion");
  const KnobValue range = sysctl_numbers(t, "ip_local_port_range");
  const auto c = connects(t);
  REQUIRE(c.size() == 5);
  std::set<std::int64_t> ports;
  for (int i = 0; i < 4; ++i) {
    REQUIRE(c[i]->result == AppResult::ok);
    CHECK(c[i]->value >= range[0]);
    CHECK(c[i]->value <= range[1]);
    ports.insert(c[i]->value);
  }
  CHECK(ports.size() == 4);  // every port of the range, once each
  CHECK(c[4]->result == AppResult::eaddrnotavail);
  CHECK(c[4]->reason.why == Why::no_local_port);
  CHECK(time_waits_before(t, c[4]->t + 1) == 4);
  CHECK(segments_from(t, "client", kSyn) == 4);  // the failed connect() sends nothing
}

TEST_CASE("time-wait-port-exhaustion: a wider range, or reuse, lets the fifth connect() through",
          "[catalog]") {
  SECTION("eight ports: the fifth SYN goes out (and meets a server that has stopped listening)") {
    const Trace t = run_id("time-wait-port-exhaustion", with("ip_local_port_range", "32768-32775"));
    const auto c = connects(t);
    REQUIRE(c.size() == 5);
    CHECK(c[4]->result == AppResult::econnrefused);
    CHECK(segments_from(t, "client", kSyn) == 5);
  }
  SECTION("an odd-sized range loses its last port, as in Linux: five ports hold four") {
    const Trace t = run_id("time-wait-port-exhaustion", with("ip_local_port_range", "32768 32772"));
    const auto c = connects(t);
    REQUIRE(c.size() == 5);
    CHECK(c[4]->result == AppResult::eaddrnotavail);
  }
  SECTION("tcp_tw_reuse=1 does not help 100 ms after the peer's last segment") {
    const Trace t = run_id("time-wait-port-exhaustion", with("tcp_tw_reuse", "1"));
    const auto c = connects(t);
    REQUIRE(c.size() == 5);
    CHECK(c[4]->result == AppResult::eaddrnotavail);
  }
}

TEST_CASE("time-wait-reuse: connect() takes over a TIME_WAIT 4-tuple after a second", "[catalog]") {
  const Trace t = run_id("time-wait-reuse");
  const auto c = connects(t);
  REQUIRE(c.size() == 5);
  REQUIRE(c[4]->result == AppResult::ok);
  const std::int64_t port = c[4]->value;
  bool earlier = false;
  for (int i = 0; i < 4; ++i) earlier |= c[i]->value == port;
  CHECK(earlier);
  CHECK(closed_because(t, "client", Why::time_wait_reused) == 1);

  // The new ISN is the old connection's SND.NXT + 65537: the old FIN's seq + 1, + 65537.
  std::uint32_t old_fin_seq = 0, new_syn_seq = 0;
  for (const Event& e : t.events) {
    if (e.type != EventType::send || !on(t, e, "client")) continue;
    const Segment& s = t.segments[e.segment].seg;
    if (s.src.port != port) continue;
    if (s.has(kFin) && e.t < c[4]->t) old_fin_seq = s.seq;
    if (s.flags == kSyn && e.t > c[3]->t) new_syn_seq = s.seq;
  }
  REQUIRE(old_fin_seq != 0);
  CHECK(new_syn_seq == old_fin_seq + 1 + 65537);
}

TEST_CASE("time-wait-reuse: without timestamps there is nothing to reuse", "[catalog]") {
  const Trace t = run_id("time-wait-reuse", with("tcp_timestamps", "0"));
  const auto c = connects(t);
  REQUIRE(c.size() == 5);
  CHECK(c[4]->result == AppResult::eaddrnotavail);
}

TEST_CASE(
    "time-wait-max-buckets: closes beyond the limit skip TIME_WAIT, and a lost ACK shows "
    "the cost",
    "[catalog]") {
  const Trace t = run_id("time-wait-max-buckets");
  const std::int64_t limit = t.hosts[0].sysctl_overrides.at(0).second[0];
  REQUIRE(t.hosts[0].sysctl_overrides.at(0).first == "tcp_max_tw_buckets");
  int entered = 0;
  for (const Event& e : t.events) {
    if (e.type == EventType::state && on(t, e, "client") && e.to == TcpState::TIME_WAIT) ++entered;
  }
  CHECK(entered == limit);
  CHECK(closed_because(t, "client", Why::time_wait_overflow) == 4 - limit);
  CHECK(segments_from(t, "client", kRst) == 1);  // answering the retransmitted FIN
  CHECK(closed_because(t, "server", Why::rst_received) == 1);

  SECTION("with the default limit all four enter TIME_WAIT and nobody is reset") {
    Scenario sc = load_scenario_arg(find_content_dir(), "time-wait-max-buckets");
    sc.spec.hosts[0].sysctls.clear();
    const Trace d = run_scenario(sc.spec, RunOptions{});
    CHECK(closed_because(d, "client", Why::time_wait_overflow) == 0);
    CHECK(segments_from(d, "client", kRst) == 0);
  }
}
