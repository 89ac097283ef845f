#pragma once
// A small harness for driving the TCP engine one segment at a time, in the spirit of lwIP's
// unit tests and smoltcp's send!/recv!: a World with two hosts, `local` (10.0.0.1, the
// stack under test) and `remote` (10.0.0.2, played by the test), a TCB put straight into any
// RFC 9293 state with consistent sequence variables, crafted segments fed to host_input(),
// and the segments the local stack sent read back from the trace.
//
// Everything the local host sends to `remote` is dropped by a network rule, so remote's own
// stack never answers: the test is the peer.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/world.hpp"

namespace synack::test {

inline constexpr Addr kLocalAddr = (10u << 24) | 1;   // 10.0.0.1
inline constexpr Addr kRemoteAddr = (10u << 24) | 2;  // 10.0.0.2
inline constexpr std::uint16_t kLocalPort = 8080;
inline constexpr std::uint16_t kRemotePort = 40000;
inline constexpr std::uint32_t kIss = 1000;    // our initial sequence number
inline constexpr std::uint32_t kIrs = 500000;  // the peer's
inline constexpr std::uint16_t kPeerWin = 64240;
inline constexpr Micros kRto = 220 * kMicrosPerMs;  // srtt 20 ms + max(200 ms, 4 * 5 ms)

inline constexpr std::uint16_t kLocal = 0;
inline constexpr std::uint16_t kRemote = 1;

// How a TCB is set up besides its state.
struct TcbSetup {
  std::uint32_t iss = kIss;
  std::uint32_t irs = kIrs;
  bool sack = true;
  bool timestamps = false;
  bool orphaned = false;  // close() already called (FIN_WAIT_*, CLOSING, LAST_ACK, TIME_WAIT)
  bool owned = true;      // give it a (dummy) owning program when not orphaned
};

// One segment the local host put on the wire.
struct Sent {
  Segment seg;
  Micros t = 0;
  Reason why;
};

struct HarnessOptions {
  std::string profile = "classic";
  SysctlOverrides sysctls;
  IsnMode isn = IsnMode::fixed;
  std::uint32_t fixed_isn = kIss;
  std::uint64_t seed = 1;
};

class Harness {
 public:
  explicit Harness(const HarnessOptions& o = {}) {
    spec_.id = "harness";
    spec_.profile = o.profile;
    spec_.sysctls = o.sysctls;
    spec_.hosts = {{"local", kLocalAddr, {}}, {"remote", kRemoteAddr, {}}};
    spec_.isn = o.isn;
    spec_.fixed_isn = o.fixed_isn;
    spec_.seed = o.seed;
    RuleSpec silence;  // the remote stack never sees what local sends
    silence.action = RuleAction::drop;
    silence.match.from = "local";
    spec_.rules.push_back(silence);
    world_ = std::make_unique<World>(spec_, RunOptions{});
  }

  World& w() { return *world_; }
  Micros now() const { return world_->now(); }
  const Trace& trace() const { return world_->trace_; }

  // ---- building TCBs

