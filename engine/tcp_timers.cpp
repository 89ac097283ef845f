// Every timer of the engine, in one place:
//   SYN retransmission        tcp_syn_retries (+ tcp_syn_linear_timeouts), 1 s doubling
//   SYN-ACK retransmission    tcp_synack_retries, 1 s doubling   (on_synack_timer)
//   data/FIN retransmission   RFC 6298 RTO; tcp_retries2, or tcp_orphan_retries once closed
//   tail-loss probe           tcp_early_retrans = 3
//   RACK reordering window    tcp_recovery = 1 (on_reorder_timer in tcp_recovery.cpp)
//   zero-window probe         persist timer: RTO-based, doubling to 120 s; tcp_retries2
//   delayed ACK               40 ms
//   keepalive                 tcp_keepalive_time / _intvl / _probes
//   FIN_WAIT_2                tcp_fin_timeout (orphaned sockets only)
//   TIME_WAIT                 2MSL = 60 s, restarted by a retransmitted FIN
#include <algorithm>

#include "host_stack.hpp"
#include "kernel_constants.hpp"

namespace synack {
namespace {

constexpr Micros kRtoBase = 200 * kMicrosPerMs;  // Linux TCP_RTO_MIN, base of the give-up model

}  // namespace

void HostStack::on_tcb_timer(Tcb& tcb_ref, TcbTimer which) {
  Tcb* tcb = &tcb_ref;
  Timer& t = timer_of(*tcb, which);
  t.deadline = kNever;
  emit_timer(tcb->id, kind_of(*tcb, which), TimerAction::fired, now_, {Why::timer_fired});
  switch (which) {
    case TcbTimer::rtx:
      if (tcb->rtx_kind == TimerKind::loss_probe) {
        on_loss_probe(*tcb);
      } else if (tcb->rtx_kind == TimerKind::zero_window_probe) {
        on_zero_window_probe(*tcb);
      } else if (tcb->rtx_kind == TimerKind::reorder) {
        on_reorder_timer(*tcb);
      } else {
        on_retransmit_timer(*tcb);
      }
      break;
    case TcbTimer::delack:
      on_delayed_ack(*tcb);
      break;
    case TcbTimer::keepalive:
      on_keepalive(*tcb);
      break;
    case TcbTimer::close:
      on_close_timer(*tcb);
      break;
  }
}

// Linux's tcp_model_timeout(): how long `boundary` doublings of the 200 ms base take,
// capped at 120 s per step. tcp_retries2=15 gives 924.6 s.
bool HostStack::retries_timed_out(const Tcb& tcb, int boundary) const {
  const int linear_threshold = 9;  // ilog2(TCP_RTO_MAX / TCP_RTO_MIN)
  Micros timeout;
  if (boundary <= linear_threshold) {
    timeout = ((Micros{2} << boundary) - 1) * kRtoBase;
  } else {
    timeout =
        ((Micros{2} << linear_threshold) - 1) * kRtoBase + (boundary - linear_threshold) * kMaxRto;
  }
  // Like retransmits_timed_out(): never before the first RTO retransmission.
  if (tcb.retransmits == 0 || tcb.first_retransmit_at == kNever) return false;
  return now_ - tcb.first_retransmit_at >= timeout;
}

void HostStack::on_retransmit_timer(Tcb& tcb) {
  if (tcb.rtx_queue.empty()) return;
  const Sysctls& sys = cfg_.sys;

  if (tcb.state == TcpState::SYN_SENT || tcb.state == TcpState::SYN_RECEIVED) {
    // Linux 6.x gives up at whichever comes first: syn_retries (+ linear) retransmissions,
    // or the time the classic doubling would have taken, (2^(syn_retries+1) - 1) s.
    const int retries = static_cast<int>(sys[Knob::tcp_syn_retries]);
    const int linear =
        tcb.state == TcpState::SYN_SENT ? static_cast<int>(sys[Knob::tcp_syn_linear_timeouts]) : 0;
    const Micros time_limit = ((Micros{2} << retries) - 1) * kInitialRto;
    if (tcb.retransmits >= retries + linear || now_ - tcb.retrans_stamp >= time_limit) {
      tcb.error = AppResult::etimedout;
      destroy(tcb, {Why::syn_gave_up, tcb.retransmits});
      return;
    }
    ++tcb.retransmits;
    if (tcb.retransmits > linear) tcb.rto = std::min(tcb.rto * 2, kMaxRto);
    retransmit(tcb, tcb.rtx_queue.front(), {Why::syn_rto, tcb.retransmits, tcb.rto});
    arm(tcb, TimerKind::syn_retransmit, tcb.rto);
    return;
  }

  int boundary = static_cast<int>(sys[Knob::tcp_retries2]);
  if (tcb.orphaned) {
    boundary = static_cast<int>(sys[Knob::tcp_orphan_retries]);
    if (boundary == 0) boundary = 8;  // Linux: 0 means 8 while the peer is alive
  }
  if (retries_timed_out(tcb, boundary)) {
    if (tcb.orphaned) {
      destroy(tcb, {Why::orphan_retries_exhausted, tcb.retransmits});
    } else {
      tcb.error = AppResult::etimedout;
      destroy(tcb, {Why::retries_exhausted, tcb.retransmits});
    }
    return;
  }
  // Everything outstanding and not SACKed is presumed lost and cwnd drops to one segment:
  // resend the first now and the rest as ACKs reopen the window (RFC 5681 §3.1, 6298 §5.4).
  enter_loss(tcb);
  ++tcb.retransmits;
  tcb.rto = std::min(tcb.rto * 2, kMaxRto);
  Unacked* first = &tcb.rtx_queue.front();
  for (Unacked& u : tcb.rtx_queue) {
    if (!u.sacked) {
      first = &u;
      break;
    }
  }
  const bool fin_only = first->len == 0 && (first->flags & kFin);
  retransmit(tcb, *first, {fin_only ? Why::fin_rto : Why::data_rto, tcb.retransmits, tcb.rto});
  arm(tcb, TimerKind::retransmit, tcb.rto);
  emit_window(tcb, {});
}

void HostStack::on_loss_probe(Tcb& tcb) {
  if (tcb.rtx_queue.empty()) return;
  tcb.tlp_sent = true;
  retransmit(tcb, tcb.rtx_queue.back(), {Why::loss_probe});
  arm(tcb, TimerKind::retransmit, tcb.rto);
}

void HostStack::on_zero_window_probe(Tcb& tcb) {
  // Linux tcp_probe_timer() / tcp_send_probe0().
  if (!tcb.rtx_queue.empty() || tcb.unsent == 0) {
    tcb.zwp_out = 0;
    tcb.zwp_backoff = 0;
    return;
  }
  const Sysctls& sys = cfg_.sys;
  int max_probes = static_cast<int>(sys[Knob::tcp_retries2]);
  if (tcb.orphaned) {
    max_probes = static_cast<int>(sys[Knob::tcp_orphan_retries]);
    if (max_probes == 0) max_probes = 8;
  }
  if (tcb.zwp_out >= max_probes) {
    tcb.error = AppResult::etimedout;
    destroy(tcb, {Why::window_probe_gave_up, tcb.zwp_out});
    return;
  }
  if (tcb.send_room() > 0) {
    // The window is open, but too little for the next segment (sender silly window
    // avoidance held it): send what fits (RFC 9293 §3.8.6.2.1's override timeout; Linux
    // tcp_write_wakeup()).
    output(tcb, {Why::data_sent}, true);
    if (!tcb.rtx_queue.empty()) {
      tcb.zwp_out = 0;
      tcb.zwp_backoff = 0;
      return;
    }
  }
  ++tcb.zwp_out;
  if (tcb.zwp_backoff < sys[Knob::tcp_retries2]) ++tcb.zwp_backoff;
  const Micros next = probe_interval(tcb);
  // seq = SND.UNA - 1: a byte the peer already has, so it must answer with an ACK that
  // carries its current window (Linux tcp_xmit_probe_skb).
  Segment probe = make_segment(tcb, tcb.snd_una - 1, kAck, 0);
  transmit(probe, {Why::window_probe, tcb.zwp_out, next}, tcb.id);
  arm(tcb, TimerKind::zero_window_probe, next);
}

void HostStack::on_delayed_ack(Tcb& tcb) {
  // The timer had to fire: the exchange is not interactive after all (Linux leaves
  // pingpong mode here, so the next data is ACKed at once again).
  tcb.pingpong = false;
  if (tcb.ack_pending) send_ack(tcb, {Why::ack_sent_delayed});
}

void HostStack::arm_keepalive(Micros now, Tcb& tcb) {
  enter(now);
  arm_keepalive(tcb);
}

void HostStack::arm_keepalive(Tcb& tcb) {
  const Sysctls& sys = cfg_.sys;
  const Micros idle =
      (tcb.ka_idle_s > 0 ? tcb.ka_idle_s : sys[Knob::tcp_keepalive_time]) * kMicrosPerSec;
  arm(tcb, TimerKind::keepalive, idle);
}

void HostStack::on_keepalive(Tcb& tcb) {
  if (tcb.state != TcpState::ESTABLISHED && tcb.state != TcpState::CLOSE_WAIT) return;
  const Sysctls& sys = cfg_.sys;
  const Micros idle =
      (tcb.ka_idle_s > 0 ? tcb.ka_idle_s : sys[Knob::tcp_keepalive_time]) * kMicrosPerSec;
  const Micros intvl =
      (tcb.ka_intvl_s > 0 ? tcb.ka_intvl_s : sys[Knob::tcp_keepalive_intvl]) * kMicrosPerSec;
  const int probes =
      tcb.ka_probes > 0 ? tcb.ka_probes : static_cast<int>(sys[Knob::tcp_keepalive_probes]);
  if (!tcb.rtx_queue.empty() || tcb.unsent > 0) {  // data in flight has its own timer
    arm(tcb, TimerKind::keepalive, idle);
    return;
  }
  const Micros elapsed = now_ - tcb.last_received;
  if (elapsed < idle) {
    arm(tcb, TimerKind::keepalive, idle - elapsed);
    return;
  }
  if (tcb.probes_out >= probes) {
    send_active_reset(tcb, {Why::rst_keepalive_dead, probes});
    tcb.error = AppResult::etimedout;
    destroy(tcb, {Why::rst_keepalive_dead, probes});
    return;
  }
  ++tcb.probes_out;
  // seq = SND.NXT - 1 is old data to the peer, which must answer with an ACK.
  Segment probe = make_segment(tcb, tcb.snd_nxt - 1, kAck, 0);
  transmit(probe, {Why::keepalive_probe, tcb.probes_out}, tcb.id);
  arm(tcb, TimerKind::keepalive, intvl);
}

void HostStack::on_close_timer(Tcb& tcb) {
  if (tcb.close_kind == TimerKind::time_wait) {
    destroy(tcb, {Why::time_wait_expired});
  } else {
    destroy(tcb, {Why::fin_wait_2_timeout});
  }
}

void HostStack::on_synack_timer(std::uint32_t listener_id, std::uint64_t remote_key,
                                std::uint32_t gen) {
  Listener& l = listeners_[listener_id];
  if (!l.open || !up_) return;
  const SockAddr remote{static_cast<Addr>(remote_key >> 16),
                        static_cast<std::uint16_t>(remote_key & 0xffff)};
  auto it = l.syn_queue.find(remote);
  if (it == l.syn_queue.end()) return;
  Request& req = it->second;
  if (req.timer.generation != gen || req.timer.deadline != now_) return;
  req.timer.deadline = kNever;
  emit_timer(req.conn, TimerKind::synack_retransmit, TimerAction::fired, now_, {Why::timer_fired});

  // Linux reqsk_timer_handler(): when more than half the queue is taken, requests that
  // already timed out get fewer retries, so young ones keep room (down to 2).
  int max_retries = static_cast<int>(cfg_.sys[Knob::tcp_synack_retries]);
  const int qlen = static_cast<int>(l.syn_queue.size());
  if ((qlen << 1) > std::max(8, l.backlog)) {
    int young = l.young << 1;
    while (max_retries > 2) {
      if (qlen < young) break;
      --max_retries;
      young <<= 1;
    }
  }
  if (req.num_timeout >= max_retries) {
    const std::uint32_t conn = remove_request(l, it);  // its timer just fired: nothing to cancel
    emit_state(conn, TcpState::SYN_RECEIVED, TcpState::CLOSED, {Why::request_expired, max_retries});
    emit_queue(l, {Why::request_expired});
    return;
  }
  if (req.num_timeout++ == 0) --l.young;
  const Micros next = std::min(kInitialRto << req.num_timeout, kMaxRto);
  send_synack(l, req, {Why::synack_rto, req.num_timeout, next}, req.first_synack_record);
  arm_request_timer(l, req, next);
}

}  // namespace synack
