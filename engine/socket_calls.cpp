// The socket API as programs see it (blocking calls, like the Python scripts that made the
// Linux captures), plus process and host crashes.
#include <fmt/format.h>

#include <algorithm>

#include "world.hpp"

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

}  // namespace

void World::run_program(std::uint32_t index) {
  ProgramState& p = programs_[index];
  if (p.done) return;
  if (!hosts_[p.host].up) {
    p.done = true;
    return;
  }
  while (p.pc < p.spec.steps.size()) {
    if (!step(p, p.spec.steps[p.pc])) {
      p.blocked = !p.done;
      return;
    }
    p.blocked = false;
    p.step_started = false;
    ++p.pc;
  }
  // Process exit: the kernel closes whatever the program still holds.
  p.done = true;
  close_owned(p);
}

void World::close_owned(ProgramState& p) {
  const auto index = static_cast<std::uint32_t>(&p - programs_.data());
  // In connection order, as a scan of the kernel's table would find them.
  std::sort(p.owned.begin(), p.owned.end());
  for (std::uint32_t id : p.owned) {
    Tcb& t = tcbs_[id];
    if (t.id != kNone && t.program == index && !t.orphaned) app_close(t, false);
  }
  p.owned.clear();
  if (p.listener != kNone) close_listener(listeners_[p.listener]);
}