  // A TCB on `local` talking to remote:kRemotePort, in `state` with consistent variables.
  // Synchronized states have an RTT sample (srtt 20 ms, RTO 220 ms) and the peer's window
  // kPeerWin, unscaled. CLOSED and LISTEN are not TCB states here: use no TCB, or listen().
  Tcb& make_tcb(TcpState state, const TcbSetup& s = {}) {
    World& W = w();
    Tcb& t = W.new_tcb(kLocal);
    t.local = {kLocalAddr, kLocalPort};
    t.remote = {kRemoteAddr, kRemotePort};
    t.state = state;
    t.iss = s.iss;
    t.opt.sack = s.sack;
    t.opt.timestamps = s.timestamps;
    t.opt.peer_mss = 1460;
    t.snd_wnd = kPeerWin;
    t.last_received = W.now();
    t.retrans_stamp = W.now();
    t.orphaned = s.orphaned;
    if (!s.orphaned && s.owned) t.program = owner();
    W.hosts_[kLocal].conns[conn_key(t.local, t.remote)] = t.id;

    const bool synchronized = state != TcpState::SYN_SENT;
    if (synchronized) {
      t.irs = s.irs;
      t.rcv_nxt = s.irs + 1;
    }
    // Send side: SYN outstanding, all acknowledged, or FIN outstanding / acknowledged.
    switch (state) {
      case TcpState::SYN_SENT:
      case TcpState::SYN_RECEIVED:
        t.snd_una = s.iss;
        t.snd_nxt = s.iss + 1;
        t.rto = kMicrosPerSec;
        t.rtx_queue.push_back(unacked(s.iss, kSyn));
        W.arm(t, TimerKind::syn_retransmit, t.rto);
        break;
      case TcpState::ESTABLISHED:
      case TcpState::CLOSE_WAIT:
        t.snd_una = t.snd_nxt = s.iss + 1;
        break;
      case TcpState::FIN_WAIT_1:
      case TcpState::CLOSING:
      case TcpState::LAST_ACK:
        t.snd_una = s.iss + 1;
        t.snd_nxt = s.iss + 2;
        t.fin_pending = t.fin_sent = true;
        t.fin_seq = s.iss + 1;
        t.shut_wr = true;
        t.rtx_queue.push_back(unacked(s.iss + 1, kFin));
        break;
      case TcpState::FIN_WAIT_2:
      case TcpState::TIME_WAIT:
        t.snd_una = t.snd_nxt = s.iss + 2;
        t.fin_pending = t.fin_sent = true;
        t.fin_seq = s.iss + 1;
        t.shut_wr = true;
        break;
      default:
        break;
    }
    const bool handshake = state == TcpState::SYN_SENT || state == TcpState::SYN_RECEIVED;
    if (!handshake) {
      t.have_rtt = true;
      t.srtt = 20 * kMicrosPerMs;
      t.rttvar = 5 * kMicrosPerMs;
      t.rto = kRto;
      t.quick_acks = 0;  // past the start of the connection: normal delayed-ACK policy
    }
    // Receive side: the peer's FIN is in for these states.
    if (state == TcpState::CLOSE_WAIT || state == TcpState::CLOSING ||
        state == TcpState::LAST_ACK || state == TcpState::TIME_WAIT) {
      t.rcv_nxt = s.irs + 2;
      t.fin_received = true;
    }
    // Timers each state has.
    if (!t.rtx_queue.empty() && !handshake) W.arm(t, TimerKind::retransmit, t.rto);
    if (state == TcpState::TIME_WAIT) W.arm(t, TimerKind::time_wait, 60 * kMicrosPerSec);
    if (state == TcpState::FIN_WAIT_2 && s.orphaned) {
      W.arm(t, TimerKind::fin_wait_2, W.sys(kLocal)[Knob::tcp_fin_timeout] * kMicrosPerSec);
    }
    tcb_ = t.id;
    return t;
  }

  Tcb& tcb() { return w().tcbs_[tcb_]; }  // stays readable after the TCB is destroyed
  TcpState state() { return tcb().state; }
  bool alive() { return tcb().id != kNone; }

  // A listener on local:port, made by the public path: a program that calls listen() then
  // blocks in accept() and then sleeps for an hour.
  Listener& listen(std::uint16_t port = kLocalPort, int backlog = 128) {
    World& W = w();
    ProgramState p;
    p.spec.name = "server";
    p.spec.host = "local";
    p.spec.start = W.now();
    StepSpec ls;
    ls.call = AppCall::listen;
    ls.port = port;
    ls.backlog = backlog;
    StepSpec acc;
    acc.call = AppCall::accept;
    StepSpec sl;
    sl.call = AppCall::sleep;
    sl.duration = 3600 * kMicrosPerSec;
    p.spec.steps = {ls, acc, sl};
    p.host = kLocal;
    W.programs_.push_back(p);
    const auto index = static_cast<std::uint32_t>(W.programs_.size() - 1);
    W.run_program(index);
    return W.listeners_[W.programs_[index].listener];
  }

  // ---- segments

  // A segment from the peer (remote:kRemotePort → local:kLocalPort).
  static Segment seg(std::uint8_t flags, std::uint32_t seq, std::uint32_t ack = 0,
                     std::uint32_t len = 0, std::uint16_t win = kPeerWin) {
    Segment s;
    s.src = {kRemoteAddr, kRemotePort};
    s.dst = {kLocalAddr, kLocalPort};
    s.flags = flags;
    s.seq = seq;
    s.ack = (flags & kAck) ? ack : 0;
    s.len = len;
    s.win = win;
    return s;
  }

  // Feeds one segment to the local host; returns what it sent in response (at once).
  std::vector<Sent> input(const Segment& s) {
    mark();
    w().host_input(kLocal, s);
    return sent_since_mark();
  }

