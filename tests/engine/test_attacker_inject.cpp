// Crafted segments from the attacker: with `relative = true` they aim at the window the
// victim has at that moment, so a blind RST that guessed RCV.NXT exactly resets the
// connection and one that is merely in the window draws a challenge ACK (RFC 5961 §3.2).
#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "app/content/scenario_loader.hpp"
#include "engine/simulator.hpp"

using namespace synack;

namespace {

Trace run_with_inject(std::uint32_t seq_offset) {
  const std::string text = R"(id = "t"
title = { en = "T", zh = "T" }
summary = { en = "S", zh = "S" }
topics = ["AT-01"]
[[host]]
name = "client"
[[host]]
name = "server"
[[host]]
name = "attacker"
[[program]]
host = "server"
steps = [{ call = "listen", port = 80 }, { call = "accept" }, { call = "recv" }]
[[program]]
host = "client"
steps = [{ call = "connect", to = "server:80", local_port = 40000 }, { call = "send", bytes = 300 },
         { call = "sleep", ms = 1000 }, { call = "close" }]
[[attacker.inject]]
host = "attacker"
at_ms = 500
src = "10.0.0.1:40000"
dst = "server:80"
flags = "RST"
relative = true
seq = )" + std::to_string(seq_offset) +
                           "\n";
  return run_scenario(load_scenario_from_string(text, "t.toml").spec, RunOptions{});
}

bool server_reset(const Trace& t) {
  for (const Event& e : t.events) {
    if (e.type == EventType::state && t.host_name(e.host) == "server" &&
        e.reason.why == Why::rst_received) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("a relative RST at the victim's RCV.NXT resets; inside the window, challenge ACK",
          "[attacker]") {
  const Trace exact = run_with_inject(0);
  // The injected RST carries the server's RCV.NXT: ISN + 1 + 300 bytes received.
  std::optional<Event> sent;  // events are unpacked on access: keep a copy
  for (const Event& e : exact.events) {
    if (e.type == EventType::send && e.reason.why == Why::attacker_injected) sent = e;
  }
  REQUIRE(sent);
  std::uint32_t client_isn = 0;
  for (const SegmentRecord& r : exact.segments) {
    if (r.seg.flags == kSyn) client_isn = r.seg.seq;
  }
  CHECK(exact.segments[sent->segment].seg.seq == client_isn + 301);
  CHECK(server_reset(exact));

  const Trace inside = run_with_inject(1000);
  CHECK_FALSE(server_reset(inside));
  bool challenged = false;
  for (const Event& e : inside.events) {
    if (e.type == EventType::send && e.reason.why == Why::challenge_ack) challenged = true;
  }
  CHECK(challenged);
}
