// The host stack's bookkeeping: the step API, its timer queue, the connection table and
// the trace events it writes. The TCP itself is in tcp_*.cpp, listener.cpp and
// socket_calls.cpp.
#include "host_stack.hpp"

#include <algorithm>
#include <functional>

namespace synack {
namespace {

// Sweep stale timer entries once they outnumber live ones (and are worth the pass).
constexpr std::size_t kSweepAtLeast = 1024;

}  // namespace

HostStack::HostStack(const StackConfig& config, StackEnv& env)
    : cfg_(config),
      env_(env),
      isn_(config.seed, config.fixed_isn, config.fixed_isn_value),
      cookies_(config.seed),
      ts_hash_(config.seed, 3) {}

std::pair<Micros, std::uint64_t> HostStack::next_due() const {
  if (timers_.empty()) return {kNever, 0};
  return {timers_.top().t, timers_.top().order};
}

void HostStack::deliver(Micros now, const Segment& seg) {
  enter(now);
  input(seg);
  leave();
}

void HostStack::fire_next(Micros now) {
  if (timers_.empty()) return;
  enter(now);
  const Pending p = timers_.top();
  timers_.pop();
  if (!live(p)) {  // re-armed or cancelled since: nothing to do
    if (stale_timers_ > 0) --stale_timers_;
    drop_stale_heads();
    return;
  }
  switch (p.what) {
    case Due::tcb_timer:
      if (up_) on_tcb_timer(*tcbs_.at(static_cast<std::uint32_t>(p.key), p.id), p.slot);
      break;
    case Due::request_timer:
      on_synack_timer(p.id, p.key, p.gen);
      break;
    case Due::ack_flush:
      if (Tcb* t = find_tcb(p.id)) flush_ack(*t);
      break;
  }
  leave();
}

void HostStack::push_timer(Micros t, Due what, std::uint32_t id, TcbTimer slot, std::uint32_t gen,
                           std::uint64_t key) {
  Pending p;
  p.t = t;
  p.order = env_.next_order();
  p.key = key;
  p.id = id;
  p.gen = gen;
  p.what = what;
  p.slot = slot;
  timers_.push(p);
}

bool HostStack::live(const Pending& p) const {
  switch (p.what) {
    case Due::tcb_timer: {
      // By slot, not by hashing the id: most entries a sweep looks at are stale.
      Tcb* t = const_cast<ConnectionTable&>(tcbs_).at(static_cast<std::uint32_t>(p.key), p.id);
      if (!t || t->id == kNone) return false;
      const Timer& timer = timer_of(*t, p.slot);
      return timer.generation == p.gen && timer.deadline == p.t;
    }
    case Due::request_timer: {
      const Listener& l = listeners_[p.id];
      const SockAddr remote{static_cast<Addr>(p.key >> 16),
                            static_cast<std::uint16_t>(p.key & 0xffff)};
      auto it = l.syn_queue.find(remote);
      return l.open && it != l.syn_queue.end() && it->second.timer.generation == p.gen &&
             it->second.timer.deadline == p.t;
    }
    case Due::ack_flush:
      return true;
  }
  return true;
}

void HostStack::went_stale(std::size_t entries) {
  stale_timers_ += entries;
  if (stale_timers_ < kSweepAtLeast || stale_timers_ * 2 < timers_.size()) return;
  std::erase_if(timers_.items(), [this](const Pending& p) { return !live(p); });
  timers_.rebuild();
  stale_timers_ = 0;
}

Timer& HostStack::timer_of(Tcb& tcb, TcbTimer which) {
  switch (which) {
    case TcbTimer::rtx:
      return tcb.rtx_timer;
    case TcbTimer::delack:
      return tcb.delack_timer;
    case TcbTimer::keepalive:
      return tcb.keepalive_timer;
    case TcbTimer::close:
      return tcb.close_timer;
  }
  return tcb.rtx_timer;
}

TimerKind HostStack::kind_of(const Tcb& tcb, TcbTimer which) {
  switch (which) {
    case TcbTimer::rtx:
      return tcb.rtx_kind;
    case TcbTimer::delack:
      return TimerKind::delayed_ack;
    case TcbTimer::keepalive:
      return TimerKind::keepalive;
    case TcbTimer::close:
      return tcb.close_kind;
  }
  return tcb.rtx_kind;
}

TcbTimer HostStack::slot_of(TimerKind kind) {
  switch (kind) {
    case TimerKind::syn_retransmit:
    case TimerKind::synack_retransmit:
    case TimerKind::retransmit:
    case TimerKind::loss_probe:
    case TimerKind::zero_window_probe:
    case TimerKind::reorder:
      return TcbTimer::rtx;  // Linux's icsk_retransmit_timer
    case TimerKind::delayed_ack:
      return TcbTimer::delack;
    case TimerKind::keepalive:
      return TcbTimer::keepalive;
    case TimerKind::fin_wait_2:
    case TimerKind::time_wait:
    case TimerKind::ip_reassembly:  // not a TCB's; never armed here
      return TcbTimer::close;
  }
  return TcbTimer::close;
}

void HostStack::arm(Micros now, Tcb& tcb, TimerKind kind, Micros delay) {
  enter(now);
  arm(tcb, kind, delay);
}

void HostStack::arm(Tcb& tcb, TimerKind kind, Micros delay) {
  const TcbTimer which = slot_of(kind);
  if (which == TcbTimer::rtx) tcb.rtx_kind = kind;
  if (which == TcbTimer::close) tcb.close_kind = kind;
  Timer& t = timer_of(tcb, which);
  const bool replaces = t.armed();
  t.deadline = now_ + delay;
  ++t.generation;
  if (replaces) went_stale();
  push_timer(t.deadline, Due::tcb_timer, tcb.id, which, t.generation, tcb.slot);
  emit_timer(tcb.id, kind, TimerAction::armed, t.deadline, {Why::timer_armed});
}

void HostStack::cancel(Tcb& tcb, TcbTimer which) {
  Timer& t = timer_of(tcb, which);
  if (!t.armed()) return;
  t.deadline = kNever;
  ++t.generation;
  went_stale();
  emit_timer(tcb.id, kind_of(tcb, which), TimerAction::cancelled, 0, {Why::timer_cancelled});
}

std::uint16_t HostStack::mss() const {
  return static_cast<std::uint16_t>(cfg_.mtu - kIpHeader - 20);  // RFC 9293 §3.7.1
}

Tcb* HostStack::find_tcb(std::uint32_t conn) {
  Tcb* t = tcbs_.find(conn);
  return t && t->id != kNone ? t : nullptr;
}

const Tcb* HostStack::find_tcb(std::uint32_t conn) const {
  const Tcb* t = tcbs_.find(conn);
  return t && t->id != kNone ? t : nullptr;
}

Tcb* HostStack::socket(std::uint32_t conn) {
  return tcbs_.find(conn);
}

std::uint32_t HostStack::conn_for(SockAddr local, SockAddr remote) const {
  auto it = conns_.find(conn_key(local, remote));
  return it == conns_.end() ? 0 : it->second;
}

Listener* HostStack::listener_on(std::uint16_t port) {
  for (const auto& [p, id] : listener_ports_) {
    if (p == port) return &listeners_[id];
  }
  return nullptr;
}

const Listener* HostStack::find_listener(std::uint32_t id) const {
  return id < listeners_.size() ? &listeners_[id] : nullptr;
}

std::vector<std::uint32_t> HostStack::connection_ids() const {
  std::vector<std::uint32_t> ids = tcbs_.ids();
  std::erase_if(ids, [this](std::uint32_t id) { return find_tcb(id) == nullptr; });
  return ids;
}

Tcb& HostStack::new_tcb() {
  const std::uint32_t id = env_.new_conn_id();
  Tcb& t = tcbs_.create(id);
  t.id = id;
  t.host = cfg_.index;
  t.our_mss = mss();
  return t;
}

Tcb& HostStack::restore(Micros now, const Tcb& snapshot) {
  enter(now);
  Tcb& t = new_tcb();
  const std::uint32_t id = t.id;
  const std::uint32_t slot = t.slot;
  t = snapshot;
  t.id = t.slot_owner = id;
  t.slot = slot;
  t.host = cfg_.index;
  t.rtx_timer = t.delack_timer = t.keepalive_timer = t.close_timer = Timer{};
  if (t.state == TcpState::TIME_WAIT) ++time_wait_count_;
  conns_[conn_key(t.local, t.remote)] = id;
  return t;
}

void HostStack::destroy(Tcb& tcb, Reason why) {
  std::size_t cancelled = 0;
  for (TcbTimer w : {TcbTimer::rtx, TcbTimer::delack, TcbTimer::keepalive, TcbTimer::close}) {
    Timer& t = timer_of(tcb, w);
    if (t.armed()) {
      t.deadline = kNever;
      ++t.generation;
      ++cancelled;
    }
  }
  set_state(tcb, TcpState::CLOSED, why);
  if (auto it = conns_.find(conn_key(tcb.local, tcb.remote));
      it != conns_.end() && it->second == tcb.id) {
    conns_.erase(it);
  }
  wake(tcb.program);
  destroyed_.push_back(tcb.id);
  tcb.id = kNone;  // tombstone: timers and lookups ignore it from now on
  if (cancelled > 0) went_stale(cancelled);
}

void HostStack::leave() {
  // A closed connection a process still holds stays readable (its error, like sk_err)
  // until the process lets go; the others are freed now.
  for (std::uint32_t id : destroyed_) {
    const Tcb* t = tcbs_.find(id);
    if (t && t->id == kNone && t->program == kNone) tcbs_.erase(id);
  }
  destroyed_.clear();
  drop_stale_heads();
}

void HostStack::drop_stale_heads() {
  // A cancelled or re-armed timer leaves its entry behind. None may sit at the top: the
  // earliest deadline this stack reports must be one that will do something, or a run
  // that ended cleanly would look cut off by its time limit.
  while (!timers_.empty() && !live(timers_.top())) {
    timers_.pop();
    if (stale_timers_ > 0) --stale_timers_;
  }
}

void HostStack::release(std::uint32_t conn) {
  Tcb* t = tcbs_.find(conn);
  if (!t) return;
  if (t->id == kNone) {
    tcbs_.erase(conn);
  } else {
    t->program = kNone;
  }
}

void HostStack::set_state(Tcb& tcb, TcpState to, Reason why) {
  if (tcb.state == to) return;
  if (tcb.state == TcpState::TIME_WAIT) --time_wait_count_;
  if (to == TcpState::TIME_WAIT) ++time_wait_count_;
  emit_state(tcb.id, tcb.state, to, why);
  const bool opened = to == TcpState::ESTABLISHED &&
                      (tcb.state == TcpState::SYN_SENT || tcb.state == TcpState::SYN_RECEIVED);
  tcb.state = to;
  if (opened) start_congestion_control(tcb);
}

void HostStack::start_congestion_control(Tcb& tcb) {
  tcb.cc = Congestion{};
  tcb.cc.algorithm = static_cast<CcAlgorithm>(cfg_.sys[Knob::tcp_congestion_control]);
  tcb.window_why = {Why::cwnd_initial, tcb.cc.cwnd};
  tcb.last_send = now_;
}

void HostStack::emit_state(std::uint32_t conn, TcpState from, TcpState to, Reason why) {
  Event e = make_event(now_, EventType::state, cfg_.index, conn, why);
  e.from = from;
  e.to = to;
  env_.add_event(e);
}

void HostStack::emit_app(AppCall call, AppResult result, std::int64_t value, Reason why,
                         std::uint32_t conn) {
  Event e = make_event(now_, EventType::app, cfg_.index, conn, why);
  e.call = call;
  e.result = result;
  e.value = value;
  env_.add_event(e);
}

void HostStack::report_call(Micros now, AppCall call, AppResult result, Reason why,
                            std::uint32_t conn) {
  enter(now);
  emit_app(call, result, 0, why, conn);
}

void HostStack::emit_timer(std::uint32_t conn, TimerKind kind, TimerAction action, Micros deadline,
                           Reason why) {
  env_.add_event(make_timer_event(now_, cfg_.index, conn, kind, action, deadline, why));
}

void HostStack::emit_queue(const Listener& l, Reason why) {
  Event e = make_event(now_, EventType::queue, cfg_.index, 0, why);
  // Linux admits one more than the backlog before it calls a queue full.
  e.syn_queue = static_cast<std::uint32_t>(l.syn_queue.size());
  e.syn_queue_max = static_cast<std::uint32_t>(l.backlog + 1);
  e.accept_queue = static_cast<std::uint32_t>(l.accept_queue.size());
  e.accept_queue_max = static_cast<std::uint32_t>(l.backlog + 1);
  env_.add_event(e);
}

}  // namespace synack
