// An RTO marks lost what was sent long enough ago to have been ACKed, not a segment that left
// less than RACK's RTT before it (Linux tcp_timeout_mark_lost skips those, all but the
// head). The cwnd after the RTO counts that segment as in flight, and it is not resent.
#include <catch2/catch.hpp>

#include <string>

#include "app/content/scenario_loader.hpp"
#include "engine/simulator.hpp"

using namespace synack;

namespace {

// RTT 0.8 s, no Nagle. The first 100 bytes are ACKed (RACK's RTT becomes 0.8 s); the second
// 100 leave at 2.3 s and are lost twice (the original and the tail-loss probe); the third
// 100 leave `late_ms` after the start.
Trace run_with_late_send(int late_ms) {
  const std::string text = R"(id = "t"
title = { en = "T", zh = "T" }
summary = { en = "S", zh = "S" }
topics = ["CC-05"]
profile = "linux-6.18"
[network]
latency_ms = 400
rule = [{ action = "drop", from = "client", payload = true, nth = [2, 3] }]
[[host]]
name = "client"
[[host]]
name = "server"
[[program]]
host = "server"
steps = [{ call = "listen", port = 80 }, { call = "accept" }, { call = "recv", repeat = 4 }]
[[program]]
host = "client"
steps = [{ call = "setsockopt", nodelay = true }, { call = "connect", to = "server:80" }, { call = "send", bytes = 100 },
         { call = "sleep", ms = 1500 }, { call = "send", bytes = 100 },
         { call = "sleep", ms = )" +
                           std::to_string(late_ms - 2300) +
                           R"( }, { call = "send", bytes = 100 }, { call = "sleep", ms = 8000 }]
)";
  return run_scenario(load_scenario_from_string(text, "t.toml").spec, RunOptions{});
}

struct AfterRto {
  Micros rto_at = -1;
  std::uint32_t cwnd = 0;  // the window event of the RTO
  int resent_third = 0;    // copies of the third segment after its first
};

AfterRto after_rto(const Trace& t) {
  AfterRto a;
  for (const Event& e : t.events) {
    if (t.host_name(e.host) != "client") continue;
    if (e.type == EventType::send && e.reason.why == Why::data_rto && a.rto_at < 0) a.rto_at = e.t;
    if (e.type == EventType::window && e.reason.why == Why::cwnd_loss && a.cwnd == 0) {
      a.cwnd = e.cwnd;
    }
    if (e.type == EventType::send) {
      const SegmentRecord& r = t.segments[e.segment];
      if (r.rel_seq == 201 && r.retransmit_of != kNoIndex) ++a.resent_third;
    }
  }
  return a;
}

}  // namespace

TEST_CASE("an RTO does not mark lost a segment sent less than an RTT before it",
          "[engine][recovery]") {
  // RTT 0.8 s. The second segment and its tail-loss probe (4.1 s) are lost, so the RTO
  // fires at 6.1 s; the third leaves at 5.85 s and its SACK is back only at 6.65 s.
  const Trace t = run_with_late_send(5850);
  const AfterRto r = after_rto(t);
  REQUIRE(r.rto_at == 6100 * kMicrosPerMs);
  CHECK(r.cwnd == 2);  // in flight + 1: the third segment still counts as in flight
  CHECK(r.resent_third == 0);
}
