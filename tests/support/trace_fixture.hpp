#pragma once
// Hand-built traces for the formatter tests: a client (10.0.0.1) and a server (10.0.0.2),
// segments with raw and relative numbers, events appended in time order.
//
// The trace stores events packed and append-only, so the fixture keeps its events in an
// editable list (`events`; the helpers return a reference to fill in) and `trace()` packs
// them into the trace each time it is asked for.

#include <deque>
#include <sstream>
#include <string>
#include <vector>

#include "engine/trace.hpp"

namespace synack::test {

inline constexpr Addr kClientAddr = (10u << 24) | 1;  // 10.0.0.1
inline constexpr Addr kServerAddr = (10u << 24) | 2;  // 10.0.0.2
inline constexpr std::uint32_t kClientIsn = 1000;
inline constexpr std::uint32_t kServerIsn = 5000;

struct TraceFixture {
  std::deque<Event> events;  // a deque: references stay valid as events are added

  // The trace with the events as they are now.
  Trace& trace() {
    trace_.events.clear();
    for (const Event& e : events) trace_.events.push_back(e);
    return trace_;
  }

  TraceFixture() {
    Trace& trace = trace_;
    trace.scenario = "unit";
    trace.profile = "classic";
    trace.seed = 7;
    trace.sysctls = {{"tcp_syn_retries", 5}, {"somaxconn", 128}};
    trace.hosts = {{"client", kClientAddr, {}}, {"server", kServerAddr, {{"somaxconn", 64}}}};
  }

  std::uint16_t add_host(std::string name, Addr addr) {
    Trace& trace = trace_;
    trace.hosts.push_back({std::move(name), addr, {}});
    return static_cast<std::uint16_t>(trace.hosts.size() - 1);
  }

  // A segment from `from` to `to` (host indexes; kNoHost: nobody owns dst_addr).
  std::uint32_t segment(std::uint16_t from, std::uint16_t to, std::uint8_t flags,
                        std::uint32_t rel_seq, std::uint32_t rel_ack, std::uint32_t len = 0,
                        std::uint32_t retransmit_of = kNoIndex, Addr src_addr = 0,
                        Addr dst_addr = 0) {
    Trace& trace = trace_;
    SegmentRecord r;
    bool from_client = from == 0;
    std::uint32_t my_isn = from_client ? kClientIsn : kServerIsn;
    std::uint32_t peer_isn = from_client ? kServerIsn : kClientIsn;
    r.seg.src = {src_addr != 0 ? src_addr : trace.hosts[from].addr,
                 static_cast<std::uint16_t>(from_client ? 40000 : 80)};
    r.seg.dst = {dst_addr != 0 ? dst_addr : trace.hosts[to].addr,
                 static_cast<std::uint16_t>(from_client ? 80 : 40000)};
    r.seg.seq = my_isn + rel_seq;
    r.seg.ack = (flags & kAck) ? peer_isn + rel_ack : 0;
    r.seg.flags = flags;
    r.seg.win = 64240;
    r.seg.len = len;
    if (flags & kSyn) r.seg.opt.mss = 1460;
    r.rel_seq = rel_seq;
    r.rel_ack = (flags & kAck) ? rel_ack : 0;
    r.retransmit_of = retransmit_of;
    r.from_host = from;
    r.to_host = to;
    trace.segments.push_back(r);
    return static_cast<std::uint32_t>(trace.segments.size() - 1);
  }

  Event& push(Micros t, EventType type, std::uint16_t host, Why why) {
    Event e;
    e.t = t;
    e.type = type;
    e.host = host;
    e.reason.why = why;
    events.push_back(e);
    if (t > trace_.end_time) trace_.end_time = t;
    return events.back();
  }

  Event& send(Micros t, std::uint32_t seg, Why why = Why::none) {
    Event& e = push(t, EventType::send, trace_.segments[seg].from_host, why);
    e.segment = seg;
    return e;
  }
  Event& recv(Micros t, std::uint32_t seg, Why why = Why::none) {
    Event& e = push(t, EventType::recv, trace_.segments[seg].to_host, why);
    e.segment = seg;
    return e;
  }
  Event& drop(Micros t, std::uint32_t seg, Why why = Why::net_drop_rule) {
    Event& e = push(t, EventType::drop, trace_.segments[seg].from_host, why);
    e.segment = seg;
    return e;
  }
  Event& state(Micros t, std::uint16_t host, TcpState from, TcpState to,
               Why why = Why::state_change) {
    Event& e = push(t, EventType::state, host, why);
    e.from = from;
    e.to = to;
    return e;
  }
  Event& app(Micros t, std::uint16_t host, AppCall call, AppResult result, std::int64_t value = 0,
             Why why = Why::app_call) {
    Event& e = push(t, EventType::app, host, why);
    e.call = call;
    e.result = result;
    e.value = value;
    return e;
  }

  // The textbook handshake: SYN at 0, SYN-ACK at 10 ms, ACK at 20 ms, 10 ms one way.
  void handshake() {
    using enum TcpState;
    app(0, 1, AppCall::listen, AppResult::ok, 128, Why::listen_opened);
    state(0, 1, CLOSED, LISTEN, Why::listen_opened);
    app(0, 0, AppCall::connect, AppResult::blocked);
    state(0, 0, CLOSED, SYN_SENT, Why::connect_sends_syn);
    auto syn = segment(0, 1, kSyn, 0, 0);
    send(0, syn, Why::connect_sends_syn);
    recv(10'000, syn, Why::syn_received_listen);
    auto synack = segment(1, 0, kSyn | kAck, 0, 1);
    send(10'000, synack, Why::syn_received_listen);
    recv(20'000, synack, Why::synack_received);
    state(20'000, 0, SYN_SENT, ESTABLISHED, Why::synack_received);
    app(20'000, 0, AppCall::connect, AppResult::ok);
    auto ack = segment(0, 1, kAck, 1, 1);
    send(20'000, ack, Why::synack_received);
    recv(30'000, ack, Why::handshake_ack);
    state(30'000, 1, LISTEN, ESTABLISHED, Why::handshake_ack);
  }

 private:
  Trace trace_;
};

// The lines of a formatter's output, without their line ends.
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace synack::test
