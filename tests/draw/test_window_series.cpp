// The window plot's data: cwnd, ssthresh, in flight and the peer's window of one sender, read
// from the window events of real runs (fast-retransmit: one loss, recovery, its end).
#include <catch2/catch.hpp>

#include "app/content/sysctl_arg.hpp"
#include "app/draw/window_series.hpp"
#include "tests/support/catalog_fixture.hpp"

using namespace synack;
using synack::catalog_test::run_id;

namespace {

constexpr std::int64_t kMss = 1448;

StepPoint at(double ms, std::int64_t bytes) {
  return {from_ms(ms), bytes};
}

}  // namespace

TEST_CASE("window_series: the busiest sender is the client's connection") {
  const Trace t = run_id("fast-retransmit");
  const auto conn = busiest_sender(t);
  REQUIRE(conn);
  const WindowSeries s = window_series(t, *conn);
  CHECK(t.host_name(s.host) == "client");
  CHECK(s.mss == kMss);
  // The server sent no data: on its own it has no sender.
  CHECK_FALSE(busiest_sender(t, t.host_index("server")));
  CHECK(busiest_sender(t, t.host_index("client")) == conn);
}

TEST_CASE("window_series: fast retransmit halves cwnd into ssthresh and ends recovery at it") {
  const Trace t = run_id("fast-retransmit");
  const WindowSeries s = window_series(t, *busiest_sender(t));
  // IW10 when the handshake completes at 20 ms; PRR's cwnd of one segment on the third
  // duplicate at 40 ms; cwnd = ssthresh = 5 segments when the ACK for all arrives at 60 ms.
  CHECK(s.cwnd == std::vector{at(20, 10 * kMss), at(40, 1 * kMss), at(60, 5 * kMss)});
  // Infinite until the loss, then half the flight of ten.
  CHECK(s.ssthresh == std::vector{at(20, kNoSsthresh), at(40, 5 * kMss)});
  // Five segments leave at once; at 40 ms the first is acknowledged (4) and recovery counts
  // the three beyond the hole as delivered (1): only the last value of an instant is kept.
  CHECK(s.in_flight == std::vector{at(20, 5 * kMss), at(40, 1 * kMss), at(60, 0)});
  // The SYN-ACK's 65160, then raw 516 << 7 = 66048, 504 << 7 = 64512, and the FIN's ACK.
  CHECK(s.peer_window == std::vector{at(20, 65160), at(40, 66048), at(60, 64512), at(1040, 70400)});
  REQUIRE(s.marks.size() == 2);
  CHECK(s.marks[0].why == Why::recovery_enter);
  CHECK(s.marks[0].t == from_ms(40));
  CHECK(s.marks[1].why == Why::recovery_exit);
  // From the handshake's end to the last change of the sender's own, not the FIN's ACK.
  CHECK(s.t_begin == from_ms(20));
  CHECK(s.t_end == from_ms(60));
}

TEST_CASE("window_series: push_step keeps only changes, and the last change of an instant") {
  std::vector<StepPoint> s;
  push_step(s, 0, 10);
  push_step(s, 5, 10);  // unchanged: no point
  push_step(s, 7, 20);
  push_step(s, 7, 30);  // same instant: replaces
  CHECK(s == std::vector<StepPoint>{{0, 10}, {7, 30}});
  push_step(s, 7, 10);  // back to the value before the instant: the step never happened
  CHECK(s == std::vector<StepPoint>{{0, 10}});
}

TEST_CASE("window_series: a run with no data has no sender") {
  const Trace t = run_id("handshake");
  CHECK_FALSE(busiest_sender(t));
  CHECK(window_series(t, 999).empty());
}

TEST_CASE("window_series: one request in one instant still spans the connection's changes") {
  // syn-flood's legitimate client sends 100 bytes at 1020 ms, in the instant its window
  // event starts the series; the server's ACK changes its peer window at 1040 ms.
  const Trace t = run_id("syn-flood");
  const auto conn = busiest_sender(t);
  REQUIRE(conn);
  const WindowSeries s = window_series(t, *conn);
  CHECK(t.host_name(s.host) == "client");
  CHECK(s.t_begin == from_ms(1020));
  CHECK(s.t_end == from_ms(1040));
}

TEST_CASE("window_series: data_senders lists each host that sent, with its busiest connection") {
  const Trace one = run_id("sack");
  const std::vector<DataSender> s1 = data_senders(one);
  REQUIRE(s1.size() == 1);
  CHECK(one.host_name(s1[0].host) == "client");
  CHECK(one.host_name(s1[0].peer) == "server");
  CHECK(s1[0].conn == *busiest_sender(one));

  // A request and its reply: both ends sent, each its own connection end.
  const Trace two = run_id("nagle-delayed-ack");
  const std::vector<DataSender> s2 = data_senders(two);
  REQUIRE(s2.size() == 2);
  CHECK(two.host_name(s2[0].host) == "client");
  CHECK(two.host_name(s2[1].host) == "server");
  CHECK(two.host_name(s2[1].peer) == "client");
  CHECK(s2[0].bytes == 1000);
  CHECK(s2[1].bytes == 500);
  CHECK(s2[0].conn != s2[1].conn);
  CHECK(s2[1].conn == *busiest_sender(two, two.host_index("server")));
  CHECK(data_senders(run_id("handshake")).empty());
}