  // Forget what was sent so far; sent_since_mark() reports only newer segments.
  void mark() { mark_ = trace().events.size(); }

  std::vector<Sent> sent_since_mark() const { return sent_since(mark_); }

  std::vector<Sent> sent_since(std::size_t first_event) const {
    std::vector<Sent> out;
    const Trace& tr = trace();
    for (std::size_t i = first_event; i < tr.events.size(); ++i) {
      const Event& e = tr.events[i];
      if (e.type != EventType::send || e.host != kLocal || e.segment == kNoIndex) continue;
      out.push_back({tr.segments[e.segment].seg, e.t, e.reason});
    }
    return out;
  }

  // State events (from, to) recorded since an event index, for any connection.
  std::vector<std::pair<TcpState, TcpState>> states_since(std::size_t first_event) const {
    std::vector<std::pair<TcpState, TcpState>> out;
    const Trace& tr = trace();
    for (std::size_t i = first_event; i < tr.events.size(); ++i) {
      if (tr.events[i].type == EventType::state)
        out.emplace_back(tr.events[i].from, tr.events[i].to);
    }
    return out;
  }

  // ---- the clock

  // Runs every queued event due at or before `t`, then sets the clock to `t`. Mirrors the
  // dispatch in World::run(), which only runs a whole scenario.
  void run_until(Micros t) {
    World& W = w();
    while (!W.queue_.empty() && W.queue_.top().t <= t) {
      const Pending p = W.queue_.top();
      W.queue_.pop();
      W.now_ = p.t;
      switch (p.what) {
        case Due::deliver:
          W.deliver(p.a);
          break;
        case Due::tcb_timer:
          W.on_tcb_timer(p.a, static_cast<TcbTimer>(p.b), p.gen);
          break;
        case Due::request_timer:
          W.on_synack_timer(p.a, p.key, p.gen);
          break;
        case Due::program:
          W.programs_[p.a].wake_queued = false;
          W.run_program(p.a);
          break;
        case Due::flood:
          W.flood_tick(p.a, p.b);
          break;
        case Due::inject:
          W.inject(p.a);
          break;
        case Due::host_up:
          W.host_up(static_cast<std::uint16_t>(p.a));
          break;
        case Due::ack_flush:
          if (Tcb* tc = W.find_tcb(p.a)) W.flush_ack(*tc);
          break;
        case Due::reassembly_timer:
          W.on_reassembly_timer(p.a);
          break;
      }
    }
    if (t > W.now_) W.now_ = t;
  }
  void advance(Micros dt) { run_until(now() + dt); }

  // The application writes `bytes` (like a send() step).
  void app_send(std::int64_t bytes) {
    tcb().unsent += bytes;
    w().output(tcb(), {Why::data_sent});
  }
  // The application calls close() (abort: SO_LINGER {1,0}).
  void app_close(bool abort = false) { w().app_close(tcb(), abort); }

 private:
  // A program that owns connections made by make_tcb(): it never runs.
  std::uint32_t owner() {
    World& W = w();
    if (owner_ == kNone) {
      ProgramState p;
      p.spec.name = "owner";
      p.spec.host = "local";
      p.host = kLocal;
      p.done = true;  // never woken, never closes anything on exit
      W.programs_.push_back(p);
      owner_ = static_cast<std::uint32_t>(W.programs_.size() - 1);
    }
    return owner_;
  }

  Unacked unacked(std::uint32_t seq, std::uint8_t flags) const {
    Unacked u;
    u.seq = seq;
    u.flags = flags;
    u.first_sent = world_->now();
    return u;
  }

  ScenarioSpec spec_;
  std::unique_ptr<World> world_;
  std::uint32_t tcb_ = 0;
  std::uint32_t owner_ = kNone;
  std::size_t mark_ = 0;
};

// "SYN,ACK seq=1000 ack=500001 len=0": for failure messages.
inline std::string describe_seg(const Segment& s) {
  return flags_to_string(s.flags) + " seq=" + std::to_string(s.seq) +
         " ack=" + std::to_string(s.ack) + " len=" + std::to_string(s.len);
}

}  // namespace synack::test

// Catch prints states by name ("TIME_WAIT") instead of as a char.
template <>
struct Catch::StringMaker<synack::TcpState> {
  static std::string convert(synack::TcpState s) { return std::string(synack::state_name(s)); }
};
