// A listening socket: the SYN (half-open) queue of requests, the accept queue of
// established connections, and SYN cookies for when the SYN queue is full.
#include <algorithm>

#include "host_stack.hpp"
#include "kernel_constants.hpp"

namespace synack {
namespace {

constexpr Micros kCookieValid = 2 * 60 * kMicrosPerSec;  // Linux TCP_SYNCOOKIE_VALID
constexpr std::uint32_t kTsOptionBits = 0x3f;            // low TS bits carry options in a cookie
constexpr std::uint32_t kTsSackBit = 0x10;
constexpr std::uint32_t kTsNoWscale = 0x0f;

std::uint64_t remote_key(SockAddr a) {
  return (std::uint64_t{a.addr} << 16) | a.port;
}

}  // namespace

void HostStack::listener_input(Listener& l, const Segment& seg) {
  if (seg.has(kRst)) {
    // A reset inside a pending request's window removes it (Linux tcp_check_req(), which has
    // no RFC 5961 challenge); otherwise there is nothing to reset.
    if (auto it = l.syn_queue.find(seg.src);
        it != l.syn_queue.end() && request_in_window(l, it->second, seg)) {
      const std::uint32_t conn = remove_request(l, it);
      emit_state(conn, TcpState::SYN_RECEIVED, TcpState::CLOSED, {Why::rst_received});
      emit_queue(l, {Why::rst_received});
    }
    return;
  }
  if (seg.has(kSyn) && seg.has(kFin) && !seg.has(kAck) && !l.syn_queue.contains(seg.src)) {
    // Linux drops SYN+FIN at a listener without a word: a scanner's probe, not an open.
    emit_queue(l, {Why::syn_fin_dropped});
    return;
  }
  if (seg.has(kSyn) && !seg.has(kAck)) {
    listener_syn(l, seg);
  } else if (seg.has(kAck) && !seg.has(kSyn)) {
    listener_ack(l, seg);
  } else if (seg.has(kAck)) {
    send_reset(seg, {Why::ack_unacceptable});  // SYN,ACK to a listener
  }
}

void HostStack::send_synack(const Listener& l, Request& req, Reason why,
                            std::uint32_t retransmit_of) {
  const Segment s = request_synack(req.local, req.remote, req.iss, req.irs, req.syn, l.rcvbuf);
  const std::uint32_t record = transmit(s, why, req.conn, retransmit_of);
  if (retransmit_of == kNoIndex) req.first_synack_record = record;
}

std::uint16_t HostStack::request_window(const Listener& l, const Request& req) const {
  return syn_window(cfg_.sys, l.rcvbuf, req.syn.has_timestamp && cfg_.sys[Knob::tcp_timestamps]);
}

bool HostStack::request_in_window(const Listener& l, const Request& req, const Segment& seg) const {
  // Linux tcp_in_window(): the segment starts at RCV.NXT, or overlaps the window the
  // SYN-ACK offered.
  const std::uint32_t rcv_nxt = req.irs + 1;
  const std::uint32_t end = seg.seq + seg.seq_space();
  return seg.seq == rcv_nxt ||
         (seq_gt(end, rcv_nxt) && seq_lt(seg.seq, rcv_nxt + request_window(l, req)));
}

void HostStack::send_request_ack(const Listener& l, const Request& req) {
  Segment ack;
  ack.src = req.local;
  ack.dst = req.remote;
  ack.seq = req.iss + 1;
  ack.ack = req.irs + 1;
  ack.flags = kAck;
  ack.win = request_window(l, req);
  transmit(ack, {Why::old_segment_rejected}, req.conn);
}

void HostStack::listener_syn(Listener& l, const Segment& seg) {
  const Sysctls& sys = cfg_.sys;
  const SockAddr local = seg.dst;
  const SockAddr remote = seg.src;

  if (auto it = l.syn_queue.find(remote); it != l.syn_queue.end()) {
    Request& req = it->second;
    if (seg.seq == req.irs) {
      // Linux answers a retransmitted SYN for a pending request with its SYN-ACK at once
      // and restarts the request timer with the current backoff.
      const Micros next = std::min(kInitialRto << req.num_timeout, kMaxRto);
      send_synack(l, req, {Why::dup_syn_resend_synack}, req.first_synack_record);
      arm_request_timer(l, req, next);
    } else if (!request_in_window(l, req, seg)) {
      send_request_ack(l, req);  // an old SYN: ACK and drop (tcp_check_req)
    } else {
      // A SYN inside the window the SYN-ACK offered: RFC 9293 §3.10.7.4 fourth, the request
      // is reset (Linux's "embryonic reset").
      const std::uint32_t conn = remove_request(l, it);
      send_reset(seg, {Why::syn_in_request_window}, conn);
      emit_state(conn, TcpState::SYN_RECEIVED, TcpState::CLOSED, {Why::syn_in_request_window});
      emit_queue(l, {Why::syn_in_request_window});
    }
    return;
  }
  if (l.accept_queue_full()) {
    emit_queue(l, {Why::accept_queue_full_syn_drop});
    return;
  }
  const std::int64_t cookies = sys[Knob::tcp_syncookies];
  const bool want_cookie = cookies == 2 || (cookies == 1 && l.syn_queue_full());
  if (!want_cookie) {
    const std::int64_t max_syn_backlog = sys[Knob::tcp_max_syn_backlog];
    const auto qlen = static_cast<std::int64_t>(l.syn_queue.size());
    if (l.syn_queue_full() || (cookies == 0 && max_syn_backlog - qlen < (max_syn_backlog >> 2))) {
      emit_queue(l, {Why::syn_queue_full_drop});
      return;
    }
  }

  if (want_cookie) {
    // No state at all: everything needed later is folded into the ISN (and TS value).
    l.last_overflow = now_;
    CookieFields fields;
    Request req;
    req.local = local;
    req.remote = remote;
    req.irs = seg.seq;
    req.syn = SynOptions::of(seg);
    req.iss = cookies_.make(now_, local, remote, seg.seq, seg.opt.mss ? seg.opt.mss : 536, &fields);
    req.conn = 0;
    const Why why = cookies == 2 ? Why::syn_cookie_always : Why::syn_queue_full_cookie;
    // The request's SYN-ACK, with the TS value carrying the options the cookie cannot.
    Segment s = request_synack(local, remote, req.iss, req.irs, req.syn, l.rcvbuf);
    if (s.opt.has_timestamp) {
      std::uint32_t options =
          s.opt.wscale >= 0 ? static_cast<std::uint32_t>(seg.opt.wscale) & 0x0f : kTsNoWscale;
      if (s.opt.sack_permitted) options |= kTsSackBit;
      s.opt.ts_val = (s.opt.ts_val & ~kTsOptionBits) | options;
    }
    transmit(s, {why, fields.mss_index, fields.counter}, 0);
    return;
  }

  if (cfg_.two_way_handshake) {
    listener_syn_two_way(l, seg);
    return;
  }

  Request req;
  req.conn = env_.new_conn_id();
  req.local = local;
  req.remote = remote;
  req.irs = seg.seq;
  req.syn = SynOptions::of(seg);
  req.iss = isn_.next(now_, local, remote);
  req.created = now_;
  Request& stored = l.syn_queue.emplace(remote, req).first->second;
  ++l.young;
  emit_state(stored.conn, TcpState::LISTEN, TcpState::SYN_RECEIVED, {Why::syn_received_listen});
  emit_queue(l, {Why::syn_queue_add});
  send_synack(l, stored, {Why::syn_received_listen}, kNoIndex);
  arm_request_timer(l, stored, kInitialRto);
}

std::uint32_t HostStack::remove_request(Listener& l, SynQueue::iterator it) {
  const Request& req = it->second;
  const std::uint32_t conn = req.conn;
  if (req.num_timeout == 0) --l.young;
  const bool armed = req.timer.armed();
  if (armed) emit_timer(conn, TimerKind::synack_retransmit, TimerAction::cancelled, 0);
  l.syn_queue.erase(it);
  if (armed) went_stale();
  return conn;
}

void HostStack::arm_request_timer(Listener& l, Request& req, Micros delay) {
  const bool replaces = req.timer.armed();
  req.timer.deadline = now_ + delay;
  ++req.timer.generation;
  if (replaces) went_stale();
  push_timer(req.timer.deadline, Due::request_timer, l.id, TcbTimer::rtx, req.timer.generation,
             remote_key(req.remote));
  emit_timer(req.conn, TimerKind::synack_retransmit, TimerAction::armed, req.timer.deadline);
}

// The counterfactual two-way handshake: the SYN alone establishes the connection, which
// goes straight to the accept queue; nothing waits to see whether the client meant it.
void HostStack::listener_syn_two_way(Listener& l, const Segment& seg) {
  Tcb& t = create_child(l, seg.dst, seg.src, isn_.next(now_, seg.dst, seg.src), seg.seq,
                        SynOptions::of(seg), 0);
  emit_state(t.id, TcpState::LISTEN, TcpState::SYN_RECEIVED, {Why::two_way_established});
  t.snd_wnd = seg.win;
  t.snd_wl1 = seg.seq;
  set_state(t, TcpState::ESTABLISHED, {Why::two_way_established});
  transmit(make_synack(t), {Why::two_way_established}, t.id);
  t.in_accept_queue = true;
  l.accept_queue.push_back(t.id);
  emit_queue(l, {Why::accept_queue_add});
  if (l.program != kNone) wake(l.program);
}

Tcb& HostStack::create_child(Listener& l, SockAddr local, SockAddr remote, std::uint32_t iss,
                             std::uint32_t irs, const SynOptions& syn, std::uint32_t conn) {
  Tcb& t = conn != 0 ? tcbs_.create(conn) : new_tcb();
  if (conn != 0) {  // the request's id becomes the connection's
    t.id = conn;
    t.host = cfg_.index;
    t.our_mss = mss();
  }
  t.listener = l.id;
  t.state = TcpState::SYN_RECEIVED;
  t.local = local;
  t.remote = remote;
  t.iss = iss;
  t.snd_una = iss + 1;
  t.snd_nxt = iss + 1;
  t.irs = irs;
  t.rcv_nxt = irs + 1;
  t.ts_offset = ts_hash_(local, remote);
  t.rcvbuf_set = l.rcvbuf;
  t.sndbuf = l.sndbuf;
  t.nodelay = l.nodelay;
  init_receive_buffer(t, l.rcvbuf);
  take_options(t, syn, true);
  // The SYN-ACK already offered a window: later ones may not pull its right edge back.
  t.rcv_right = t.rcv_nxt + syn_window(cfg_.sys, l.rcvbuf, t.opt.timestamps);
  t.rcv_advertised = true;
  t.rto = cfg_.sys[Knob::tcp_rto_min_us];
  t.last_received = now_;
  conns_[conn_key(local, remote)] = t.id;
  return t;
}

void HostStack::listener_ack(Listener& l, const Segment& seg) {
  const Sysctls& sys = cfg_.sys;
  Tcb* child = nullptr;
  Micros rtt = -1;

  if (auto it = l.syn_queue.find(seg.src); it != l.syn_queue.end()) {
    Request& req = it->second;
    if (seg.ack != req.iss + 1) {
      send_reset(seg, {Why::ack_unacceptable}, req.conn);
      return;
    }
    // RFC 9293 §3.10.7.4 first: the segment must fall in the window the SYN-ACK offered;
    // otherwise ACK and drop it (Linux tcp_check_req()).
    if (!request_in_window(l, req, seg)) {
      send_request_ack(l, req);
      return;
    }
    if (l.accept_queue_full()) {
      if (sys[Knob::tcp_abort_on_overflow]) {
        const std::uint32_t conn = remove_request(l, it);
        send_reset(seg, {Why::rst_accept_overflow}, conn);
        emit_state(conn, TcpState::SYN_RECEIVED, TcpState::CLOSED, {Why::rst_accept_overflow});
        emit_queue(l, {Why::rst_accept_overflow});
      } else {
        req.acked = true;  // keep the request; its SYN-ACK timer goes on
        emit_queue(l, {Why::accept_queue_full_ack_drop});
      }
      return;
    }
    if (req.num_timeout == 0) rtt = now_ - req.created;
    const Request done = req;
    remove_request(l, it);
    child = &create_child(l, done.local, done.remote, done.iss, done.irs, done.syn, done.conn);
  } else {
    const std::int64_t cookies = sys[Knob::tcp_syncookies];
    const bool recent_overflow = l.last_overflow >= 0 && now_ - l.last_overflow < kCookieValid;
    std::optional<CookieFields> fields;
    if (cookies == 2 || (cookies == 1 && recent_overflow)) {
      fields = cookies_.check(now_, seg.dst, seg.src, seg.seq - 1, seg.ack - 1);
    }
    if (!fields) {
      send_reset(seg, {Why::rst_ack_in_listen});
      return;
    }
    if (l.accept_queue_full()) {
      // The cookie path never answers with RST: tcp_abort_on_overflow does not apply here.
      emit_queue(l, {Why::accept_queue_full_ack_drop});
      return;
    }
    // Rebuild the SYN's options from the cookie and the echoed TS value.
    SynOptions syn;
    syn.mss = kCookieMssTable[fields->mss_index];
    if (seg.opt.has_timestamp) {
      const std::uint32_t bits = seg.opt.ts_ecr & kTsOptionBits;
      syn.has_timestamp = true;
      syn.ts_val = seg.opt.ts_val;
      syn.sack_permitted = (bits & kTsSackBit) != 0;
      if ((bits & 0x0f) != kTsNoWscale) syn.wscale = static_cast<std::int8_t>(bits & 0x0f);
    }
    child = &create_child(l, seg.dst, seg.src, seg.ack - 1, seg.seq - 1, syn, 0);
    emit_state(child->id, TcpState::LISTEN, TcpState::SYN_RECEIVED,
               {Why::syn_cookie_valid, fields->mss_index});
  }

  Tcb& t = *child;
  if (rtt >= 0) update_rtt(t, rtt);
  t.snd_wnd = static_cast<std::uint32_t>(seg.win) << t.opt.snd_wscale;
  t.snd_wl1 = seg.seq;
  t.snd_wl2 = seg.ack;
  set_state(t, TcpState::ESTABLISHED,
            {seg.len > 0 ? Why::handshake_done_by_data : Why::handshake_ack});
  t.in_accept_queue = true;
  l.accept_queue.push_back(t.id);
  emit_queue(l, {Why::accept_queue_add});
  process_data_and_fin(t, seg);
  if (l.program != kNone) wake(l.program);
}

void HostStack::close_listener(Listener& l) {
  if (!l.open) return;
  l.open = false;
  std::erase_if(listener_ports_, [&](const auto& e) { return e.first == l.port; });
  // In the peers' address order, as Linux's ordered table would list them.
  std::vector<SockAddr> remotes;
  for (const auto& [remote, req] : l.syn_queue) remotes.push_back(remote);
  std::sort(remotes.begin(), remotes.end());
  for (SockAddr remote : remotes) {
    const std::uint32_t conn = remove_request(l, l.syn_queue.find(remote));
    emit_state(conn, TcpState::SYN_RECEIVED, TcpState::CLOSED, {Why::rst_listener_closed});
  }
  // Connections nobody accepted are reset (Linux inet_csk_listen_stop).
  while (!l.accept_queue.empty()) {
    const std::uint32_t id = l.accept_queue.front();
    l.accept_queue.pop_front();
    if (Tcb* t = find_tcb(id)) {
      send_active_reset(*t, {Why::rst_listener_closed});
      destroy(*t, {Why::rst_listener_closed});
    }
  }
  emit_queue(l, {Why::rst_listener_closed});
  emit_state(l.conn, TcpState::LISTEN, TcpState::CLOSED, {Why::app_call});
}

}  // namespace synack