bool World::step(ProgramState& p, const StepSpec& s) {
  const auto index = static_cast<std::uint32_t>(&p - programs_.data());
  HostState& h = hosts_[p.host];
  Tcb* tcb = p.conn != kNone ? &tcbs_[p.conn] : nullptr;
  const bool alive = tcb && tcb->id != kNone;
  const Reason call{Why::app_call};

  switch (s.call) {
    case AppCall::sleep:
      if (!p.step_started) {
        p.step_started = true;
        p.sleep_until = now_ + s.duration;
        p.wake_queued = true;
        schedule(p.sleep_until, Due::program, index);
        return false;
      }
      return now_ >= p.sleep_until;

    case AppCall::listen: {
      if (h.listeners.count(s.port)) {
        emit_app(p, AppCall::listen, AppResult::eaddrinuse, s.port, call);
        return true;
      }
      Listener& l = listeners_.emplace_back();
      l.id = static_cast<std::uint32_t>(listeners_.size() - 1);
      l.conn = new_tcb(p.host).id;
      l.host = p.host;
      l.port = s.port;
      l.program = index;
      l.backlog = static_cast<int>(std::min<std::int64_t>(s.backlog, h.sys[Knob::somaxconn]));
      h.listeners[s.port] = l.id;
      p.listener = l.id;
      tcbs_[l.conn].state = TcpState::LISTEN;
      tcbs_[l.conn].local = {h.addr, s.port};
      emit_state(p.host, l.conn, TcpState::CLOSED, TcpState::LISTEN, {Why::listen_opened});
      emit_app(p, AppCall::listen, AppResult::ok, l.backlog, {Why::listen_opened}, l.conn);
      emit_queue(l, {Why::listen_opened});
      return true;
    }

    case AppCall::accept: {
      Listener* l = p.listener != kNone ? &listeners_[p.listener] : nullptr;
      if (!l || !l->open) {
        emit_app(p, AppCall::accept, AppResult::enotconn, 0, call);
        return true;
      }
      while (!l->accept_queue.empty()) {
        const std::uint32_t id = l->accept_queue.front();
        l->accept_queue.pop_front();
        Tcb* t = find_tcb(id);
        if (!t) continue;  // reset while it waited
        t->in_accept_queue = false;
        t->program = index;
        p.owned.push_back(id);
        p.conn = id;
        emit_queue(*l, {Why::accept_returned});
        emit_app(p, AppCall::accept, AppResult::ok, 0, {Why::accept_returned}, id);
        return true;
      }
      if (!p.step_started) {
        p.step_started = true;
        emit_app(p, AppCall::accept, AppResult::blocked, 0, call);
      }
      return false;
    }

    case AppCall::connect: {
      if (!p.step_started) {
        p.step_started = true;
        const std::uint16_t peer = host_by_name(s.peer);
        const SockAddr remote{hosts_[peer].addr, s.port};
        SockAddr local{h.addr, s.local_port};
        if (local.port == 0) {
          const auto port = pick_local_port(p.host, remote);
          if (!port) {
            const std::int64_t range = h.sys[Knob::ip_local_port_range];
            emit_app(p, AppCall::connect, AppResult::eaddrnotavail, 0,
                     {Why::no_local_port, pair_first(range), pair_second(range)});
            return true;
          }
          local.port = *port;
        }
        std::optional<std::uint32_t> reused_snd_nxt;
        if (auto it = h.conns.find(conn_key(local, remote)); it != h.conns.end()) {
          Tcb& old = tcbs_[it->second];
          if (!time_wait_reusable(old)) {
            emit_app(p, AppCall::connect, AppResult::eaddrinuse, 0, call, old.id);
            return true;
          }
          reused_snd_nxt = old.snd_nxt;
          destroy(old, {Why::time_wait_reused});
        }
        Tcb& t = new_tcb(p.host);
        t.program = index;
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
        h.conns[conn_key(local, remote)] = t.id;
        p.conn = t.id;
        emit_app(p, AppCall::connect, AppResult::blocked, s.port, {Why::connect_sends_syn}, t.id);
        set_state(t, TcpState::SYN_SENT, {Why::connect_sends_syn});
        send_syn(t, false, {Why::connect_sends_syn});
        arm(t, TimerKind::syn_retransmit, t.rto);
        p.call_deadline = s.timeout > 0 ? now_ + s.timeout : kNever;
        if (s.timeout > 0) schedule(p.call_deadline, Due::program, index);
        return false;
      }
      if (alive && tcb->state != TcpState::SYN_SENT && tcb->state != TcpState::SYN_RECEIVED) {
        emit_app(p, AppCall::connect, AppResult::ok, tcb->local.port, call, tcb->id);
        return true;
      }
      if (alive && now_ >= p.call_deadline) {
        // The program's own timeout (like Python's settimeout): it gives up and closes the
        // socket; the kernel forgets the half-open attempt without sending anything.
        emit_app(p, AppCall::connect, AppResult::etimedout, 0, {Why::app_call_timeout}, tcb->id);
        destroy(*tcb, {Why::app_call_timeout});
        p.conn = kNone;
        return true;
      }
      if (!alive) {
        const AppResult r =
            tcb && tcb->error != AppResult::ok ? tcb->error : AppResult::econnrefused;
        emit_app(p, AppCall::connect, r, 0, failure_reason(r, tcb ? tcb->retransmits : 0), p.conn);
        p.conn = kNone;
        return true;
      }
      return false;
    }

    case AppCall::send: {
      if (!alive || !is_open_for_send(tcb->state) || tcb->shut_wr) {
        emit_app(p, AppCall::send, AppResult::epipe, 0, call, p.conn == kNone ? 0 : p.conn);
        return true;
      }
      tcb->unsent += s.bytes;
      emit_app(p, AppCall::send, AppResult::ok, s.bytes, {Why::data_sent}, tcb->id);
      output(*tcb, {Why::data_sent});
      return true;
    }

    case AppCall::recv: {
      if (tcb && tcb->rcv_unread > 0) {
        const std::int64_t n = s.bytes > 0 ? std::min(s.bytes, tcb->rcv_unread) : tcb->rcv_unread;
        tcb->rcv_unread -= n;
        emit_app(p, AppCall::recv, AppResult::ok, n, call, p.conn);
        if (alive && tcb->ack_pending) schedule(now_, Due::ack_flush, tcb->id);
        return true;
      }
      if (tcb && tcb->fin_received) {
        emit_app(p, AppCall::recv, AppResult::eof, 0, call, p.conn);
        if (alive && tcb->ack_pending) schedule(now_, Due::ack_flush, tcb->id);
        return true;
      }
      if (tcb && tcb->error != AppResult::ok) {
        emit_app(p, AppCall::recv, tcb->error, 0,
                 tcb->error != AppResult::etimedout ? failure_reason(tcb->error)
                 : tcb->probes_out > 0 ? Reason{Why::rst_keepalive_dead, tcb->probes_out}
                                       : Reason{Why::retries_exhausted, tcb->retransmits},
                 p.conn);
        tcb->error = AppResult::ok;  // reported once; later calls see EPIPE / ENOTCONN
        return true;
      }
      if (!alive) {
        emit_app(p, AppCall::recv, AppResult::enotconn, 0, call, p.conn == kNone ? 0 : p.conn);
        return true;
      }
      if (!p.step_started) {
        p.step_started = true;
        emit_app(p, AppCall::recv, AppResult::blocked, 0, call, tcb->id);
      }
      return false;
    }

    case AppCall::shutdown: {
      if (!alive) {
        emit_app(p, AppCall::shutdown, AppResult::enotconn, 0, call);
        return true;
      }
      tcb->shut_rd = tcb->shut_rd || s.shutdown_read;
      if (!tcb->shut_wr && is_open_for_send(tcb->state)) {
        tcb->shut_wr = true;
        tcb->fin_pending = true;
        set_state(*tcb,
                  tcb->state == TcpState::ESTABLISHED ? TcpState::FIN_WAIT_1 : TcpState::LAST_ACK,
                  {Why::fin_sent_shutdown});
        output(*tcb, {Why::fin_sent_shutdown});
      }
      emit_app(p, AppCall::shutdown, AppResult::ok, 0, {Why::fin_sent_shutdown}, tcb->id);
      return true;
    }

    case AppCall::close:
    case AppCall::abort: {
      const bool abort = s.call == AppCall::abort;
      if (alive) {
        const std::uint32_t id = tcb->id;
        emit_app(p, s.call, AppResult::ok, 0, {abort ? Why::rst_linger_abort : Why::fin_sent_close},
                 id);
        app_close(*tcb, abort);
        p.conn = kNone;
      } else if (p.conn != kNone) {
        emit_app(p, s.call, AppResult::ok, 0, call, p.conn);
        p.conn = kNone;
      } else if (p.listener != kNone) {
        emit_app(p, s.call, AppResult::ok, 0, call, listeners_[p.listener].conn);
        close_listener(listeners_[p.listener]);
        p.listener = kNone;
      } else {
        emit_app(p, s.call, AppResult::ok, 0, call);  // close() on a valid fd always succeeds
      }
      return true;
    }

    case AppCall::keepalive:
      p.keepalive = true;
      p.ka_idle_s = s.keepalive_idle_s;
      p.ka_intvl_s = s.keepalive_intvl_s;
      p.ka_probes = s.keepalive_probes;
      if (alive) {
        tcb->keepalive = true;
        tcb->ka_idle_s = s.keepalive_idle_s;
        tcb->ka_intvl_s = s.keepalive_intvl_s;
        tcb->ka_probes = s.keepalive_probes;
        if (tcb->state == TcpState::ESTABLISHED) arm_keepalive(*tcb);
      }
      emit_app(p, AppCall::keepalive, AppResult::ok, s.keepalive_idle_s, call,
               p.conn == kNone ? 0 : p.conn);
      return true;

    case AppCall::crash_process:
      emit_app(p, AppCall::crash_process, AppResult::ok, 0, {Why::process_crashed});
      p.done = true;
      close_owned(p);
      return false;

    case AppCall::crash_host:
    case AppCall::reboot_host:
      emit_app(p, s.call, AppResult::ok, 0, {Why::host_crashed});
      crash_host(p.host, s.call == AppCall::reboot_host ? s.duration : kNever);
      return false;
  }
  return true;
}

