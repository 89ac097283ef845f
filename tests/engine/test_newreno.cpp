// Loss recovery without SACK, as Linux does it (tcp_is_reno): duplicate ACKs count as
// delivered segments, the third starts fast recovery, every partial ACK resends the next
// hole (NewReno, RFC 6582), and tcp_recovery=1 changes nothing because RACK needs SACK.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "engine/simulator.hpp"

using namespace synack;

namespace {

constexpr std::uint32_t kSeg = 1448;  // MSS 1460 less 12 bytes of timestamps

// The first byte of the n-th (1-based) data segment, as the diagram numbers it.
constexpr std::uint32_t seq_of(std::uint32_t n) {
  return 1 + (n - 1) * kSeg;
}

StepSpec step(AppCall call, std::int64_t bytes = 0) {
  StepSpec s;
  s.call = call;
  s.bytes = bytes;
  return s;
}

// The first transmission of the segment at `rel_seq` from the client is lost.
RuleSpec drop_original(std::uint32_t rel_seq) {
  RuleSpec r;
  r.match.from = "client";
  r.match.match_seq = true;
  r.match.seq_first = rel_seq;
  r.match.seq_last = rel_seq;
  r.match.has_payload = true;
  r.match.nth = 1;
  return r;
}

// The client writes `segments` full segments at once, sleeps, closes; the server reads all.
ScenarioSpec transfer_spec(std::uint32_t segments, const std::vector<std::uint32_t>& lost,
                           const std::string& tcp_recovery) {
  ScenarioSpec spec;
  spec.id = "newreno-test";
  spec.profile = "linux-6.18";
  spec.latency = 20 * kMicrosPerMs;
  spec.sysctls = {parse_sysctl_arg("tcp_sack=0"), parse_sysctl_arg("tcp_recovery=" + tcp_recovery),
                  parse_sysctl_arg("tcp_congestion_control=reno")};
  spec.hosts.resize(2);
  spec.hosts[0].name = "client";
  spec.hosts[1].name = "server";
  for (std::uint32_t n : lost) spec.rules.push_back(drop_original(seq_of(n)));

  ProgramSpec server;
  server.name = server.host = "server";
  StepSpec listen = step(AppCall::listen);
  listen.port = 80;
  server.steps = {listen, step(AppCall::accept)};
  for (int i = 0; i < 20; ++i) server.steps.push_back(step(AppCall::recv));
  server.steps.push_back(step(AppCall::close));

  ProgramSpec client;
  client.name = client.host = "client";
  StepSpec connect = step(AppCall::connect);
  connect.peer = "server";
  connect.port = 80;
  StepSpec sleep = step(AppCall::sleep);
  sleep.duration = 2 * kMicrosPerSec;
  client.steps = {connect, step(AppCall::send, std::int64_t{segments} * kSeg), sleep,
                  step(AppCall::close)};
  spec.programs = {server, client};
  return spec;
}

Trace transfer(std::uint32_t segments, const std::vector<std::uint32_t>& lost,
               const std::string& tcp_recovery) {
  return run_scenario(transfer_spec(segments, lost, tcp_recovery), RunOptions{});
}

bool on(const Trace& t, const Event& e, std::string_view host) {
  return t.host_name(e.host) == host;
}

std::vector<Event> of_type(const Trace& t, std::string_view host, EventType type) {
  std::vector<Event> out;
  for (const Event& e : t.events) {
    if (e.type == type && on(t, e, host)) out.push_back(e);
  }
  return out;
}

std::vector<Event> retransmissions(const Trace& t) {
  std::vector<Event> out;
  for (const Event& e : of_type(t, "client", EventType::send)) {
    if (t.segments[e.segment].retransmit_of != kNoIndex) out.push_back(e);
  }
  return out;
}

std::optional<Event> first_window(const Trace& t, Why why) {
  for (const Event& e : t.events) {
    if (e.type == EventType::window && on(t, e, "client") && e.reason.why == why) return e;
  }
  return std::nullopt;
}

int count_reason(const Trace& t, Why why) {
  int n = 0;
  for (const Event& e : t.events) n += on(t, e, "client") && e.reason.why == why;
  return n;
}

std::int64_t bytes_read(const Trace& t) {
  std::int64_t n = 0;
  for (const Event& e : of_type(t, "server", EventType::app)) {
    if (e.call == AppCall::recv && e.result == AppResult::ok) n += e.value;
  }
  return n;
}

}  // namespace

