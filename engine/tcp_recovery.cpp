// Loss detection and recovery, as Linux's tcp_input.c / tcp_recovery.c do it:
//   which segments are lost   without SACK: three duplicate ACKs, then one segment per
//                             partial ACK (NewReno, RFC 6582), whatever tcp_recovery says;
//                             with SACK: RACK (RFC 8985, tcp_recovery=1) or three SACKed
//                             above a hole (RFC 6675); all outstanding ones after an RTO
//   how fast to send meanwhile  PRR during fast recovery (RFC 6937), then cwnd = ssthresh;
//                             after an RTO, slow start from one segment
//   the window events         every change of cwnd, ssthresh or the peer's window
#include <algorithm>

#include "host_stack.hpp"
#include "kernel_constants.hpp"

namespace synack {
namespace {

// RACK's "sent after": by time, then by transmission order within one instant (Linux's
// microsecond stamps differ where the engine's virtual clock does not).
bool sent_after(Micros t1, std::uint32_t order1, Micros t2, std::uint32_t order2) {
  return t1 > t2 || (t1 == t2 && order1 > order2);
}

constexpr Micros kTimeoutMin = 2 * kJiffy;  // Linux TCP_TIMEOUT_MIN, added to the RACK timer

constexpr std::uint32_t kMaxReordering = 300;  // Linux sysctl tcp_max_reordering

// Linux tcp_check_reno_reordering(): more duplicate ACKs than segments beyond the first hole
// can only be reordering (or duplication); the count is capped so the pipe never goes
// negative, and the duplicate-ACK threshold becomes what was out.
void check_reno_reordering(Tcb& tcb, std::uint32_t addend) {
  const std::uint32_t out = tcb.packets_out();
  const std::uint32_t holes = std::min(std::max(tcb.lost_out, 1u), out);
  if (tcb.sacked_out + holes <= out) return;
  tcb.sacked_out = out - holes;
  tcb.reordering = std::min(out + addend, kMaxReordering);
}

}  // namespace

std::uint32_t HostStack::reno_dupack(Tcb& tcb) {
  // tcp_process_loss(): after an RTO a duplicate ACK counts only for new data sent beyond
  // the recovery point, and the engine sends none until the loss is repaired.
  if (tcb.rto_recovery) return 0;
  const std::uint32_t prior = tcb.sacked_out;
  ++tcb.sacked_out;
  check_reno_reordering(tcb, 0);
  return tcb.sacked_out > prior ? tcb.sacked_out - prior : 0;
}

std::uint32_t HostStack::reno_acked(Tcb& tcb, std::uint32_t acked) {
  // tcp_remove_reno_sacks(): the first segment ACKed filled the hole; each of the others had
  // already been counted by its duplicate ACK.
  std::uint32_t delivered = 0;
  if (acked > 0) {
    delivered = std::max(acked > tcb.sacked_out ? acked - tcb.sacked_out : 0u, 1u);
    tcb.sacked_out = acked - 1 >= tcb.sacked_out ? 0 : tcb.sacked_out - (acked - 1);
  }
  check_reno_reordering(tcb, acked);
  // tcp_fastretrans_alert(): only a partial ACK of fast recovery keeps the count.
  if (!tcb.in_recovery || tcb.rto_recovery || seq_ge(tcb.snd_una, tcb.recovery_point)) {
    tcb.sacked_out = 0;
  }
  return delivered;
}

void HostStack::rack_advance(Tcb& tcb, const Unacked& u) {
  const Micros rtt = now_ - u.last_sent;
  // A retransmission ACKed sooner than any RTT ever seen was answered by the original.
  if (u.retransmitted && tcb.min_rtt != kNever && rtt < tcb.min_rtt) return;
  tcb.rack_rtt = rtt;
  if (sent_after(u.last_sent, u.sent_order, tcb.rack_xmit, tcb.rack_order)) {
    tcb.rack_xmit = u.last_sent;
    tcb.rack_order = u.sent_order;
  }
}

std::uint32_t HostStack::process_sack(Tcb& tcb, const Segment& seg) {
  std::uint32_t newly = 0;
  for (int i = 0; i < seg.opt.sack_count; ++i) {
    const SackBlock& b = seg.opt.sack[i];
    // RFC 2883: a first block below the cumulative ACK reports a duplicate, not a hole.
    if (i == 0 && seq_le(b.right, seg.ack)) {
      tcb.reordering_seen = tcb.reordering_seen || seq_ge(b.left, tcb.snd_una);
      continue;
    }
    // Like Linux's tcp_is_sackblock_valid(): a block must be non-empty and lie within what
    // we sent, or it is ignored.
    if (!seq_lt(b.left, b.right) || seq_gt(b.right, tcb.snd_nxt) || seq_lt(b.left, tcb.snd_una))
      continue;
    for (Unacked& u : tcb.rtx_queue) {
      if (u.sacked || !seq_le(b.left, u.seq) || !seq_le(u.end(), b.right)) continue;
      tcb.mark_sacked(u);
      rack_advance(tcb, u);
      ++newly;
    }
  }
  return newly;
}

Micros HostStack::rack_reorder_window(const Tcb& tcb) const {
  // Linux tcp_rack_reo_wnd(): no allowance once three segments were SACKed (the duplicate-ACK
  // threshold) or during recovery, unless reordering was seen; else a quarter of min RTT.
  if (!tcb.reordering_seen && (tcb.in_recovery || tcb.sacked_out >= 3)) return 0;
  const Micros min_rtt = tcb.min_rtt == kNever ? 0 : tcb.min_rtt;
  return std::min(min_rtt / 4, tcb.srtt);
}

void HostStack::detect_losses(Tcb& tcb, bool una_advanced) {
  if (tcb.rtx_queue.empty()) return;
  if (!tcb.opt.sack) {
    // Linux tcp_newreno_mark_lost(), also with tcp_recovery=1 (RACK needs SACK): the first
    // unacknowledged segment is lost after `reordering` duplicate ACKs, and again after each
    // partial ACK of fast recovery (RFC 6582: that ACK stops at the next hole). Once resent
    // it is not marked again.
    Unacked& head = tcb.rtx_queue.front();
    if (head.retransmitted) return;
    if (!tcb.in_recovery && tcb.sacked_out >= tcb.reordering) {
      tcb.mark_lost(head, Why::fast_retransmit);
    } else if (una_advanced && tcb.in_recovery && !tcb.rto_recovery &&
               seq_lt(tcb.snd_una, tcb.recovery_point)) {
      tcb.mark_lost(head, Why::partial_ack_retransmit);
    }
    return;
  }
  if (cfg_.sys[Knob::tcp_recovery] == 0) {
    // RFC 6675 without RACK: three segments SACKed above a hole make it lost.
    if (tcb.sacked_out < 3) return;
    std::uint32_t sacked_above = 0;
    for (auto it = tcb.rtx_queue.rbegin(); it != tcb.rtx_queue.rend(); ++it) {
      if (it->sacked) {
        ++sacked_above;
      } else if (sacked_above >= 3 && !it->retransmitted) {
        tcb.mark_lost(*it, tcb.in_recovery ? Why::sack_retransmit : Why::fast_retransmit);
      }
    }
    return;
  }
  if (tcb.rack_xmit < 0) return;
  const Micros reo_wnd = rack_reorder_window(tcb);
  Micros wait = 0;
  for (Unacked& u : tcb.rtx_queue) {
    if (!sent_after(tcb.rack_xmit, tcb.rack_order, u.last_sent, u.sent_order)) {
      // Segments never retransmitted were sent in sequence order, and a retransmission went
      // out later still: nothing beyond the first such segment was sent before rack_xmit
      // (Linux walks its time-sorted queue and stops there too). Keeps an ACK O(lost).
      if (!u.retransmitted) break;
      continue;
    }
    if (u.sacked || u.lost) continue;
    const Micros remaining = tcb.rack_rtt + reo_wnd - (now_ - u.last_sent);
    if (remaining <= 0) {
      tcb.mark_lost(u, tcb.in_recovery ? Why::sack_retransmit : Why::rack_retransmit);
    } else {
      wait = std::max(wait, remaining);
    }
  }
  if (wait > 0) arm(tcb, TimerKind::reorder, wait + kTimeoutMin);
}

void HostStack::on_reorder_timer(Tcb& tcb) {
  const std::uint32_t prior_lost = tcb.lost_out;
  detect_losses(tcb, false);
  if (tcb.lost_out > prior_lost && !tcb.in_recovery) enter_recovery(tcb);
  if (tcb.in_recovery && !tcb.rto_recovery) reduce_cwnd(tcb, 0, false, tcb.lost_out > prior_lost);
  output(tcb, {Why::data_sent});
  arm_retransmit(tcb);
  emit_window(tcb, {});
}

void HostStack::enter_recovery(Tcb& tcb) {
  tcb.prior_cwnd = tcb.cc.cwnd;
  tcb.cc.ssthresh = cc_ssthresh_after_loss(tcb.cc);
  tcb.prr_delivered = 0;
  tcb.prr_out = 0;
  tcb.in_recovery = true;
  tcb.rto_recovery = false;
  tcb.recovery_point = tcb.snd_nxt;
  tcb.window_why = {Why::recovery_enter, tcb.cc.ssthresh, tcb.prior_cwnd};
}

void HostStack::reduce_cwnd(Tcb& tcb, std::uint32_t delivered, bool una_advanced, bool newly_lost) {
  // Linux tcp_cwnd_reduction(): PRR, with slow-start reduction bound (PRR-SSRB).
  if (tcb.prior_cwnd == 0) return;
  if (delivered == 0 && tcb.prr_out > 0) return;
  tcb.prr_delivered += delivered;
  const auto in_flight = static_cast<std::int64_t>(tcb.in_flight());
  const std::int64_t delta = static_cast<std::int64_t>(tcb.cc.ssthresh) - in_flight;
  std::int64_t sndcnt;
  if (delta < 0) {
    const std::uint64_t dividend =
        std::uint64_t{tcb.cc.ssthresh} * tcb.prr_delivered + tcb.prior_cwnd - 1;
    sndcnt = static_cast<std::int64_t>(dividend / tcb.prior_cwnd) - tcb.prr_out;
  } else {
    sndcnt = std::max<std::int64_t>(std::int64_t{tcb.prr_delivered} - tcb.prr_out, delivered);
    if (una_advanced && !newly_lost) ++sndcnt;
    sndcnt = std::min(delta, sndcnt);
  }
  sndcnt = std::max<std::int64_t>(sndcnt, tcb.prr_out > 0 ? 0 : 1);  // the fast retransmit
  const auto cwnd = static_cast<std::uint32_t>(std::max<std::int64_t>(in_flight + sndcnt, 1));
  if (cwnd != tcb.cc.cwnd && tcb.window_why.why != Why::recovery_enter) {
    tcb.window_why = {Why::cwnd_prr, cwnd};
  }
  tcb.cc.cwnd = cwnd;
}

void HostStack::enter_loss(Tcb& tcb) {
  // Linux tcp_enter_loss(): ssthresh from the window in use, unless this RTO only repeats one
  // that already lowered it; everything not SACKed is lost; cwnd = what is in flight + 1.
  const bool repeat = tcb.in_recovery && seq_gt(tcb.recovery_point, tcb.snd_una) &&
                      (!tcb.rto_recovery || tcb.retransmits > 0);
  if (!repeat) tcb.cc.ssthresh = cc_ssthresh_after_loss(tcb.cc);
  cc_on_timeout(tcb.cc);
  if (!tcb.opt.sack) tcb.sacked_out = 0;  // tcp_timeout_mark_lost(): duplicate ACKs void
  for (Unacked& u : tcb.rtx_queue) {
    if (u.sacked) continue;
    // Segments sent less than RACK's RTT ago may still be on their way: not lost yet
    // (tcp_timeout_mark_lost skips them, all but the head).
    if (&u != &tcb.rtx_queue.front() && now_ - u.last_sent < tcb.rack_rtt) continue;
    if (!u.lost) tcb.mark_lost(u, Why::loss_retransmit);
    u.lost_by = Why::loss_retransmit;
  }
  tcb.cc.cwnd = tcb.in_flight() + 1;
  tcb.in_recovery = true;
  tcb.rto_recovery = true;
  tcb.recovery_point = tcb.snd_nxt;
  tcb.prior_cwnd = 0;
  tcb.window_why = {Why::cwnd_loss, tcb.cc.ssthresh, tcb.cc.cwnd};
}

void HostStack::update_congestion(Tcb& tcb, std::uint32_t delivered, bool una_advanced,
                                  bool newly_lost) {
  if (tcb.in_recovery && seq_ge(tcb.snd_una, tcb.recovery_point)) {
    tcb.in_recovery = false;
    if (!tcb.rto_recovery && tcb.cc.ssthresh < kInfiniteSsthresh) {
      tcb.cc.cwnd = tcb.cc.ssthresh;  // tcp_end_cwnd_reduction()
      tcb.window_why = {Why::recovery_exit, tcb.cc.cwnd};
      tcb.prior_cwnd = 0;
      return;
    }
    tcb.rto_recovery = false;
  }
  if (!tcb.in_recovery && tcb.lost_out > 0) enter_recovery(tcb);
  if (tcb.in_recovery && !tcb.rto_recovery) {
    reduce_cwnd(tcb, delivered, una_advanced, newly_lost);
    return;
  }
  // Linux tcp_may_raise_cwnd(): only an ACK that acknowledges new data grows cwnd; a
  // duplicate ACK that merely SACKs is a sign of trouble, not of room.
  if (!una_advanced && !tcb.reordering_seen) return;
  if (!cwnd_limited(tcb)) return;
  const Reason grew = cc_on_ack(tcb.cc, delivered, now_, tcb.min_rtt);
  if (grew.why != Why::none && tcb.window_why.why == Why::none) tcb.window_why = grew;
}

bool HostStack::cwnd_limited(const Tcb& tcb) const {
  // Linux tcp_is_cwnd_limited(): in slow start, while cwnd < twice the most segments out in
  // this window; else only if the last send was stopped by cwnd. An application that sends
  // little does not earn a larger window.
  if (tcb.cc.in_slow_start()) return tcb.cc.cwnd < 2 * tcb.max_packets_out;
  return tcb.cwnd_limited;
}

void HostStack::emit_window(Tcb& tcb, Reason why) {
  if (tcb.window_why.why != Why::none) why = tcb.window_why;
  tcb.window_why = {};
  if (tcb.cc.cwnd == tcb.shown_cwnd && tcb.cc.ssthresh == tcb.shown_ssthresh &&
      tcb.snd_wnd == tcb.shown_window) {
    return;
  }
  if (why.why == Why::none) {
    why = tcb.snd_wnd == 0 ? Reason{Why::peer_window_zero}
                           : Reason{Why::peer_window_changed, tcb.snd_wnd};
  }
  tcb.shown_cwnd = tcb.cc.cwnd;
  tcb.shown_ssthresh = tcb.cc.ssthresh;
  tcb.shown_window = tcb.snd_wnd;
  Event e = make_event(now_, EventType::window, cfg_.index, tcb.id, why);
  e.cwnd = tcb.cc.cwnd;
  e.ssthresh = tcb.cc.ssthresh;
  e.in_flight = tcb.in_flight();
  e.peer_window = tcb.snd_wnd;
  e.mss = effective_mss(tcb);
  env_.add_event(e);
}

}  // namespace synack
