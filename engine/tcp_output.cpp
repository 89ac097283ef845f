// Building segments and deciding what to send: data within the peer's window, FIN after
// the data, ACKs (at once or delayed), resets.
#include <algorithm>

#include "host_stack.hpp"
#include "kernel_constants.hpp"

namespace synack {

std::uint32_t HostStack::effective_mss(const Tcb& tcb) const {
  const std::uint32_t mss = std::min<std::uint32_t>(tcb.opt.peer_mss, tcb.our_mss);
  return mss - (tcb.opt.timestamps ? 12 : 0);  // the timestamp option takes 12 bytes
}

std::int8_t HostStack::wscale_for(std::int64_t rcvbuf) const {
  // Linux tcp_select_initial_window(): the shift that lets the largest buffer be offered;
  // SO_RCVBUF locks the buffer, so a small one needs no scaling at all.
  if (rcvbuf <= 0) return cfg_.sys.window_scale();
  std::int8_t shift = 0;
  while ((rcvbuf >> shift) > 65535 && shift < 14) ++shift;
  return shift;
}

void HostStack::init_receive_buffer(Tcb& tcb, std::int64_t rcvbuf) {
  if (rcvbuf > 0) {
    tcb.rcv_space = rcvbuf;
    tcb.rcv_space_max = rcvbuf;  // SO_RCVBUF turns autotuning off
  } else {
    tcb.rcv_space = cfg_.sys.receive_space_initial();
    tcb.rcv_space_max = cfg_.sys.receive_space_max();
  }
  // Linux tcp_incr_quickack(): as many quick ACKs as half the window holds full segments,
  // at most 16. A small buffer gets one, so its second segment waits for the delayed ACK
  // (capture 14-zero-window).
  const std::int64_t half_window_segments = tcb.rcv_space / (2 * 1448);
  tcb.quick_acks = static_cast<int>(std::clamp<std::int64_t>(half_window_segments, 1, 16));
}

std::uint32_t HostStack::receive_window(const Tcb& tcb) const {
  if (!tcb.rcv_advertised) return static_cast<std::uint32_t>(tcb.rcv_space);
  const std::uint32_t w = tcb.rcv_right - tcb.rcv_nxt;
  return static_cast<std::int32_t>(w) > 0 ? w : 0;
}

// The window of a SYN or SYN-ACK (never scaled): Linux offers a whole number of segments of
// 1460 bytes, or 1448 with timestamps (44 x 1460, 45 x 1448), fewer for a small buffer.
std::uint16_t syn_window(const Sysctls& sys, std::int64_t rcvbuf, bool timestamps) {
  const std::int64_t seg = timestamps ? 1448 : 1460;
  const std::int64_t buffer = rcvbuf > 0 ? rcvbuf : sys.value(Knob::tcp_rmem)[1] / 2;
  const std::int64_t space = std::min<std::int64_t>(buffer, 65535);
  return static_cast<std::uint16_t>(space > seg ? space / seg * seg : space);
}

std::uint16_t HostStack::advertised_window(Tcb& tcb, bool syn) {
  if (syn) {
    // Our own SYN does not know yet whether timestamps will be agreed, nor RCV.NXT (its edge
    // is recorded when the SYN-ACK arrives); a SYN-ACK's window holds from RCV.NXT on.
    const bool own_syn = tcb.state == TcpState::SYN_SENT;
    const std::uint16_t window =
        syn_window(cfg_.sys, tcb.rcvbuf_set, tcb.opt.timestamps && !own_syn);
    if (!own_syn) {
      tcb.rcv_right = tcb.rcv_nxt + window;
      tcb.rcv_advertised = true;
    }
    return window;
  }
  const std::int64_t window = window_to_offer(tcb);
  tcb.rcv_right = tcb.rcv_nxt + static_cast<std::uint32_t>(window);
  tcb.rcv_advertised = true;
  return static_cast<std::uint16_t>(window >> tcb.opt.rcv_wscale);
}

std::int64_t HostStack::window_to_offer(const Tcb& tcb) const {
  std::int64_t ooo = 0;
  for (const SackBlock& b : tcb.out_of_order) ooo += b.right - b.left;
  if (tcb.fin_out_of_order) --ooo;  // a held FIN takes no buffer space
  std::int64_t free_space = std::max<std::int64_t>(0, tcb.rcv_space - tcb.rcv_unread - ooo);
  const std::int64_t mss = effective_mss(tcb);
  // Receiver-side silly window avoidance (RFC 9293 §3.8.6.2.2): when less than half the
  // buffer and less than one segment is free, offer nothing rather than a sliver.
  if (free_space < tcb.rcv_space / 2 && free_space < mss) free_space = 0;
  const std::int64_t unit = std::int64_t{1} << tcb.opt.rcv_wscale;
  std::int64_t window = free_space;
  if (tcb.opt.rcv_wscale > 0) {
    window = (window + unit - 1) / unit * unit;  // so it is not scaled away
  } else if (window > mss) {
    window = window / mss * mss;
  }
  // Never move the right edge back (RFC 9293 §3.8.6.2.2; Linux tcp_select_window).
  const std::int64_t current = receive_window(tcb);
  if (tcb.rcv_advertised && window < current) window = (current + unit - 1) / unit * unit;
  return std::min<std::int64_t>(window, std::int64_t{65535} << tcb.opt.rcv_wscale);
}

Segment HostStack::make_segment(Tcb& tcb, std::uint32_t seq, std::uint8_t flags,
                                std::uint32_t len) {
  Segment s;
  s.src = tcb.local;
  s.dst = tcb.remote;
  s.seq = seq;
  s.flags = flags;
  s.len = len;
  if (flags & kAck) s.ack = tcb.rcv_nxt;
  s.win = advertised_window(tcb, (flags & kSyn) != 0);
  if (tcb.opt.timestamps) {
    s.opt.has_timestamp = true;
    s.opt.ts_val = static_cast<std::uint32_t>(now_ / kMicrosPerMs) + tcb.ts_offset;
    s.opt.ts_ecr = tcb.ts_recent;
  }
  if (tcb.opt.sack && (flags & kAck) && !(flags & kSyn)) {
    const int room = tcb.opt.timestamps ? 3 : 4;
    if (tcb.dsack_pending) s.opt.sack[s.opt.sack_count++] = tcb.dsack;
    for (const SackBlock& b : tcb.out_of_order) {
      if (s.opt.sack_count >= room) break;
      s.opt.sack[s.opt.sack_count++] = b;
    }
  }
  return s;
}

Segment HostStack::make_synack(Tcb& tcb) {
  Segment s = make_segment(tcb, tcb.iss, kSyn | kAck, 0);
  s.opt.mss = tcb.our_mss;
  s.opt.sack_permitted = tcb.opt.sack;
  if (tcb.opt.snd_wscale > 0 || tcb.opt.rcv_wscale > 0) s.opt.wscale = tcb.opt.rcv_wscale;
  return s;
}

Segment HostStack::request_synack(SockAddr local, SockAddr remote, std::uint32_t iss,
                                  std::uint32_t irs, const SynOptions& syn, std::int64_t rcvbuf) {
  const Sysctls& sys = cfg_.sys;
  Segment s;
  s.src = local;
  s.dst = remote;
  s.seq = iss;
  s.ack = irs + 1;
  s.flags = kSyn | kAck;
  s.opt.mss = mss();
  s.opt.sack_permitted = syn.sack_permitted && sys[Knob::tcp_sack];
  const bool ts = syn.has_timestamp && sys[Knob::tcp_timestamps];
  s.win = syn_window(sys, rcvbuf, ts);
  if (ts) {
    s.opt.has_timestamp = true;
    s.opt.ts_val = static_cast<std::uint32_t>(now_ / kMicrosPerMs) + ts_hash_(local, remote);
    s.opt.ts_ecr = syn.ts_val;
  }
  if (syn.wscale >= 0 && sys[Knob::tcp_window_scaling]) s.opt.wscale = wscale_for(rcvbuf);
  return s;
}

void HostStack::send_syn(Tcb& tcb, bool retransmission, Reason why) {
  const Sysctls& sys = cfg_.sys;
  const bool synack = tcb.state == TcpState::SYN_RECEIVED;
  Segment s = synack ? make_synack(tcb) : make_segment(tcb, tcb.iss, kSyn, 0);
  s.opt.mss = tcb.our_mss;
  if (!synack) {
    s.opt.sack_permitted = sys[Knob::tcp_sack] != 0;
    if (sys[Knob::tcp_timestamps]) {
      s.opt.has_timestamp = true;
      s.opt.ts_val = static_cast<std::uint32_t>(now_ / kMicrosPerMs) + tcb.ts_offset;
      s.opt.ts_ecr = 0;
    }
    if (sys[Knob::tcp_window_scaling]) s.opt.wscale = wscale_for(tcb.rcvbuf_set);
  }
  if (!retransmission) {
    tcb.rtx_queue.clear();
    Unacked u;
    u.seq = tcb.iss;
    u.flags = kSyn;
    u.first_sent = now_;
    tcb.snd_una = tcb.iss;
    tcb.snd_nxt = tcb.iss + 1;
    u.first_record = transmit(s, why, tcb.id);
    tcb.rtx_queue.push_back(u);
    return;
  }
  Unacked& u = tcb.rtx_queue.front();
  u.retransmitted = true;
  transmit(s, why, tcb.id, u.first_record);
}

std::uint32_t HostStack::send_mss(const Tcb& tcb) const {
  // Linux tcp_bound_to_half_wnd(): segments no larger than half the largest window the peer
  // ever offered (all of it when that is below 536 bytes), so a peer with a tiny buffer still
  // gets two segments at a time; never below 68 bytes of IP datagram.
  const std::uint32_t mss = effective_mss(tcb);
  const std::uint32_t cutoff = tcb.max_window > 536 ? tcb.max_window / 2 : tcb.max_window;
  if (cutoff == 0 || mss <= cutoff) return mss;
  const std::uint32_t header = 20 + (tcb.opt.timestamps ? 12 : 0);
  return std::max<std::uint32_t>(cutoff, 68 - header);
}

bool HostStack::nagle_holds(const Tcb& tcb, std::uint32_t len, std::uint32_t mss) const {
  // Linux tcp_nagle_check() with Minshall's variant: a segment smaller than the MSS waits
  // only while an earlier small segment is unacknowledged (RFC 896 waits for any ACK).
  if (len >= mss || tcb.nodelay || tcb.nagle_push || tcb.rtx_queue.empty()) return false;
  if (tcb.fin_pending) return false;  // close() pushes everything (TCP_NAGLE_OFF)
  return seq_gt(tcb.snd_sml, tcb.snd_una) && seq_le(tcb.snd_sml, tcb.snd_nxt);
}

void HostStack::output(Tcb& tcb, Reason why, bool fill_small_window) {
  // Lost segments first (Linux tcp_xmit_retransmit_queue), as far as cwnd allows. Resending
  // the head restarts the RTO (tcp_rearm_rto), unless RACK's reorder timer is pending: the
  // head's new copy gets a whole RTO to be acknowledged.
  bool rearm = false;
  for (Unacked& u : tcb.rtx_queue) {
    if (tcb.lost_out == 0 || tcb.in_flight() >= tcb.cc.cwnd) break;
    if (!u.lost) continue;
    if (&u == &tcb.rtx_queue.front() && tcb.rtx_kind != TimerKind::reorder) rearm = true;
    retransmit(tcb, u, {u.lost_by, u.lost_by == Why::fast_retransmit ? 3 : 0});
    if (tcb.in_recovery && !tcb.rto_recovery) ++tcb.prr_out;
  }
  if (rearm) arm(tcb, TimerKind::retransmit, tcb.rto);
  tcb.max_window = std::max(tcb.max_window, tcb.snd_wnd);
  const std::uint32_t mss = send_mss(tcb);
  // The counterfactual ignores the MSS: a segment is as large as one IP datagram can be, and
  // IP fragments it (network.cpp).
  const std::uint32_t largest =
      cfg_.ignores_mss ? kMaxIpDatagram - kIpHeader - 20 - (tcb.opt.timestamps ? 12 : 0) : mss;
  int count = 0;
  bool cwnd_full = false;
  // After a timeout only the lost segments go out until everything sent before it is
  // acknowledged: no new data, no FIN (captures 08c/08d: a close() in that state sends no
  // FIN until the retransmitted data is ACKed).
  const bool repairing = tcb.rto_recovery && seq_lt(tcb.snd_una, tcb.recovery_point);
  while (tcb.unsent > 0 && !repairing) {
    if (tcb.in_flight() >= tcb.cc.cwnd) {
      cwnd_full = true;
      break;
    }
    const std::int64_t room = tcb.send_room();
    if (room <= 0) break;  // the peer's window is full: wait for it (or probe it)
    // The next segment is a full MSS, or all that is queued if less. Sender-side silly window
    // avoidance (RFC 9293 §3.8.6.2.1, Linux tcp_snd_wnd_test()): it goes only if it fits the
    // peer's window whole; a window with room for less waits for ACKs to open it further, or,
    // with nothing in flight, for the persist timer, which sends what fits (fill_small_window,
    // Linux tcp_write_wakeup()). The counterfactual without an MSS fills the window as it is.
    auto len = static_cast<std::uint32_t>(std::min<std::int64_t>(largest, tcb.unsent));
    const bool partial = len > room;
    if (partial && !fill_small_window && !cfg_.ignores_mss) break;
    const bool forced = partial && !cfg_.ignores_mss;
    if (partial) len = static_cast<std::uint32_t>(room);
    if (!forced && nagle_holds(tcb, len, mss)) break;
    std::uint8_t flags = kAck;
    bool ends_push = false;
    while (!tcb.push_ends.empty() && seq_le(tcb.push_ends.front(), tcb.snd_nxt + len)) {
      ends_push = true;
      tcb.push_ends.erase(tcb.push_ends.begin());
    }
    if (len == tcb.unsent || forced || ends_push) flags |= kPsh;
    if (len == tcb.unsent && tcb.fin_pending && !tcb.fin_sent) flags |= kFin;
    Segment s = make_segment(tcb, tcb.snd_nxt, flags, len);
    ++count;
    Reason r = why;
    if (why.why == Why::data_sent && (count > 1 || len < tcb.unsent))
      r = {Why::data_segmented, count, mss};
    if (why.why == Why::data_sent && len > mss) r = {Why::data_ignores_mss, len, mss};
    if (forced) r = {Why::data_sws_override, len, tcb.unsent};
    Unacked u;
    u.seq = tcb.snd_nxt;
    u.len = len;
    u.flags = flags & (kFin | kPsh);  // a retransmission repeats the original flags
    u.first_sent = now_;
    u.last_sent = now_;
    u.sent_order = ++tcb.transmissions;
    tcb.unsent -= len;
    tcb.snd_nxt += s.seq_space();
    if (len < mss) tcb.snd_sml = tcb.snd_nxt;
    if (flags & kFin) {
      tcb.fin_sent = true;
      tcb.fin_seq = s.seq + len;
    }
    u.first_record = transmit(s, r, tcb.id);
    tcb.rtx_queue.push_back(u);
    if (tcb.in_recovery && !tcb.rto_recovery) ++tcb.prr_out;
    data_sent(tcb);
    if (forced) break;  // one segment, as a probe would be
  }
  // A FIN alone passes cwnd (Linux tcp_cwnd_test) and, like the engine always did, the window.
  if (tcb.fin_pending && !tcb.fin_sent && tcb.unsent == 0 && !repairing) {
    Segment s = make_segment(tcb, tcb.snd_nxt, kFin | kAck, 0);
    Unacked u;
    u.seq = tcb.snd_nxt;
    u.flags = kFin;
    u.first_sent = now_;
    u.last_sent = now_;
    u.sent_order = ++tcb.transmissions;
    tcb.fin_sent = true;
    tcb.fin_seq = tcb.snd_nxt;
    tcb.snd_nxt += 1;
    u.first_record = transmit(s, why, tcb.id);
    tcb.rtx_queue.push_back(u);
    data_sent(tcb);
  }
  // Linux tcp_cwnd_validate(): remember whether cwnd, not the application, limited this window.
  cwnd_full = cwnd_full || tcb.in_flight() >= tcb.cc.cwnd;
  if (count > 0 || cwnd_full) {
    if (seq_ge(tcb.snd_una, tcb.cwnd_usage_seq) || cwnd_full ||
        (!tcb.cwnd_limited && tcb.packets_out() > tcb.max_packets_out)) {
      tcb.cwnd_limited = cwnd_full;
      tcb.max_packets_out = tcb.packets_out();
      tcb.cwnd_usage_seq = tcb.snd_nxt;
    }
  }
  if (!tcb.ack_pending) cancel(tcb, TcbTimer::delack);
  arm_retransmit(tcb);
}

void HostStack::data_sent(Tcb& tcb) {
  tcb.ack_pending = false;
  tcb.dsack_pending = false;
  tcb.last_send = now_;
  // A reply within the delayed-ACK time of the peer's data: an interactive exchange, whose
  // ACKs can wait for the next reply (Linux pingpong mode).
  if (tcb.last_data_in >= 0 && now_ - tcb.last_data_in < kDelayedAck) tcb.pingpong = true;
}

Micros HostStack::probe_interval(const Tcb& tcb) const {
  // Linux tcp_probe0_when(): the RTO (at least TCP_RTO_MIN), doubled per probe, at most 120 s.
  const Micros base = std::max<Micros>(tcb.rto, 200 * kMicrosPerMs);
  return std::min<Micros>(base << std::min(tcb.zwp_backoff, 20), kMaxRto);
}

bool HostStack::window_allows_next(const Tcb& tcb) const {
  const std::int64_t room = tcb.send_room();
  return room > 0 && room >= std::min<std::int64_t>(tcb.unsent, send_mss(tcb));
}

void HostStack::after_ack_output(Tcb& tcb) {
  tcb.max_window = std::max(tcb.max_window, tcb.snd_wnd);
  if (tcb.rtx_queue.empty() && tcb.unsent > 0 && tcb.rtx_timer.armed() &&
      tcb.rtx_kind == TimerKind::zero_window_probe) {
    // Linux tcp_ack_probe(): the window opened for the next segment, or probe again later.
    if (window_allows_next(tcb)) {
      tcb.zwp_backoff = 0;
      cancel(tcb, TcbTimer::rtx);
    } else {
      arm(tcb, TimerKind::zero_window_probe, probe_interval(tcb));
    }
  }
  if (tcb.unsent > 0 || (tcb.fin_pending && !tcb.fin_sent) || tcb.lost_out > 0) {
    output(tcb, {Why::data_sent});
  } else {
    arm_retransmit(tcb);
  }
  emit_window(tcb, {});
}

void HostStack::arm_retransmit(Tcb& tcb) {
  if (tcb.rtx_queue.empty()) {
    // Data waits and nothing is in flight: only the peer's window can be holding it. The
    // persist timer makes sure a lost window update cannot stall us forever.
    if (tcb.unsent > 0 && !tcb.rtx_timer.armed()) {
      arm(tcb, TimerKind::zero_window_probe, probe_interval(tcb));
    }
    return;
  }
  if (tcb.rtx_timer.armed() && tcb.rtx_kind != TimerKind::zero_window_probe) return;
  const Sysctls& sys = cfg_.sys;
  const bool tlp_on = (sys[Knob::tcp_early_retrans] == 3 || sys[Knob::tcp_early_retrans] == 4) &&
                      tcb.opt.sack && !tcb.tlp_sent && tcb.retransmits == 0 && !tcb.in_recovery &&
                      tcb.state != TcpState::SYN_SENT && tcb.state != TcpState::SYN_RECEIVED;
  if (tlp_on && tcb.have_rtt) {
    // RFC 8985 §7.2 as Linux does it: 2·SRTT, plus 200 ms if a single segment is out
    // (the peer may be delaying its ACK), but never later than the RTO itself.
    Micros pto = 2 * tcb.srtt + (tcb.rtx_queue.size() == 1 ? 200 * kMicrosPerMs : 8 * kMicrosPerMs);
    pto = std::min(pto, tcb.rto);
    arm(tcb, TimerKind::loss_probe, pto);
    return;
  }
  const TimerKind kind = tcb.state == TcpState::SYN_SENT || tcb.state == TcpState::SYN_RECEIVED
                             ? TimerKind::syn_retransmit
                             : TimerKind::retransmit;
  arm(tcb, kind, tcb.rto);
}

void HostStack::retransmit(Tcb& tcb, Unacked& u, Reason why) {
  if (u.flags & kSyn) {
    send_syn(tcb, true, why);
    return;
  }
  std::uint8_t flags = kAck | u.flags;
  Segment s = make_segment(tcb, u.seq, flags, u.len);
  u.retransmitted = true;
  u.last_sent = now_;
  u.sent_order = ++tcb.transmissions;
  tcb.unmark_lost(u);
  if (why.why != Why::loss_probe && tcb.first_retransmit_at == kNever) {
    tcb.first_retransmit_at = now_;
  }
  transmit(s, why, tcb.id, u.first_record);
  tcb.ack_pending = false;
  tcb.dsack_pending = false;
}

void HostStack::send_ack(Tcb& tcb, Reason why) {
  Segment s = make_segment(tcb, tcb.snd_nxt, kAck, 0);
  transmit(s, why, tcb.id);
  tcb.ack_pending = false;
  tcb.dsack_pending = false;
  tcb.bytes_since_ack = 0;
  cancel(tcb, TcbTimer::delack);
}

void HostStack::schedule_ack(Tcb& tcb, bool immediate, Reason why) {
  if (immediate) {
    send_ack(tcb, why);
    return;
  }
  if (tcb.ack_pending) return;
  tcb.ack_pending = true;
  // Until the first data segment arrives Linux's ato is 0: the "delayed" ACK goes out at the
  // next timer tick (capture 06: the FIN is ACKed 2.6 ms later). Afterwards it is 40 ms.
  arm(tcb, TimerKind::delayed_ack, tcb.data_received ? kDelayedAck : kJiffy);
}

void HostStack::flush_ack(Tcb& tcb) {
  if (tcb.ack_pending) send_ack(tcb, {Why::ack_on_read});
}

void HostStack::send_reset(const Segment& to, Reason why, std::uint32_t conn) {
  // RFC 9293 §3.10.7.1: take the sequence number from the offending ACK, or else
  // acknowledge everything the segment occupied.
  Segment r;
  r.src = to.dst;
  r.dst = to.src;
  if (to.has(kAck)) {
    r.seq = to.ack;
    r.flags = kRst;
  } else {
    r.seq = 0;
    r.ack = to.seq + to.seq_space();
    r.flags = kRst | kAck;
  }
  transmit(r, why, conn);
}

void HostStack::send_active_reset(Tcb& tcb, Reason why) {
  Segment s = make_segment(tcb, tcb.snd_nxt, kRst | kAck, 0);
  s.opt.sack_count = 0;
  transmit(s, why, tcb.id);
}

}  // namespace synack