TEST_CASE("newreno: three holes in one window, one resend per partial ACK, no RTO",
          "[engine][newreno]") {
  const std::string recovery = GENERATE("0", "1");
  INFO("tcp_recovery=" << recovery);
  constexpr std::uint32_t kSegments = 10;  // the initial window: all leave at once
  const Trace t = transfer(kSegments, {2, 5, 8}, recovery);
  const std::uint32_t recovery_point = seq_of(kSegments + 1);

  // Each hole resent once: the first on the third duplicate ACK, the others on partial ACKs.
  const std::vector<Event> re = retransmissions(t);
  REQUIRE(re.size() == 3);
  CHECK(t.segments[re[0].segment].rel_seq == seq_of(2));
  CHECK(t.segments[re[1].segment].rel_seq == seq_of(5));
  CHECK(t.segments[re[2].segment].rel_seq == seq_of(8));
  CHECK(re[0].reason.why == Why::fast_retransmit);
  CHECK(re[1].reason.why == Why::partial_ack_retransmit);
  CHECK(re[2].reason.why == Why::partial_ack_retransmit);
  CHECK(count_reason(t, Why::data_rto) == 0);
  CHECK(count_reason(t, Why::loss_retransmit) == 0);
  CHECK(count_reason(t, Why::cwnd_loss) == 0);

  // Every ACK that moves SND.UNA but stops below the recovery point is a partial ACK: it
  // points at the next hole and that segment leaves at the same instant, and only that one.
  const std::optional<Event> enter = first_window(t, Why::recovery_enter);
  const std::optional<Event> exit = first_window(t, Why::recovery_exit);
  REQUIRE(enter);
  REQUIRE(exit);
  CHECK(count_reason(t, Why::recovery_enter) == 1);
  std::uint32_t una = 0;
  int partial = 0;
  Micros full_ack_at = -1;
  bool recovering = false;
  for (const Event& e : t.events) {
    if (!on(t, e, "client")) continue;
    if (e.type == EventType::window && e.reason.why == Why::recovery_enter) recovering = true;
    if (e.type != EventType::recv) continue;
    const SegmentRecord& r = t.segments[e.segment];
    if (!r.seg.has(kAck) || r.rel_ack <= una) continue;
    una = r.rel_ack;
    if (!recovering) continue;
    if (una >= recovery_point) {
      if (full_ack_at < 0) full_ack_at = e.t;
      continue;
    }
    ++partial;
    INFO("partial ACK " << una << " at " << e.t);
    int resent = 0;
    for (const Event& s : re) {
      if (s.t != e.t) continue;
      ++resent;
      CHECK(t.segments[s.segment].rel_seq == una);
      CHECK(s.reason.why == Why::partial_ack_retransmit);
    }
    CHECK(resent == 1);
  }
  CHECK(partial == 2);

  // The ACK of the recovery point ends recovery with cwnd = ssthresh (Reno: half of 11).
  CHECK(exit->t == full_ack_at);
  CHECK(exit->ssthresh == enter->ssthresh);
  CHECK(exit->cwnd == exit->ssthresh);
  CHECK(enter->ssthresh == enter->reason.b / 2);
  const std::vector<Event> w = of_type(t, "client", EventType::window);
  CHECK(w.back().cwnd == w.back().ssthresh);
  for (const Event& e : w) {
    if (e.t >= enter->t && e.t < exit->t) CHECK(e.in_flight <= e.cwnd);
  }
  CHECK(bytes_read(t) == std::int64_t{kSegments} * kSeg);
}

TEST_CASE("newreno: duplicate ACKs shrink the pipe, one segment each", "[engine][newreno]") {
  // Hole at 2 of 10: the ACK of segment 1, then eight duplicates. Recovery begins on the
  // third, when 9 segments are out and 3 counted as delivered (Linux tcp_add_reno_sack).
  const Trace t = transfer(10, {2}, "0");
  const std::optional<Event> enter = first_window(t, Why::recovery_enter);
  REQUIRE(enter);
  CHECK(enter->reason.b == 11);  // slow start grew cwnd by the ACK of segment 1
  CHECK(enter->ssthresh == 5);   // Reno: half
  CHECK(enter->in_flight == 6);  // 9 out − 3 duplicates; the resent hole counts again
  CHECK(enter->cwnd == 6);       // PRR: the 5 in flight before it + the fast retransmit
  const std::vector<Event> re = retransmissions(t);
  REQUIRE(re.size() == 1);
  CHECK(re[0].reason.why == Why::fast_retransmit);
  const std::optional<Event> exit = first_window(t, Why::recovery_exit);
  REQUIRE(exit);
  CHECK(exit->cwnd == 5);
  CHECK(count_reason(t, Why::partial_ack_retransmit) == 0);
}

