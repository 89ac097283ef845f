// Segment arrival, following RFC 9293 §3.10.7: find the connection, check the sequence
// number, then RST, SYN, ACK, data and FIN in that order.
#include <algorithm>

#include "host_stack.hpp"
#include "kernel_constants.hpp"

namespace synack {
namespace {

bool in_window(std::uint32_t seq, std::uint32_t start, std::uint32_t wnd) {
  return seq_le(start, seq) && seq_lt(seq, start + wnd);
}

}  // namespace

void HostStack::input(const Segment& seg) {
  if (auto it = conns_.find(conn_key(seg.dst, seg.src)); it != conns_.end()) {
    tcb_input(*tcbs_.find(it->second), seg);
    return;
  }
  if (Listener* l = listener_on(seg.dst.port); l && l->open) {
    listener_input(*l, seg);
    return;
  }
  closed_input(seg);
}

void HostStack::closed_input(const Segment& seg) {
  if (seg.has(kRst)) return;  // never answer a reset with a reset
  const bool new_connection = seg.has(kSyn) && !seg.has(kAck);
  send_reset(seg, {new_connection ? Why::rst_closed_port : Why::rst_no_connection});
}

void HostStack::take_options(Tcb& tcb, const SynOptions& syn, bool we_offered) {
  const Sysctls& sys = cfg_.sys;
  tcb.opt.peer_mss = syn.mss != 0 ? syn.mss : 536;
  tcb.opt.timestamps = syn.has_timestamp && sys[Knob::tcp_timestamps] != 0;
  tcb.opt.sack = syn.sack_permitted && sys[Knob::tcp_sack] != 0;
  if (syn.wscale >= 0 && sys[Knob::tcp_window_scaling] != 0 && we_offered) {
    tcb.opt.snd_wscale = std::min<std::int8_t>(syn.wscale, 14);
    tcb.opt.rcv_wscale = wscale_for(tcb.rcvbuf_set);
  } else {
    tcb.opt.snd_wscale = 0;
    tcb.opt.rcv_wscale = 0;
  }
  if (tcb.opt.timestamps) {
    tcb.ts_recent = syn.ts_val;
    tcb.ts_recent_stamp = now_;
  }
}

void HostStack::update_rtt(Tcb& tcb, Micros sample) {
  // RFC 6298 §2, with Linux's floor: the variance term is at least tcp_rto_min.
  tcb.min_rtt = std::min(tcb.min_rtt, sample);
  if (!tcb.have_rtt) {
    tcb.srtt = sample;
    tcb.rttvar = sample / 2;
    tcb.have_rtt = true;
  } else {
    const Micros delta = tcb.srtt > sample ? tcb.srtt - sample : sample - tcb.srtt;
    tcb.rttvar = (3 * tcb.rttvar + delta) / 4;
    tcb.srtt = (7 * tcb.srtt + sample) / 8;
  }
  const Micros rto_min = cfg_.sys[Knob::tcp_rto_min_us];
  tcb.rto = std::min(kMaxRto, tcb.srtt + std::max(rto_min, 4 * tcb.rttvar));
  // Linux keeps the RTO in jiffies, rounded up (CONFIG_HZ=250 on the capture machine: 4 ms),
  // so 200 ms + a few µs of SRTT becomes 204 ms (capture 08c).
  if (cfg_.sys.rto_in_jiffies()) {
    tcb.rto = (tcb.rto + kJiffy - 1) / kJiffy * kJiffy;
  }
}

// Linux answers out-of-window ACK-only segments at most every tcp_invalid_ratelimit
// (500 ms), so two confused endpoints cannot ACK each other in a loop.
bool HostStack::oow_rate_limited(Tcb& tcb, const Segment& seg) {
  constexpr Micros kInvalidRatelimit = 500 * kMicrosPerMs;
  if (seg.seq_space() != 0 && !seg.has(kSyn)) return false;  // data is no ACK loop
  if (tcb.last_oow_ack >= 0 && now_ - tcb.last_oow_ack < kInvalidRatelimit) return true;
  tcb.last_oow_ack = now_;
  return false;
}

bool HostStack::paws_reject(const Tcb& tcb, const Segment& seg, std::int32_t window) const {
  if (!tcb.opt.timestamps || !seg.opt.has_timestamp || tcb.ts_recent == 0) return false;
  if (static_cast<std::int32_t>(tcb.ts_recent - seg.opt.ts_val) <= window) return false;
  if (tcb.ts_recent_stamp < 0 || now_ - tcb.ts_recent_stamp >= kPaws24Days) return false;
  // A RST carrying an old timestamp is believed once TS.Recent is an MSL old: the peer may
  // have rebooted with a new clock (Linux tcp_paws_reject()).
  return !(seg.has(kRst) && now_ - tcb.ts_recent_stamp >= kPawsMsl);
}

// Linux tcp_disordered_ack(): a pure duplicate ACK that changes nothing and lags by less
// than an RTO may overtake a newer segment on a multipath route; PAWS lets it through.
bool HostStack::disordered_ack(const Tcb& tcb, const Segment& seg) const {
  const std::uint32_t win = static_cast<std::uint32_t>(seg.win) << tcb.opt.snd_wscale;
  const auto lag_ms = static_cast<std::int32_t>(tcb.ts_recent - seg.opt.ts_val);
  return seg.has(kAck) && seg.seq_space() == 0 && seg.seq == tcb.rcv_nxt &&
         seg.ack == tcb.snd_una && win == tcb.snd_wnd && lag_ms <= tcb.rto / kMicrosPerMs;
}

bool HostStack::note_dsack(Tcb& tcb, std::uint32_t seq, std::uint32_t end) {
  // RFC 2883: the next ACK reports the duplicate [seq, end) in its first SACK block.
  if (!tcb.opt.sack || cfg_.sys[Knob::tcp_dsack] == 0) return false;
  tcb.dsack = {seq, end};
  tcb.dsack_pending = true;
  return true;
}

void HostStack::send_dupack(Tcb& tcb, const Segment& seg, Reason why) {
  // Linux tcp_send_dupack(): the old part of the data is reported with D-SACK.
  if (seg.len > 0 && seq_lt(seg.seq, tcb.rcv_nxt)) {
    note_dsack(tcb, seg.seq,
               seq_gt(seg.seq + seg.len, tcb.rcv_nxt) ? tcb.rcv_nxt : seg.seq + seg.len);
  }
  send_ack(tcb, why);
}

// 2MSL: Linux's TCP_TIMEWAIT_LEN, 60 s; a scenario may shorten it (or drop it) as a what-if.
void HostStack::enter_time_wait(Tcb& tcb) {
  cancel(tcb, TcbTimer::keepalive);
  if (cfg_.time_wait <= 0) {
    destroy(tcb, {Why::time_wait_skipped});
    return;
  }
  arm(tcb, TimerKind::time_wait, cfg_.time_wait);
}

void HostStack::tcb_input(Tcb& tcb, const Segment& seg) {
  if (tcb.state == TcpState::SYN_SENT) {
    syn_sent_input(tcb, seg);
    return;
  }
  if (tcb.state == TcpState::TIME_WAIT) {
    time_wait_input(tcb, seg);
    return;
  }
  // Simultaneous open, second half: our SYN,ACK crossed the peer's. Linux accepts the
  // peer's SYN,ACK although its SYN is left of the window (RFC 9293 Figure 7, line 4).
  if (tcb.state == TcpState::SYN_RECEIVED && seg.has(kSyn) && seg.has(kAck) && !seg.has(kRst) &&
      seg.seq == tcb.irs && seg.ack == tcb.snd_nxt) {
    tcb.snd_una = seg.ack;
    tcb.rtx_queue.clear();
    cancel(tcb, TcbTimer::rtx);
    tcb.retransmits = 0;
    tcb.snd_wnd = seg.win;
    tcb.snd_wl1 = seg.seq;
    tcb.snd_wl2 = seg.ack;
    tcb.last_received = now_;
    set_state(tcb, TcpState::ESTABLISHED, {Why::simultaneous_open_synack});
    send_ack(tcb, {Why::simultaneous_open_synack});
    if (tcb.program != kNone) wake(tcb.program);
    return;
  }

  // 0. PAWS before anything else (RFC 7323 §5.3, Linux tcp_validate_incoming()): an old
  // duplicate with an older timestamp is dropped even if its sequence numbers fit.
  if (paws_reject(tcb, seg, kPawsWindow) && !seg.has(kRst) && !disordered_ack(tcb, seg)) {
    if (seg.has(kSyn)) {
      send_ack(tcb, {Why::challenge_ack});
    } else if (!oow_rate_limited(tcb, seg)) {
      send_dupack(tcb, seg, {Why::paws_reject});
    }
    return;
  }

  // 1. Sequence number check (RFC 9293 §3.10.7.4, first).
  const std::uint32_t wnd = receive_window(tcb);
  const std::uint32_t space = seg.seq_space();
  bool acceptable;
  if (space == 0) {
    acceptable = wnd == 0 ? seg.seq == tcb.rcv_nxt : in_window(seg.seq, tcb.rcv_nxt, wnd);
  } else {
    acceptable = wnd > 0 && (in_window(seg.seq, tcb.rcv_nxt, wnd) ||
                             in_window(seg.seq + space - 1, tcb.rcv_nxt, wnd));
  }
  if (!acceptable) {
    if (seg.has(kRst)) return;  // RFC 5961 §3.2: silently ignore
    if (seg.len > 0 && seq_le(seg.seq + seg.len, tcb.rcv_nxt) &&
        note_dsack(tcb, seg.seq, seg.seq + seg.len)) {
      send_ack(tcb, {Why::dsack_sent});
    } else if (!oow_rate_limited(tcb, seg)) {
      send_ack(tcb, {Why::old_segment_rejected});
    }
    return;
  }
  tcb.last_received = now_;
  tcb.probes_out = 0;
  if (tcb.opt.timestamps && seg.opt.has_timestamp && seq_le(seg.seq, tcb.rcv_nxt)) {
    tcb.ts_recent = seg.opt.ts_val;
    tcb.ts_recent_stamp = now_;
  }

  // 2. RST.
  if (seg.has(kRst)) {
    if (seg.seq != tcb.rcv_nxt) {
      send_ack(tcb, {Why::challenge_ack});  // RFC 5961 §3.2: in window but not exact
      return;
    }
    switch (tcb.state) {
      case TcpState::SYN_RECEIVED:
        tcb.error = AppResult::econnrefused;
        break;
      case TcpState::ESTABLISHED:
      case TcpState::FIN_WAIT_1:
      case TcpState::FIN_WAIT_2:
      case TcpState::CLOSE_WAIT:
        tcb.error = AppResult::econnreset;
        break;
      default:
        break;
    }
    destroy(tcb, {Why::rst_received});
    return;
  }

  // 3. SYN on a synchronized connection: challenge ACK (RFC 5961 §4).
  if (seg.has(kSyn)) {
    send_ack(tcb, {Why::challenge_ack});
    return;
  }

  // 4. ACK.
  if (!seg.has(kAck)) return;
  if (!process_ack(tcb, seg)) return;

  // 5-7. Data and FIN.
  process_data_and_fin(tcb, seg);
}

void HostStack::syn_sent_input(Tcb& tcb, const Segment& seg) {
  if (seg.has(kAck) && (seq_le(seg.ack, tcb.iss) || seq_gt(seg.ack, tcb.snd_nxt))) {
    if (!seg.has(kRst)) send_reset(seg, {Why::ack_unacceptable}, tcb.id);
    return;
  }
  if (seg.has(kRst)) {
    if (!seg.has(kAck)) return;
    tcb.error = AppResult::econnrefused;
    destroy(tcb, {Why::rst_in_syn_sent});
    return;
  }
  if (!seg.has(kSyn)) return;

  tcb.irs = seg.seq;
  tcb.rcv_nxt = seg.seq + 1;
  take_options(tcb, SynOptions::of(seg), true);
  // Our SYN offered a window (without knowing about timestamps yet); it holds from RCV.NXT.
  tcb.rcv_right = tcb.rcv_nxt + syn_window(cfg_.sys, tcb.rcvbuf_set, false);
  tcb.rcv_advertised = true;
  tcb.last_received = now_;
  if (seg.has(kAck)) {
    const Unacked& syn = tcb.rtx_queue.front();
    if (!syn.retransmitted)
      update_rtt(tcb, now_ - syn.first_sent);  // Karn: no sample from retransmissions
    tcb.snd_una = seg.ack;
    tcb.rtx_queue.clear();
    cancel(tcb, TcbTimer::rtx);
    tcb.retransmits = 0;
    tcb.snd_wnd = seg.win;  // a SYN's window is never scaled
    tcb.snd_wl1 = seg.seq;
    tcb.snd_wl2 = seg.ack;
    if (!tcb.have_rtt) tcb.rto = cfg_.sys[Knob::tcp_rto_min_us];
    set_state(tcb, TcpState::ESTABLISHED, {Why::synack_received});
    send_ack(tcb, {Why::synack_received});
    if (tcb.keepalive) arm_keepalive(tcb);
    if (tcb.program != kNone) wake(tcb.program);
    return;
  }
  // A bare SYN: the peer is opening towards us at the same moment.
  set_state(tcb, TcpState::SYN_RECEIVED, {Why::simultaneous_open_syn});
  tcb.snd_wnd = seg.win;
  tcb.snd_wl1 = seg.seq;
  transmit(make_synack(tcb), {Why::simultaneous_open_syn}, tcb.id);
}

void HostStack::time_wait_input(Tcb& tcb, const Segment& seg) {
  // Linux tcp_timewait_state_process(): PAWS with no tolerance here.
  const bool paws = paws_reject(tcb, seg, 0);
  if (!paws && seg.seq == tcb.rcv_nxt && (seg.seq_space() == 0 || seg.has(kRst))) {
    // In window, only a RST or a bare ACK can come. Linux default tcp_rfc1337=0: the RST
    // ends TIME_WAIT. A bare ACK needs no answer (answering it makes two TIME_WAIT ends ACK
    // each other forever) but restarts the 60 s.
    if (seg.has(kRst)) {
      destroy(tcb, {Why::rst_received});
    } else {
      arm(tcb, TimerKind::time_wait, cfg_.time_wait);
    }
    return;
  }
  if (seg.has(kSyn) && !seg.has(kAck) && !seg.has(kRst) && !paws &&
      (seq_gt(seg.seq, tcb.rcv_nxt) ||
       (tcb.opt.timestamps && seg.opt.has_timestamp && tcb.ts_recent_stamp >= 0 &&
        static_cast<std::int32_t>(tcb.ts_recent - seg.opt.ts_val) < 0))) {
    // A new incarnation of the same 4-tuple may take over: a higher ISN (RFC 6191), or with
    // timestamps a newer timestamp, whatever its ISN.
    destroy(tcb, {Why::time_wait_expired});
    input(seg);
    return;
  }
  if (seg.has(kRst)) return;
  // Anything else (a retransmitted FIN, an old duplicate) is ACKed and TIME_WAIT restarts.
  const bool fin_again = seg.has(kFin) && seg.seq + seg.len + 1 == tcb.rcv_nxt;
  if (!oow_rate_limited(tcb, seg)) {
    send_ack(tcb, {fin_again ? Why::time_wait_restart
                   : paws    ? Why::paws_reject
                             : Why::old_segment_rejected});
  }
  if (paws || seg.has(kAck)) arm(tcb, TimerKind::time_wait, cfg_.time_wait);
}

bool HostStack::process_ack(Tcb& tcb, const Segment& seg) {
  if (tcb.state == TcpState::SYN_RECEIVED) {
    if (!(seq_lt(tcb.snd_una, seg.ack) && seq_le(seg.ack, tcb.snd_nxt))) {
      send_reset(seg, {Why::ack_unacceptable}, tcb.id);
      return false;
    }
    set_state(tcb, TcpState::ESTABLISHED, {Why::handshake_ack});
    start_congestion_control(tcb);
    if (tcb.program != kNone) wake(tcb.program);
  }
  if (seq_gt(seg.ack, tcb.snd_nxt)) {
    // Acknowledges something never sent.
    if (!oow_rate_limited(tcb, seg)) send_ack(tcb, {Why::old_segment_rejected});
    return false;
  }
  const std::uint32_t prior_lost = tcb.lost_out;
  std::uint32_t delivered = tcb.opt.sack ? process_sack(tcb, seg) : 0;
  if (seq_lt(seg.ack, tcb.snd_una)) return true;  // an old ACK: only its SACK blocks count
  const std::uint32_t old_wnd = tcb.snd_wnd;
  // RFC 9293 §3.10.7.4 fifth: only SND.UNA =< SEG.ACK =< SND.NXT updates the window, and
  // only from a segment no older than the one that last did (SND.WL1, SND.WL2), so an old,
  // reordered segment cannot shrink it.
  if (seq_lt(tcb.snd_wl1, seg.seq) || (tcb.snd_wl1 == seg.seq && seq_le(tcb.snd_wl2, seg.ack))) {
    tcb.snd_wnd = static_cast<std::uint32_t>(seg.win) << tcb.opt.snd_wscale;
    tcb.snd_wl1 = seg.seq;
    tcb.snd_wl2 = seg.ack;
  }
  tcb.zwp_out = 0;  // the peer is alive: probes start counting again (RFC 1122 §4.2.2.17)

  const bool advanced = seq_gt(seg.ack, tcb.snd_una);
  if (advanced) {
    Micros sample = -1;
    std::uint32_t acked = 0;
    while (!tcb.rtx_queue.empty() && seq_le(tcb.rtx_queue.front().end(), seg.ack)) {
      const Unacked& u = tcb.rtx_queue.front();
      if (!u.retransmitted) sample = now_ - u.first_sent;
      if (!u.sacked) {
        ++acked;
        rack_advance(tcb, u);
      }
      tcb.pop_acked();
    }
    if (sample >= 0) update_rtt(tcb, sample);
    tcb.snd_una = seg.ack;
    delivered += tcb.opt.sack ? acked : reno_acked(tcb, acked);
    tcb.retransmits = 0;
    tcb.tlp_sent = false;
    tcb.first_retransmit_at = kNever;
    cancel(tcb, TcbTimer::rtx);
    if (tcb.fin_sent && seq_ge(seg.ack, tcb.fin_seq + 1)) {
      switch (tcb.state) {
        case TcpState::FIN_WAIT_1:
          set_state(tcb, TcpState::FIN_WAIT_2, {Why::fin_acked});
          if (tcb.orphaned) {
            arm(tcb, TimerKind::fin_wait_2, cfg_.sys[Knob::tcp_fin_timeout] * kMicrosPerSec);
          }
          break;
        case TcpState::CLOSING:
          if (time_wait_table_full()) {
            destroy(tcb, {Why::time_wait_overflow, cfg_.sys[Knob::tcp_max_tw_buckets]});
            return false;
          }
          set_state(tcb, TcpState::TIME_WAIT, {Why::time_wait_enter, 0, cfg_.time_wait});
          enter_time_wait(tcb);
          return false;
        case TcpState::LAST_ACK:
          destroy(tcb, {Why::last_ack_acked});
          return false;
        default:
          break;
      }
    }
  } else if (!tcb.opt.sack && seg.len == 0 && !seg.has(kFin) && tcb.flight_size() > 0 &&
             tcb.snd_wnd == old_wnd) {
    // Duplicate ACK (RFC 5681 §2): nothing new acknowledged, no data, window unchanged.
    // Without SACK it is all the sender learns of a segment that arrived beyond a hole.
    delivered += reno_dupack(tcb);
  }

  detect_losses(tcb, advanced);
  update_congestion(tcb, delivered, advanced, tcb.lost_out > prior_lost);
  after_ack_output(tcb);
  if (advanced && tcb.program != kNone) wake(tcb.program);
  return true;
}

void HostStack::process_data_and_fin(Tcb& tcb, const Segment& seg) {
  const bool can_receive = tcb.state == TcpState::ESTABLISHED ||
                           tcb.state == TcpState::FIN_WAIT_1 || tcb.state == TcpState::FIN_WAIT_2;
  std::uint32_t seq = seg.seq;
  std::uint32_t len = seg.len;
  const bool fin = seg.has(kFin);
  bool held_fin_reached = false;  // the hole before a held FIN just filled
  if ((len > 0 || (fin && seq_gt(seq, tcb.rcv_nxt))) && can_receive) {
    if (len > 0 && (tcb.orphaned || tcb.shut_rd) && seq_gt(seq + len, tcb.rcv_nxt)) {
      // Nobody will ever read this: Linux resets the connection (tcp_rcv_state_process
      // returns 1 and tcp_v4_do_rcv answers the segment itself: a bare RST whose seq is
      // the segment's ACK field, as for a segment to no connection).
      send_reset(seg, {Why::rst_data_after_close}, tcb.id);
      destroy(tcb, {Why::rst_data_after_close});
      return;
    }
    if (len > 0 && seq_lt(seq, tcb.rcv_nxt)) {  // partly old: keep the new part, report the rest
      const std::uint32_t overlap = tcb.rcv_nxt - seq;
      note_dsack(tcb, seq, tcb.rcv_nxt);
      seq = tcb.rcv_nxt;
      len -= overlap;
    }
    if (len > 0 && seq == tcb.rcv_nxt) {
      const bool filled_hole = !tcb.out_of_order.empty();
      tcb.rcv_nxt += len;
      tcb.rcv_unread += len;
      tcb.data_received = true;
      tcb.last_data_in = now_;
      // Receive-buffer autotuning (Linux tcp_grow_window): each full segment lets the window
      // grow by two more, up to the buffer's limit, while there is room.
      if (len >= effective_mss(tcb) && tcb.rcv_space < tcb.rcv_space_max &&
          tcb.rcv_unread < tcb.rcv_space / 2) {
        tcb.rcv_space =
            std::min<std::int64_t>(tcb.rcv_space + 2 * effective_mss(tcb), tcb.rcv_space_max);
      }
      // Pull in out-of-order blocks that now continue the stream.
      bool merged = true;
      while (merged) {
        merged = false;
        for (auto it = tcb.out_of_order.begin(); it != tcb.out_of_order.end(); ++it) {
          if (seq_le(it->left, tcb.rcv_nxt)) {
            // A held FIN's block ends one past the FIN: only the data is read.
            const std::uint32_t right = tcb.fin_out_of_order && seq_gt(it->right, tcb.peer_fin_seq)
                                            ? tcb.peer_fin_seq
                                            : it->right;
            if (seq_gt(right, tcb.rcv_nxt)) {
              tcb.rcv_unread += right - tcb.rcv_nxt;
              tcb.rcv_nxt = right;
            }
            tcb.out_of_order.erase(it);
            merged = true;
            break;
          }
        }
      }
      tcb.bytes_since_ack += len;
      const std::uint32_t mss = effective_mss(tcb);
      held_fin_reached = tcb.fin_out_of_order && tcb.rcv_nxt == tcb.peer_fin_seq;
      if (held_fin_reached) {
        // One ACK, after the FIN below (Linux tcp_ofo_queue() meets the FIN, then ACKs).
      } else if (tcb.dsack_pending) {
        send_ack(tcb, {Why::dsack_sent});
      } else if (filled_hole) {
        send_ack(tcb, {Why::data_received});
      } else if (tcb.quick_acks > 0 && !tcb.pingpong) {
        --tcb.quick_acks;
        send_ack(tcb, {Why::ack_sent_quick});
      } else if (tcb.bytes_since_ack >= 2 * mss) {
        send_ack(tcb, {Why::data_received});  // RFC 1122: ACK at least every second full segment
      } else {
        schedule_ack(tcb, false, {Why::ack_sent_delayed});
      }
      if (tcb.program != kNone) wake(tcb.program);
    } else if (seq_gt(seq, tcb.rcv_nxt)) {
      // Beyond a hole: remember it and tell the sender at once (duplicate ACK + SACK). A FIN
      // is held too, its sequence number inside the block, until the hole fills.
      SackBlock b{seq, seq + len + (fin ? 1 : 0)};
      if (fin) {
        tcb.fin_out_of_order = true;
        tcb.peer_fin_seq = seq + len;
      }
      for (auto it = tcb.out_of_order.begin(); it != tcb.out_of_order.end();) {
        if (seq_le(it->left, b.right) && seq_le(b.left, it->right)) {
          b.left = seq_lt(it->left, b.left) ? it->left : b.left;
          b.right = seq_gt(it->right, b.right) ? it->right : b.right;
          it = tcb.out_of_order.erase(it);
        } else {
          ++it;
        }
      }
      tcb.out_of_order.insert(tcb.out_of_order.begin(), b);
      send_ack(tcb, {Why::ack_out_of_order});
      return;
    }
  }

  if (!held_fin_reached && (!fin || seg.seq + seg.len != tcb.rcv_nxt)) return;
  // Nothing can follow a FIN: forget (and stop SACKing) data received beyond it, as Linux
  // tcp_fin() purges its out-of-order queue (RFC 9293 §3.10.7.4 eighth: FIN ends the stream).
  tcb.out_of_order.clear();
  tcb.fin_out_of_order = false;
  switch (tcb.state) {
    case TcpState::ESTABLISHED:
    case TcpState::SYN_RECEIVED:
      tcb.rcv_nxt += 1;
      tcb.fin_received = true;
      set_state(tcb, TcpState::CLOSE_WAIT, {Why::fin_received});
      // Linux leaves the ACK of a FIN pending: it goes out when the application reads the
      // EOF, rides on our own FIN if we close at once (capture 01: three segments), or when
      // the delayed-ACK timer fires. A FIN held beyond a hole that just filled is ACKed at
      // once with the data (the out-of-order queue emptied: Linux ICSK_ACK_NOW).
      if (held_fin_reached) {
        send_ack(tcb, {Why::data_received});
      } else {
        schedule_ack(tcb, false, {Why::ack_sent_delayed});
      }
      break;
    case TcpState::FIN_WAIT_1:
      tcb.rcv_nxt += 1;
      tcb.fin_received = true;
      set_state(tcb, TcpState::CLOSING, {Why::simultaneous_close});
      send_ack(tcb, {Why::simultaneous_close});
      break;
    case TcpState::FIN_WAIT_2:
      tcb.rcv_nxt += 1;
      tcb.fin_received = true;
      cancel(tcb, TcbTimer::close);
      if (time_wait_table_full()) {  // Linux still ACKs the FIN, then forgets
        send_ack(tcb, {Why::fin_received});
        destroy(tcb, {Why::time_wait_overflow, cfg_.sys[Knob::tcp_max_tw_buckets]});
        break;
      }
      set_state(tcb, TcpState::TIME_WAIT, {Why::time_wait_enter, 0, cfg_.time_wait});
      send_ack(tcb, {Why::fin_received});
      enter_time_wait(tcb);
      break;
    default:
      send_ack(tcb, {Why::old_segment_rejected});  // a FIN we already have
      return;
  }
  if (tcb.program != kNone) wake(tcb.program);
}

}  // namespace synack
