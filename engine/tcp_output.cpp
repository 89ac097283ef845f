// Building segments and deciding what to send: data within the peer's window, FIN after
// the data, ACKs (at once or delayed), resets.
#include <algorithm>

#include "host_stack.hpp"
#include "kernel_constants.hpp"

namespace synack {
namespace {

constexpr std::int64_t kReceiveSpace = 64512;  // bytes we offer once established

std::int8_t our_wscale(const Sysctls& sys) {
  return sys.window_scale();
}

}  // namespace

std::uint32_t HostStack::effective_mss(const Tcb& tcb) const {
  const std::uint32_t mss = std::min<std::uint32_t>(tcb.opt.peer_mss, tcb.our_mss);
  return mss - (tcb.opt.timestamps ? 12 : 0);  // the timestamp option takes 12 bytes
}

std::uint16_t HostStack::advertised_window(const Tcb& tcb, bool syn) const {
  if (syn) {
    // Linux offers a whole number of MSS-sized segments in the SYN: 44 x 1460 or 45 x 1448.
    return tcb.state == TcpState::SYN_SENT || !tcb.opt.timestamps ? 64240 : 65160;
  }
  const std::int64_t free_space = std::max<std::int64_t>(0, kReceiveSpace - tcb.rcv_unread);
  return static_cast<std::uint16_t>(
      std::min<std::int64_t>(65535, free_space >> tcb.opt.rcv_wscale));
}

Segment HostStack::make_segment(const Tcb& tcb, std::uint32_t seq, std::uint8_t flags,
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

Segment HostStack::make_synack(const Tcb& tcb) {
  Segment s = make_segment(tcb, tcb.iss, kSyn | kAck, 0);
  s.opt.mss = tcb.our_mss;
  s.opt.sack_permitted = tcb.opt.sack;
  if (tcb.opt.snd_wscale > 0 || tcb.opt.rcv_wscale > 0) s.opt.wscale = tcb.opt.rcv_wscale;
  return s;
}

Segment HostStack::request_synack(SockAddr local, SockAddr remote, std::uint32_t iss,
                                  std::uint32_t irs, const SynOptions& syn) {
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
  s.win = ts ? 65160 : 64240;  // a whole number of segments: 45 x 1448 or 44 x 1460
  if (ts) {
    s.opt.has_timestamp = true;
    s.opt.ts_val = static_cast<std::uint32_t>(now_ / kMicrosPerMs) + ts_hash_(local, remote);
    s.opt.ts_ecr = syn.ts_val;
  }
  if (syn.wscale >= 0 && sys[Knob::tcp_window_scaling]) s.opt.wscale = sys.window_scale();
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
    if (sys[Knob::tcp_window_scaling]) s.opt.wscale = our_wscale(sys);
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

void HostStack::output(Tcb& tcb, Reason why) {
  // After a timeout Linux's congestion window is one segment: the retransmission is all
  // that may be in flight until everything sent before the timeout is acknowledged.
  if (tcb.rto_recovery && seq_ge(tcb.snd_una, tcb.recovery_point)) tcb.rto_recovery = false;
  if (tcb.rto_recovery) return;
  const std::uint32_t mss = effective_mss(tcb);
  // The counterfactual ignores the MSS: a segment is as large as one IP datagram can be, and
  // IP fragments it (network.cpp).
  const std::uint32_t largest =
      cfg_.ignores_mss ? kMaxIpDatagram - kIpHeader - 20 - (tcb.opt.timestamps ? 12 : 0) : mss;
  int count = 0;
  while (tcb.unsent > 0) {
    const std::int64_t room = static_cast<std::int64_t>(tcb.snd_wnd) - tcb.flight_size();
    if (room <= 0) break;  // zero window: wait (no persist timer, see docs/engine.md)
    const auto len =
        static_cast<std::uint32_t>(std::min<std::int64_t>({largest, tcb.unsent, room}));
    std::uint8_t flags = kAck;
    if (len == tcb.unsent) flags |= kPsh;
    if (len == tcb.unsent && tcb.fin_pending && !tcb.fin_sent) flags |= kFin;
    Segment s = make_segment(tcb, tcb.snd_nxt, flags, len);
    ++count;
    Reason r = why;
    if (why.why == Why::data_sent && (count > 1 || len < tcb.unsent))
      r = {Why::data_segmented, count, mss};
    if (why.why == Why::data_sent && len > mss) r = {Why::data_ignores_mss, len, mss};
    Unacked u;
    u.seq = tcb.snd_nxt;
    u.len = len;
    u.flags = flags & (kFin | kPsh);  // a retransmission repeats the original flags
    u.first_sent = now_;
    tcb.unsent -= len;
    tcb.snd_nxt += s.seq_space();
    if (flags & kFin) {
      tcb.fin_sent = true;
      tcb.fin_seq = s.seq + len;
    }
    u.first_record = transmit(s, r, tcb.id);
    tcb.rtx_queue.push_back(u);
    tcb.ack_pending = false;
    tcb.dsack_pending = false;
  }
  if (tcb.fin_pending && !tcb.fin_sent && tcb.unsent == 0) {
    Segment s = make_segment(tcb, tcb.snd_nxt, kFin | kAck, 0);
    Unacked u;
    u.seq = tcb.snd_nxt;
    u.flags = kFin;
    u.first_sent = now_;
    tcb.fin_sent = true;
    tcb.fin_seq = tcb.snd_nxt;
    tcb.snd_nxt += 1;
    u.first_record = transmit(s, why, tcb.id);
    tcb.rtx_queue.push_back(u);
    tcb.ack_pending = false;
    tcb.dsack_pending = false;
  }
  if (!tcb.ack_pending) cancel(tcb, TcbTimer::delack);
  arm_retransmit(tcb);
}

void HostStack::arm_retransmit(Tcb& tcb) {
  if (tcb.rtx_queue.empty() || tcb.rtx_timer.armed()) return;
  const Sysctls& sys = cfg_.sys;
  const bool tlp_on = (sys[Knob::tcp_early_retrans] == 3 || sys[Knob::tcp_early_retrans] == 4) &&
                      tcb.opt.sack && !tcb.tlp_sent && tcb.retransmits == 0 &&
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
  u.lost = false;
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
