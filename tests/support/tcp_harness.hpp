#pragma once
// A small harness for driving one host's TCP one segment at a time, in the spirit of lwIP's
// unit tests and smoltcp's send!/recv!: a HostStack (`local`, 10.0.0.1) driven through its
// public step API alone, no World, no network. The test plays the peer (`remote`,
// 10.0.0.2): it feeds crafted segments to deliver() and reads back what the stack put on
// the wire from a trace the harness records. A TCB can be put straight into any RFC 9293
// state with consistent sequence variables (HostStack::restore).

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/host_stack.hpp"

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
  bool owned = true;      // give it a (dummy) owning process when not orphaned
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

// The world around the stack under test: a clock, a recorded trace, and wake-ups of the
// one listening process the harness runs.
class HarnessEnv final : public StackEnv {
 public:
  Micros now = 0;
  Trace trace;
  std::vector<std::pair<Micros, std::uint64_t>> wakes;  // (time, FIFO ticket)

  std::uint32_t new_conn_id() override { return next_conn_++; }
  std::uint64_t next_order() override { return next_order_++; }
  std::uint64_t random() override { return rng_(); }
  std::uint32_t transmit(std::uint16_t from, const Segment& seg, Reason why, std::uint32_t conn,
                         std::uint32_t retransmit_of) override {
    SegmentRecord r;
    r.seg = seg;
    r.retransmit_of = retransmit_of;
    r.from_host = from;
    r.to_host = kRemote;
    trace.segments.push_back(r);
    const auto record = static_cast<std::uint32_t>(trace.segments.size() - 1);
    Event e = make_event(now, EventType::send, from, conn, why);
    e.segment = record;
    add_event(e);
    return record;
  }
  void add_event(const Event& e) override { trace.events.push_back(e); }
  void wake_program(std::uint32_t) override { wakes.emplace_back(now, next_order()); }
  void wake_program_at(std::uint32_t, Micros t) override { wakes.emplace_back(t, next_order()); }

 private:
  std::uint32_t next_conn_ = 1;
  std::uint64_t next_order_ = 0;
  std::mt19937_64 rng_{1};
};

inline StackConfig harness_config(const HarnessOptions& o) {
  StackConfig c;
  c.index = kLocal;
  c.name = "local";
  c.addr = kLocalAddr;
  c.sys = *Sysctls::for_profile(o.profile);
  c.sys.apply(o.sysctls);
  c.seed = o.seed;
  c.fixed_isn = o.isn == IsnMode::fixed;
  c.fixed_isn_value = o.fixed_isn;
  return c;
}

class Harness {
 public:
  explicit Harness(const HarnessOptions& o = {})
      : stack_(std::make_unique<HostStack>(harness_config(o), env_)) {}

  HostStack& stack() { return *stack_; }
  Micros now() const { return env_.now; }
  const Trace& trace() const { return env_.trace; }

  // ---- building TCBs

  // A TCB on `local` talking to remote:kRemotePort, in `state` with consistent variables.
  // Synchronized states have an RTT sample (srtt 20 ms, RTO 220 ms) and the peer's window
  // kPeerWin, unscaled. CLOSED and LISTEN are not TCB states here: use no TCB, or listen().
  Tcb& make_tcb(TcpState state, const TcbSetup& s = {}) {
    Tcb t;
    t.local = {kLocalAddr, kLocalPort};
    t.remote = {kRemoteAddr, kRemotePort};
    t.state = state;
    t.iss = s.iss;
    t.our_mss = stack_->mss();
    t.opt.sack = s.sack;
    t.opt.timestamps = s.timestamps;
    t.opt.peer_mss = 1460;
    t.snd_wnd = kPeerWin;
    t.rcv_space = stack_->config().sys.receive_space_initial();  // tcp_rmem, no SO_RCVBUF
    t.rcv_space_max = stack_->config().sys.receive_space_max();
    t.last_received = now();
    t.retrans_stamp = now();
    t.orphaned = s.orphaned;
    if (!s.orphaned && s.owned) t.program = 0;  // a process that never runs or exits

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
    Tcb& made = stack_->restore(now(), t);
    // Timers each state has.
    if (handshake) stack_->arm(now(), made, TimerKind::syn_retransmit, made.rto);
    if (!made.rtx_queue.empty() && !handshake)
      stack_->arm(now(), made, TimerKind::retransmit, made.rto);
    if (state == TcpState::TIME_WAIT)
      stack_->arm(now(), made, TimerKind::time_wait, 60 * kMicrosPerSec);
    if (state == TcpState::FIN_WAIT_2 && s.orphaned) {
      stack_->arm(now(), made, TimerKind::fin_wait_2,
                  stack_->sys()[Knob::tcp_fin_timeout] * kMicrosPerSec);
    }
    tcb_ = made.id;
    last_ = made;
    return made;
  }

  // The TCB made last. After it closed it reads as it was, in state CLOSED.
  Tcb& tcb() {
    if (Tcb* t = stack_->socket(tcb_)) return *t;
    last_.state = TcpState::CLOSED;
    last_.id = kNone;
    return last_;
  }
  Tcb* live_tcb() { return stack_->find_tcb(tcb_); }  // nullptr once closed
  TcpState state() { return tcb().state; }
  bool alive() { return live_tcb() != nullptr; }

  // A listener on local:port, made by the public path: a process that calls listen() then
  // blocks in accept() (and takes the connection when woken, by run_until()).
  const Listener& listen(std::uint16_t port = kLocalPort, int backlog = 128) {
    StepSpec ls;
    ls.call = AppCall::listen;
    ls.port = port;
    ls.backlog = backlog;
    server_.id = 0;
    stack_->listen(now(), server_, ls);
    accepting_ = stack_->accept(now(), server_) == CallStatus::blocked;
    return *stack_->find_listener(server_.listener);
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
    stack_->deliver(now(), s);
    remember();
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

  // Runs every timer (and the listening process's wake-ups) due at or before `t`, in time
  // order, then sets the clock to `t`: poll_at() and fire_next() as any driver would.
  void run_until(Micros t) {
    while (true) {
      const auto timer = stack_->next_due();
      auto wake = std::min_element(env_.wakes.begin(), env_.wakes.end());
      const bool take_wake = wake != env_.wakes.end() && *wake < timer;
      const Micros at = take_wake ? wake->first : timer.first;
      if (at == kNever || at > t) break;
      env_.now = at;
      if (take_wake) {
        env_.wakes.erase(wake);
        if (accepting_) accepting_ = stack_->accept(now(), server_) == CallStatus::blocked;
      } else {
        stack_->fire_next(at);
      }
      remember();
    }
    if (t > env_.now) env_.now = t;
  }
  void advance(Micros dt) { run_until(now() + dt); }

  // The application writes `bytes` (like a send() step).
  void app_send(std::int64_t bytes) {
    stack_->write(now(), tcb(), bytes);
    remember();
  }
  // The application calls close() (abort: SO_LINGER {1,0}).
  void app_close(bool abort = false) {
    stack_->app_close(now(), tcb(), abort);
    remember();
  }

 private:
  Unacked unacked(std::uint32_t seq, std::uint8_t flags) const {
    Unacked u;
    u.seq = seq;
    u.flags = flags;
    u.first_sent = now();
    return u;
  }
  // Keeps a copy of the TCB, so tcb() still reads after the stack freed it.
  void remember() {
    if (Tcb* t = stack_->socket(tcb_)) last_ = *t;
  }

  HarnessEnv env_;
  std::unique_ptr<HostStack> stack_;
  Process server_;
  bool accepting_ = false;
  std::uint32_t tcb_ = 0;
  Tcb last_;
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
