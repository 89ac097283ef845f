// The socket calls as the kernel side sees them: each either finishes (done) or would block
// (blocked: World's program runner calls it again when the stack wakes the program). Each
// reports itself as an app event, the way strace would show it.
#include <algorithm>

#include "host_stack.hpp"

namespace synack {
namespace {

bool is_open_for_send(TcpState s) {
  return s == TcpState::ESTABLISHED || s == TcpState::CLOSE_WAIT;
}

// Why a call failed, in the words a student needs.
Reason failure_reason(AppResult r, int retransmits = 0) {
  switch (r) {
    case AppResult::etimedout:
      return {Why::syn_gave_up, retransmits};
    case AppResult::econnrefused:
      return {Why::rst_in_syn_sent};
    case AppResult::econnreset:
      return {Why::rst_received};
    default:
      return {Why::app_call};
  }
}

constexpr Reason kCall{Why::app_call};

}  // namespace

CallStatus HostStack::socket_call(Micros now, Process& p, const StepSpec& s, SockAddr remote) {
  switch (s.call) {
    case AppCall::listen:
      return listen(now, p, s);
    case AppCall::accept:
      return accept(now, p);
    case AppCall::connect:
      return connect(now, p, s, remote);
    case AppCall::send:
      return send(now, p, s);
    case AppCall::recv:
      return recv(now, p, s);
    case AppCall::shutdown:
      return shutdown(now, p, s);
    case AppCall::close:
    case AppCall::abort:
      return close(now, p, s.call);
    case AppCall::keepalive:
      return keepalive(now, p, s);
    case AppCall::setsockopt:
      return setsockopt(now, p, s);
    default:
      return CallStatus::done;  // not a socket call: the program runner handles it
  }
}

CallStatus HostStack::listen(Micros now, Process& p, const StepSpec& s) {
  enter(now);
  if (listener_on(s.port)) {
    emit_app(AppCall::listen, AppResult::eaddrinuse, s.port, kCall);
    return CallStatus::done;
  }
  Listener& l = listeners_.emplace_back();
  l.id = static_cast<std::uint32_t>(listeners_.size() - 1);
  l.conn = env_.new_conn_id();
  l.host = cfg_.index;
  l.port = s.port;
  l.program = p.id;
  l.rcvbuf = p.rcvbuf;
  l.sndbuf = p.sndbuf;
  l.nodelay = p.nodelay;
  l.backlog = static_cast<int>(std::min<std::int64_t>(s.backlog, cfg_.sys[Knob::somaxconn]));
  listener_ports_.emplace_back(s.port, l.id);
  p.listener = l.id;
  emit_state(l.conn, TcpState::CLOSED, TcpState::LISTEN, {Why::listen_opened});
  emit_app(AppCall::listen, AppResult::ok, l.backlog, {Why::listen_opened}, l.conn);
  emit_queue(l, {Why::listen_opened});
  return CallStatus::done;
}

CallStatus HostStack::accept(Micros now, Process& p) {
  enter(now);
  Listener* l = p.listener != kNone ? &listeners_[p.listener] : nullptr;
  if (!l || !l->open) {
    emit_app(AppCall::accept, AppResult::enotconn, 0, kCall);
    return CallStatus::done;
  }
  while (!l->accept_queue.empty()) {
    const std::uint32_t id = l->accept_queue.front();
    l->accept_queue.pop_front();
    Tcb* t = find_tcb(id);
    if (!t) continue;  // reset while it waited
    t->in_accept_queue = false;
    t->program = p.id;
    p.owned.push_back(id);
    p.conn = id;
    emit_queue(*l, {Why::accept_returned});
    emit_app(AppCall::accept, AppResult::ok, 0, {Why::accept_returned}, id);
    return CallStatus::done;
  }
  if (!p.step_started) {
    p.step_started = true;
    emit_app(AppCall::accept, AppResult::blocked, 0, kCall);
  }
  return CallStatus::blocked;
}

CallStatus HostStack::connect(Micros now, Process& p, const StepSpec& s, SockAddr remote) {
  enter(now);
  Tcb* tcb = p.conn != kNone ? tcbs_.find(p.conn) : nullptr;
  const bool alive = tcb && tcb->id != kNone;
  if (!p.step_started) {
    p.step_started = true;
    SockAddr local{cfg_.addr, s.local_port};
    if (local.port == 0) {
      const auto port = pick_local_port(remote);
      if (!port) {
        const KnobValue& range = cfg_.sys.value(Knob::ip_local_port_range);
        emit_app(AppCall::connect, AppResult::eaddrnotavail, 0,
                 {Why::no_local_port, range[0], range[1]});
        return CallStatus::done;
      }
      local.port = *port;
    }
    std::optional<std::uint32_t> reused_snd_nxt;
    if (auto it = conns_.find(conn_key(local, remote)); it != conns_.end()) {
      Tcb& old = *tcbs_.find(it->second);
      if (!time_wait_reusable(old)) {
        emit_app(AppCall::connect, AppResult::eaddrinuse, 0, kCall, old.id);
        return CallStatus::done;
      }
      reused_snd_nxt = old.snd_nxt;
      destroy(old, {Why::time_wait_reused});
    }
    Tcb& t = new_tcb();
    t.program = p.id;
    p.owned.push_back(t.id);
    t.local = local;
    t.remote = remote;
    // A reused TIME_WAIT 4-tuple starts above everything the old connection sent
    // (Linux: tw_snd_nxt + 65535 + 2), so its old segments cannot fall in the new window.
    t.iss = reused_snd_nxt ? *reused_snd_nxt + 65537 : isn_.next(now_, local, remote);
    t.ts_offset = ts_hash_(local, remote);
    t.rto = kMicrosPerSec;
    t.retrans_stamp = now_;
    t.keepalive = p.keepalive;
    t.ka_idle_s = p.ka_idle_s;
    t.ka_intvl_s = p.ka_intvl_s;
    t.ka_probes = p.ka_probes;
    t.rcvbuf_set = p.rcvbuf;
    t.sndbuf = p.sndbuf;
    t.nodelay = p.nodelay;
    init_receive_buffer(t, p.rcvbuf);
    conns_[conn_key(local, remote)] = t.id;
    p.conn = t.id;
    emit_app(AppCall::connect, AppResult::blocked, s.port, {Why::connect_sends_syn}, t.id);
    set_state(t, TcpState::SYN_SENT, {Why::connect_sends_syn});
    send_syn(t, false, {Why::connect_sends_syn});
    arm(t, TimerKind::syn_retransmit, t.rto);
    p.call_deadline = s.timeout > 0 ? now_ + s.timeout : kNever;
    if (s.timeout > 0) env_.wake_program_at(p.id, p.call_deadline);
    leave();
    return CallStatus::blocked;
  }
  if (alive && tcb->state != TcpState::SYN_SENT && tcb->state != TcpState::SYN_RECEIVED) {
    emit_app(AppCall::connect, AppResult::ok, tcb->local.port, kCall, tcb->id);
    return CallStatus::done;
  }
  if (alive && now_ >= p.call_deadline) {
    // The program's own timeout (like Python's settimeout): it gives up and closes the
    // socket; the kernel forgets the half-open attempt without sending anything.
    emit_app(AppCall::connect, AppResult::etimedout, 0, {Why::app_call_timeout}, tcb->id);
    const std::uint32_t id = tcb->id;
    destroy(*tcb, {Why::app_call_timeout});
    release(id);
    p.conn = kNone;
    leave();
    return CallStatus::done;
  }
  if (!alive) {
    const AppResult r = tcb && tcb->error != AppResult::ok ? tcb->error : AppResult::econnrefused;
    emit_app(AppCall::connect, r, 0, failure_reason(r, tcb ? tcb->retransmits : 0), p.conn);
    release(p.conn);
    p.conn = kNone;
    return CallStatus::done;
  }
  return CallStatus::blocked;
}

CallStatus HostStack::send(Micros now, Process& p, const StepSpec& s) {
  enter(now);
  Tcb* tcb = find_tcb(p.conn);
  if (!tcb || !is_open_for_send(tcb->state) || tcb->shut_wr) {
    emit_app(AppCall::send, AppResult::epipe, s.bytes - p.send_left, kCall,
             p.conn == kNone ? 0 : p.conn);
    p.send_left = 0;
    return CallStatus::done;
  }
  const bool resumed = p.step_started;
  if (!resumed) {
    p.step_started = true;
    p.send_left = s.bytes;
    restart_after_idle(*tcb);
  }
  // send() copies into the socket's send buffer (SO_SNDBUF, else tcp_wmem's max, which
  // Linux's autotuning grows towards) and returns once all of it is there; what does not
  // fit waits for ACKs to free space. Linux wakes the writer only when a third of the
  // buffer is free again (sk_stream_write_space).
  const std::int64_t sndbuf = tcb->sndbuf > 0 ? tcb->sndbuf : cfg_.sys.value(Knob::tcp_wmem)[2];
  const std::int64_t queued = tcb->unsent + (tcb->snd_nxt - tcb->snd_una);
  const std::int64_t free_space = std::max<std::int64_t>(0, sndbuf - queued);
  const std::int64_t take =
      resumed && free_space * 2 < queued ? 0 : std::min(p.send_left, free_space);
  tcb->unsent += take;
  p.send_left -= take;
  const bool copied_all = p.send_left == 0;
  // The call's outcome comes before the segments it causes, as strace would show it.
  if (copied_all) {
    emit_app(AppCall::send, AppResult::ok, s.bytes, {Why::data_sent}, tcb->id);
  } else if (!resumed) {
    emit_app(AppCall::send, AppResult::blocked, s.bytes, {Why::send_buffer_full, sndbuf}, tcb->id);
  }
  if (take > 0 && !copied_all) {
    tcb->push_ends.push_back(tcb->snd_nxt + static_cast<std::uint32_t>(tcb->unsent));
    tcb->nagle_push = true;
  }
  if (take > 0) output(*tcb, {Why::data_sent});
  tcb->nagle_push = false;
  emit_window(*tcb, {});
  leave();
  return copied_all ? CallStatus::done : CallStatus::blocked;
}

void HostStack::restart_after_idle(Tcb& tcb) {
  // Linux tcp_cwnd_restart(): a window earned long ago says nothing about the path now, so
  // after an idle period longer than the RTO cwnd halves per RTO idle, down to the initial
  // window (RFC 5681 §4.1).
  if (!tcb.rtx_queue.empty() || tcb.state != TcpState::ESTABLISHED) return;
  const Micros idle = now_ - tcb.last_send;
  if (cfg_.sys[Knob::tcp_slow_start_after_idle] == 0 || idle <= tcb.rto) return;
  Congestion& cc = tcb.cc;
  const std::uint32_t restart = std::min(kInitialCwnd, cc.cwnd);
  if (!tcb.in_recovery && cc.ssthresh != kInfiniteSsthresh) {
    cc.ssthresh = std::max(cc.ssthresh, (cc.cwnd >> 1) + (cc.cwnd >> 2));
  }
  std::uint32_t cwnd = cc.cwnd;
  for (Micros left = idle - tcb.rto; left > 0 && cwnd > restart; left -= tcb.rto) cwnd >>= 1;
  cwnd = std::max(cwnd, restart);
  if (cwnd != cc.cwnd) tcb.window_why = {Why::cwnd_idle_restart, cwnd, idle};
  cc.cwnd = cwnd;
}

CallStatus HostStack::setsockopt(Micros now, Process& p, const StepSpec& s) {
  enter(now);
  if (s.nodelay >= 0) p.nodelay = s.nodelay != 0;
  if (s.rcvbuf > 0) p.rcvbuf = s.rcvbuf;
  if (s.sndbuf > 0) p.sndbuf = s.sndbuf;
  if (p.listener != kNone) {
    Listener& l = listeners_[p.listener];
    l.nodelay = p.nodelay;
    l.rcvbuf = p.rcvbuf;
    l.sndbuf = p.sndbuf;
  }
  Tcb* tcb = find_tcb(p.conn);
  if (tcb) {
    tcb->nodelay = p.nodelay;
    tcb->sndbuf = p.sndbuf;
    if (s.rcvbuf > 0) {
      tcb->rcvbuf_set = s.rcvbuf;
      tcb->rcv_space = s.rcvbuf;
      tcb->rcv_space_max = s.rcvbuf;
    }
  }
  emit_app(AppCall::setsockopt, AppResult::ok, s.rcvbuf > 0 ? s.rcvbuf : s.sndbuf,
           {Why::socket_option}, tcb ? tcb->id : 0);
  // Setting TCP_NODELAY pushes what Nagle was holding back (Linux tcp_push_pending_frames).
  if (tcb && s.nodelay > 0 && tcb->unsent > 0) output(*tcb, {Why::data_sent});
  leave();
  return CallStatus::done;
}

void HostStack::write(Micros now, Tcb& tcb, std::int64_t bytes) {
  enter(now);
  tcb.unsent += bytes;
  output(tcb, {Why::data_sent});
  leave();
}

void HostStack::after_read(Tcb& tcb, std::int64_t copied) {
  if (tcb.id == kNone) return;
  // Linux tcp_cleanup_rbuf(): when reading at least doubles the window the peer knows,
  // tell it now rather than with the next ACK (a sender at a zero window waits for this).
  const std::int64_t now_offered = receive_window(tcb);
  if (2 * now_offered <= tcb.rcv_space_max && tcb.state != TcpState::CLOSE_WAIT) {
    const std::int64_t fresh = window_to_offer(tcb);
    if (fresh > 0 && fresh >= 2 * now_offered) {
      send_ack(tcb, {Why::window_update, fresh});
      return;
    }
  }
  // In an interactive exchange (pingpong) the ACK of data just read waits for the reply or
  // the delayed-ACK timer (Linux tcp_cleanup_rbuf: ICSK_ACK_PUSHED && !pingpong).
  if (copied > 0 && tcb.pingpong) return;
  if (tcb.ack_pending) push_timer(now_, Due::ack_flush, tcb.id, TcbTimer::delack, 0);
}

CallStatus HostStack::recv(Micros now, Process& p, const StepSpec& s) {
  enter(now);
  Tcb* tcb = p.conn != kNone ? tcbs_.find(p.conn) : nullptr;
  const bool alive = tcb && tcb->id != kNone;
  if (tcb && tcb->rcv_unread > 0) {
    const std::int64_t n = s.bytes > 0 ? std::min(s.bytes, tcb->rcv_unread) : tcb->rcv_unread;
    tcb->rcv_unread -= n;
    emit_app(AppCall::recv, AppResult::ok, n, kCall, p.conn);
    after_read(*tcb, n);
    return CallStatus::done;
  }
  if (tcb && tcb->fin_received) {
    emit_app(AppCall::recv, AppResult::eof, 0, kCall, p.conn);
    after_read(*tcb, 0);
    return CallStatus::done;
  }
  if (tcb && tcb->error != AppResult::ok) {
    emit_app(AppCall::recv, tcb->error, 0,
             tcb->error != AppResult::etimedout ? failure_reason(tcb->error)
             : tcb->probes_out > 0              ? Reason{Why::rst_keepalive_dead, tcb->probes_out}
                                                : Reason{Why::retries_exhausted, tcb->retransmits},
             p.conn);
    tcb->error = AppResult::ok;  // reported once; later calls see EPIPE / ENOTCONN
    return CallStatus::done;
  }
  if (!alive) {
    emit_app(AppCall::recv, AppResult::enotconn, 0, kCall, p.conn == kNone ? 0 : p.conn);
    return CallStatus::done;
  }
  if (!p.step_started) {
    p.step_started = true;
    emit_app(AppCall::recv, AppResult::blocked, 0, kCall, tcb->id);
  }
  return CallStatus::blocked;
}

CallStatus HostStack::shutdown(Micros now, Process& p, const StepSpec& s) {
  enter(now);
  Tcb* tcb = find_tcb(p.conn);
  if (!tcb) {
    emit_app(AppCall::shutdown, AppResult::enotconn, 0, kCall);
    return CallStatus::done;
  }
  tcb->shut_rd = tcb->shut_rd || s.shutdown_read;
  if (!tcb->shut_wr && is_open_for_send(tcb->state)) {
    tcb->shut_wr = true;
    tcb->fin_pending = true;
    set_state(*tcb, tcb->state == TcpState::ESTABLISHED ? TcpState::FIN_WAIT_1 : TcpState::LAST_ACK,
              {Why::fin_sent_shutdown});
    output(*tcb, {Why::fin_sent_shutdown});
  }
  emit_app(AppCall::shutdown, AppResult::ok, 0, {Why::fin_sent_shutdown}, tcb->id);
  leave();
  return CallStatus::done;
}

CallStatus HostStack::close(Micros now, Process& p, AppCall call) {
  enter(now);
  const bool abort = call == AppCall::abort;
  if (Tcb* tcb = find_tcb(p.conn)) {
    const std::uint32_t id = tcb->id;
    emit_app(call, AppResult::ok, 0, {abort ? Why::rst_linger_abort : Why::fin_sent_close}, id);
    app_close(*tcb, abort);
    std::erase(p.owned, id);  // closed: its exit has nothing left to do for it
    p.conn = kNone;
  } else if (p.conn != kNone) {
    emit_app(call, AppResult::ok, 0, kCall, p.conn);
    release(p.conn);
    std::erase(p.owned, p.conn);
    p.conn = kNone;
  } else if (p.listener != kNone) {
    emit_app(call, AppResult::ok, 0, kCall, listeners_[p.listener].conn);
    close_listener(listeners_[p.listener]);
    p.listener = kNone;
  } else {
    emit_app(call, AppResult::ok, 0, kCall);  // close() on a valid fd always succeeds
  }
  leave();
  return CallStatus::done;
}

CallStatus HostStack::keepalive(Micros now, Process& p, const StepSpec& s) {
  enter(now);
  p.keepalive = true;
  p.ka_idle_s = s.keepalive_idle_s;
  p.ka_intvl_s = s.keepalive_intvl_s;
  p.ka_probes = s.keepalive_probes;
  if (Tcb* tcb = find_tcb(p.conn)) {
    tcb->keepalive = true;
    tcb->ka_idle_s = s.keepalive_idle_s;
    tcb->ka_intvl_s = s.keepalive_intvl_s;
    tcb->ka_probes = s.keepalive_probes;
    if (tcb->state == TcpState::ESTABLISHED) arm_keepalive(*tcb);
  }
  emit_app(AppCall::keepalive, AppResult::ok, s.keepalive_idle_s, kCall,
           p.conn == kNone ? 0 : p.conn);
  return CallStatus::done;
}

void HostStack::close_process(Micros now, Process& p) {
  enter(now);
  // In connection order, as a scan of the kernel's table would find them.
  std::sort(p.owned.begin(), p.owned.end());
  for (std::uint32_t id : p.owned) {
    Tcb* found = tcbs_.find(id);
    if (!found) continue;
    Tcb& t = *found;
    if (t.id != kNone && t.program == p.id && !t.orphaned) app_close(t, false);
    release(id);
  }
  p.owned.clear();
  if (p.listener != kNone) close_listener(listeners_[p.listener]);
  leave();
}

void HostStack::app_close(Micros now, Tcb& tcb, bool abort) {
  enter(now);
  app_close(tcb, abort);
  leave();
}

void HostStack::app_close(Tcb& tcb, bool abort) {
  tcb.program = kNone;
  tcb.orphaned = true;
  cancel(tcb, TcbTimer::keepalive);
  if (tcb.state == TcpState::SYN_SENT) {
    destroy(tcb, {Why::app_call});
    return;
  }
  if (abort) {
    send_active_reset(tcb, {Why::rst_linger_abort});
    destroy(tcb, {Why::rst_linger_abort});
    return;
  }
  if (tcb.rcv_unread > 0) {
    send_active_reset(tcb, {Why::rst_unread_data});
    destroy(tcb, {Why::rst_unread_data});
    return;
  }
  switch (tcb.state) {
    case TcpState::SYN_RECEIVED:
    case TcpState::ESTABLISHED:
      tcb.fin_pending = true;
      set_state(tcb, TcpState::FIN_WAIT_1, {Why::fin_sent_close});
      output(tcb, {Why::fin_sent_close});
      break;
    case TcpState::CLOSE_WAIT:
      tcb.fin_pending = true;
      set_state(tcb, TcpState::LAST_ACK, {Why::fin_sent_close});
      output(tcb, {Why::fin_sent_close});
      break;
    case TcpState::FIN_WAIT_2:
      arm(tcb, TimerKind::fin_wait_2, cfg_.sys[Knob::tcp_fin_timeout] * kMicrosPerSec);
      break;
    default:
      break;  // already closing: it finishes on its own
  }
}

void HostStack::crash(Micros now) {
  enter(now);
  up_ = false;
  for (std::uint32_t id : connection_ids()) {
    Tcb& t = *tcbs_.find(id);
    if (t.state != TcpState::LISTEN) destroy(t, {Why::host_crashed});
  }
  for (Listener& l : listeners_) {
    if (!l.open) continue;
    l.syn_queue.clear();
    l.accept_queue.clear();
    l.open = false;
    emit_state(l.conn, TcpState::LISTEN, TcpState::CLOSED, {Why::host_crashed});
  }
  listener_ports_.clear();
  conns_.clear();
  tcbs_.clear();  // every process on the host died with it; their timers find nothing
  destroyed_.clear();
  time_wait_count_ = 0;
}

void HostStack::reboot(Micros now) {
  enter(now);
  up_ = true;
  emit_app(AppCall::reboot_host, AppResult::ok, 0, {Why::host_rebooted});
}

}  // namespace synack
