// The visualizer's session without a UI: opening scenarios, re-running on sysctl and profile
// changes with the cursor kept, and what-if branches.
#include <catch2/catch.hpp>

#include "app/front/session.hpp"
#include "app/run/whatif.hpp"

using namespace synack;

namespace {

const std::filesystem::path kContent = SYNACK_SOURCE_DIR "/content";

std::size_t count(const Trace& t, EventType type, std::uint8_t flags) {
  std::size_t n = 0;
  for (const Event& e : t.events) {
    n +=
        e.type == type && e.segment < t.segments.size() && t.segments[e.segment].seg.flags == flags;
  }
  return n;
}

}  // namespace

TEST_CASE("session: open a scenario by id or path", "[session]") {
  Session s(kContent);
  CHECK_FALSE(s.is_open());
  CHECK_FALSE(s.catalog().entries.empty());
  s.open("handshake");
  REQUIRE(s.is_open());
  CHECK(s.scenario().spec.id == "handshake");
  const Run& run = s.run();
  CHECK(run.trace.scenario == "handshake");
  CHECK(run.layout.event_y.size() == run.trace.events.size());
  CHECK(run.layout.lifelines.size() == run.trace.hosts.size());
  REQUIRE(run.narration_anchors.size() == s.scenario().narration.size());
  for (const auto& a : run.narration_anchors) CHECK(a.has_value());
  CHECK(s.playback().step() == 0);
  CHECK(s.playback().step_count() > 0);
  CHECK(s.branch() == nullptr);

  s.open((kContent / "scenarios" / "lifecycle.toml").string());
  CHECK(s.scenario().spec.id == "lifecycle");
  CHECK(s.run().trace.scenario == "lifecycle");

  // A bad id throws with suggestions and leaves the open scenario alone.
  CHECK_THROWS_AS(s.open("handshak"), UnknownScenarioError);
  CHECK(s.scenario().spec.id == "lifecycle");
  CHECK(s.run().trace.scenario == "lifecycle");
}

TEST_CASE("session: sysctl changes re-run and keep the cursor's step", "[session]") {
  Session s(kContent);
  s.open("handshake");
  const std::size_t steps = s.playback().step_count();
  s.playback().seek_step(5);
  s.playback().set_speed(321);

  CHECK_THAT(s.set_sysctl("tcp_syn_retries", "200"), Catch::Contains("out of range"));
  CHECK_THAT(s.set_sysctl("tcp_syn_retries", "many"), Catch::Contains("not an integer"));
  CHECK_THAT(s.set_sysctl("tcp_syn_retrie", "3"), Catch::Contains("did you mean tcp_syn_retries"));
  CHECK(s.options().sysctls.empty());

  CHECK(s.set_sysctl("net.ipv4.tcp_timestamps", "0") == "");
  REQUIRE(s.options().sysctls.size() == 1);
  CHECK(s.options().sysctls[0] == SysctlSetting{Knob::tcp_timestamps, 0});
  CHECK(s.playback().step() == 5);
  CHECK(s.playback().speed() == 321);
  CHECK(s.playback().step_count() == steps);  // same exchange, only the options differ
  // Timestamps off: the SYN carries no TS option any more.
  CHECK_FALSE(s.run().trace.segments.at(0).seg.opt.has_timestamp);
  bool found = false;
  for (const auto& [name, value] : s.run().trace.sysctls) {
    if (name == "tcp_timestamps") {
      CHECK(value == 0);
      found = true;
    }
  }
  CHECK(found);
  // Setting it again replaces, not appends.
  CHECK(s.set_sysctl("tcp_timestamps", "1") == "");
  CHECK(s.options().sysctls.size() == 1);

  // A shorter run clamps the cursor to its end.
  s.playback().to_end();
  s.reset_sysctls();
  CHECK(s.options().sysctls.empty());
  CHECK(s.playback().step() <= s.playback().step_count());

  CHECK_THAT(s.set_profile("bsd"), Catch::Contains("unknown profile 'bsd'"));
  CHECK(s.set_profile("linux-6.18") == "");
  CHECK(s.run().trace.profile == "linux-6.18");
  CHECK(s.set_profile("") == "");
  CHECK(s.run().trace.profile == s.scenario().spec.profile);
}

TEST_CASE("session: what-if drop builds the branch beside the main run", "[session]") {
  Session s(kContent);
  s.open("handshake");
  const Trace& main = s.run().trace;
  std::uint32_t synack = kNoIndex;
  for (std::uint32_t i = 0; i < main.segments.size(); ++i) {
    if (main.segments[i].seg.flags == (kSyn | kAck)) {
      synack = i;
      break;
    }
  }
  REQUIRE(synack != kNoIndex);
  REQUIRE(s.what_if_drop(synack));
  REQUIRE(s.branch() != nullptr);
  REQUIRE(s.branch_rule());
  CHECK(drop_rule_text(*s.branch_rule()) == "server:SYN,ACK#1");
  // The main run is untouched; in the branch the SYN,ACK is lost and sent again (by its
  // timer, and again when the client's retransmitted SYN arrives).
  CHECK(count(s.run().trace, EventType::drop, kSyn | kAck) == 0);
  CHECK(count(s.branch()->trace, EventType::drop, kSyn | kAck) == 1);
  CHECK(count(s.branch()->trace, EventType::send, kSyn | kAck) >= 2);
  CHECK(s.branch()->layout.arrows.size() == s.branch()->trace.segments.size());

  // A sysctl change re-runs the branch with the same rule.
  CHECK(s.set_sysctl("tcp_synack_retries", "1") == "");
  REQUIRE(s.branch() != nullptr);
  CHECK(count(s.branch()->trace, EventType::drop, kSyn | kAck) == 1);

  s.clear_branch();
  CHECK(s.branch() == nullptr);
  CHECK_FALSE(s.branch_rule());
  CHECK_FALSE(s.what_if_drop(1'000'000));
  CHECK(s.branch() == nullptr);
}