TEST_CASE("newreno: tcp_recovery=1 without SACK is the duplicate-ACK count, segment for segment",
          "[engine][newreno]") {
  for (const std::vector<std::uint32_t>& lost :
       {std::vector<std::uint32_t>{2}, {2, 5, 8}, {3, 4}, {1, 9}}) {
    INFO("lost segments: " << lost.size() << ", first " << lost[0]);
    const Trace dupack = transfer(10, lost, "0");
    const Trace rack = transfer(10, lost, "1");
    using Row = std::tuple<Micros, std::uint16_t, std::uint32_t, std::uint32_t, std::uint32_t,
                           std::uint8_t, Why>;
    auto rows = [](const Trace& t) {
      std::vector<Row> out;
      for (const Event& e : t.events) {
        if (e.type != EventType::send) continue;
        const SegmentRecord& r = t.segments[e.segment];
        out.emplace_back(e.t, e.host, r.rel_seq, r.rel_ack, r.seg.len, r.seg.flags, e.reason.why);
      }
      return out;
    };
    CHECK(rows(dupack) == rows(rack));
    CHECK(count_reason(rack, Why::rack_retransmit) == 0);
    CHECK(count_reason(rack, Why::sack_retransmit) == 0);
  }
}

TEST_CASE("newreno: an RTO after duplicate ACKs restarts from one segment", "[engine][newreno]") {
  // Segments 1 and 2 lost: segments 3 to 5 draw too few duplicate ACKs (the first of them
  // also moves the window), so the RTO repairs. The duplicate ACKs counted before it are
  // void then (Linux tcp_timeout_mark_lost), so cwnd is 1, not a wrapped in_flight + 1.
  const Trace t = transfer(5, {1, 2}, "0");
  const std::optional<Event> loss = first_window(t, Why::cwnd_loss);
  REQUIRE(loss);
  CHECK(loss->cwnd == 1);
  CHECK(loss->in_flight == 1);  // the retransmission of segment 1, nothing else
  for (const Event& e : of_type(t, "client", EventType::window)) CHECK(e.cwnd <= 10);
  CHECK(count_reason(t, Why::data_rto) == 1);
  CHECK(bytes_read(t) == 5 * kSeg);
}

TEST_CASE("newreno: duplicated ACKs are capped by what is out, no false fast retransmit",
          "[engine][newreno]") {
  // One hole and two segments beyond it, and the network doubles the server's ACKs: five
  // duplicate ACKs for three segments out. Linux caps its count at the segments beyond the
  // first hole (tcp_check_reno_reordering), so it never reaches three and the RTO repairs.
  ScenarioSpec spec = transfer_spec(4, {2}, "0");
  RuleSpec twice;
  twice.action = RuleAction::duplicate;
  twice.match.from = "server";
  twice.match.flags = kAck;  // bare ACKs, not the SYN,ACK
  twice.delay = 1 * kMicrosPerMs;
  spec.rules.push_back(twice);
  const Trace t = run_scenario(spec, RunOptions{});
  int dupacks = 0;
  for (const Event& e : of_type(t, "client", EventType::recv)) {
    const SegmentRecord& r = t.segments[e.segment];
    if (r.seg.len == 0 && r.rel_ack == seq_of(2) && e.t < 200 * kMicrosPerMs) ++dupacks;
  }
  CHECK(dupacks == 6);  // the ACK of segment 1 and its copy, then two duplicates twice
  CHECK(count_reason(t, Why::fast_retransmit) == 0);
  CHECK(count_reason(t, Why::data_rto) == 1);
  CHECK(bytes_read(t) == 4 * kSeg);
}

TEST_CASE("newreno: resending the head restarts the retransmission timer", "[engine][newreno]") {
  // Linux tcp_xmit_retransmit_queue() rearms the RTO when it resends the first unacknowledged
  // segment, so the new copy gets a whole RTO; the third duplicate ACK does not move SND.UNA,
  // so nothing else would restart it.
  const Trace t = transfer(10, {1}, "0");
  const std::vector<Event> re = retransmissions(t);
  REQUIRE_FALSE(re.empty());
  REQUIRE(re[0].reason.why == Why::fast_retransmit);
  REQUIRE(t.segments[re[0].segment].rel_seq == seq_of(1));
  Micros previous_deadline = -1;
  std::optional<Event> rearmed;
  for (const Event& e : of_type(t, "client", EventType::timer)) {
    if (e.timer != TimerKind::retransmit || e.action != TimerAction::armed) continue;
    if (e.t < re[0].t) previous_deadline = e.deadline;
    if (e.t == re[0].t) rearmed = e;
  }
  REQUIRE(previous_deadline > re[0].t);  // the timer from the first flight was still running
  REQUIRE(rearmed);
  CHECK(rearmed->deadline > previous_deadline);
  CHECK(rearmed->deadline - re[0].t >= 200 * kMicrosPerMs);  // a whole RTO (TCP_RTO_MIN)
  CHECK(count_reason(t, Why::data_rto) == 0);
}