void World::app_close(Tcb& tcb, bool abort) {
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
      arm(tcb, TimerKind::fin_wait_2, hosts_[tcb.host].sys[Knob::tcp_fin_timeout] * kMicrosPerSec);
      break;
    default:
      break;  // already closing: it finishes on its own
  }
}

void World::crash_host(std::uint16_t host, Micros down_for) {
  HostState& h = hosts_[host];
  h.up = false;
  for (Tcb& t : tcbs_) {
    if (t.id != kNone && t.host == host && t.state != TcpState::LISTEN)
      destroy(t, {Why::host_crashed});
  }
  for (Listener& l : listeners_) {
    if (l.host != host || !l.open) continue;
    for (auto& [remote, req] : l.syn_queue) tcbs_[req.conn].id = kNone;
    l.syn_queue.clear();
    l.accept_queue.clear();
    l.open = false;
    emit_state(host, l.conn, TcpState::LISTEN, TcpState::CLOSED, {Why::host_crashed});
  }
  h.listeners.clear();
  h.conns.clear();
  h.reassembly = {};  // partial datagrams die with the kernel; their timers find nothing
  for (ProgramState& p : programs_) {
    if (p.host == host) p.done = true;
  }
  if (down_for != kNever) schedule(now_ + down_for, Due::host_up, host);
}

void World::host_up(std::uint16_t host) {
  hosts_[host].up = true;
  if (Event* e = new_event(EventType::app, host, 0, {Why::host_rebooted})) {
    e->call = AppCall::reboot_host;
    e->result = AppResult::ok;
  }
}

}  // namespace synack
