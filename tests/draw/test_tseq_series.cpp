// The time–sequence graph's data on real runs: the sack scenario (one loss, three SACK
// blocks, a fast retransmission), its window line scaled by the negotiated shift, and the
// same run with window scaling off.
#include <catch2/catch.hpp>

#include "app/content/sysctl_arg.hpp"
#include "app/draw/tseq_series.hpp"
#include "tests/support/catalog_fixture.hpp"

using namespace synack;
using synack::catalog_test::run_id;

namespace {

StepPoint at(double ms, std::int64_t v) {
  return {from_ms(ms), v};
}

TimeSequence client_tseq(const Trace& t) {
  const auto conn = busiest_sender(t);
  REQUIRE(conn);
  return time_sequence(t, *conn);
}

}  // namespace

TEST_CASE("tseq_series: sack has five bars, the second lost and resent, three SACK blocks") {
  const Trace t = run_id("sack");
  const TimeSequence ts = client_tseq(t);
  CHECK(t.host_name(ts.host) == "client");
  REQUIRE(ts.bars.size() == 6);
  for (int i = 0; i < 5; ++i) {
    CHECK(ts.bars[i].t == from_ms(20));
    CHECK(ts.bars[i].seq0 == 1 + 1448u * i);
    CHECK(ts.bars[i].seq1 == 1 + 1448u * (i + 1));
    CHECK_FALSE(ts.bars[i].retransmit);
    CHECK(ts.bars[i].lost == (i == 1));
  }
  CHECK(ts.bars[5].t == from_ms(40));
  CHECK(ts.bars[5].seq0 == 1449);
  CHECK(ts.bars[5].seq1 == 2897);
  CHECK(ts.bars[5].retransmit);
  CHECK_FALSE(ts.bars[5].lost);
  CHECK(ts.seq_max == 7241);

  REQUIRE(ts.sacks.size() == 3);
  for (const auto& s : ts.sacks) {
    CHECK(s.t == from_ms(40));
    CHECK(s.left == 2897);
  }
  CHECK(ts.sacks[0].right == 4345);
  CHECK(ts.sacks[1].right == 5793);
  CHECK(ts.sacks[2].right == 7241);
}

TEST_CASE("tseq_series: the ACK line and the window line, scaled by the server's shift") {
  const Trace t = run_id("sack");
  const TimeSequence ts = client_tseq(t);
  // Both SYNs carried wscale; the server's is 7.
  CHECK(ts.peer_shift == 7);
  // The ACK of the SYN-ACK, the duplicates at 1449, the jump to 7241 when the hole is filled,
  // and the FIN's a second later (kept, though the plot ends before it).
  CHECK(ts.ack == std::vector{at(20, 1), at(40, 1449), at(60, 7241), at(1040, 7242)});
  // The SYN-ACK's window is never scaled (65160); later windows are raw 516, 504, 550 << 7.
  CHECK(ts.window == std::vector{at(20, 1 + 65160), at(40, 1449 + (516 << 7)),
                                 at(60, 7241 + (504 << 7)), at(1040, 7242 + (550 << 7))});
  CHECK(ts.t_begin == from_ms(20));  // the SYN-ACK's ACK, with the first data
  CHECK(ts.t_end == from_ms(60));    // the ACK of the last byte; the FIN's a second later is out
}

TEST_CASE("tseq_series: without window scaling the window is the raw field") {
  RunOptions o;
  o.sysctls.push_back(parse_set_option("tcp_window_scaling=0"));
  const Trace t = run_id("sack", o);
  const TimeSequence ts = client_tseq(t);
  CHECK(ts.peer_shift == 0);
  REQUIRE(ts.window.size() >= 2);
  for (const StepPoint& w : ts.window) {
    std::int64_t ack = 0;
    for (const StepPoint& a : ts.ack) {
      if (a.t <= w.t) ack = a.bytes;
    }
    CHECK(w.bytes - ack <= 65535);
    CHECK(w.bytes - ack > 0);
  }
}

TEST_CASE("tseq_series: fast-retransmit sends no SACK blocks") {
  const TimeSequence ts = client_tseq(run_id("fast-retransmit"));
  CHECK(ts.sacks.empty());
  CHECK(ts.bars.size() == 6);
}
