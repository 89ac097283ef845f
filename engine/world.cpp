#include "world.hpp"

#include <fmt/format.h>

namespace synack {

Trace run_scenario(const ScenarioSpec& spec, const RunOptions& options, RunStats* stats) {
  World world(spec, options);
  return world.run(stats);
}

namespace {

std::uint64_t seed_of(const ScenarioSpec& spec, const RunOptions& options) {
  return options.seed.value_or(spec.seed);
}

void apply_overrides(Sysctls& sys, const SysctlOverrides& overrides, const std::string& where) {
  for (const auto& [name, value] : overrides) {
    std::string error = sys.set(name, value);
    if (!error.empty()) throw SetupError(where + "." + name, error);
  }
}

}  // namespace

World::World(const ScenarioSpec& spec, const RunOptions& options)
    : spec_(spec),
      options_(options),
      isn_(seed_of(spec, options), spec.isn == IsnMode::fixed, spec.fixed_isn),
      cookies_(seed_of(spec, options)),
      ts_hash_(seed_of(spec, options), 3),
      rng_(seed_of(spec, options)) {
  tcbs_.emplace_back().id = kNone;  // id 0 means "no connection" in the trace
  const std::string profile = options.profile.value_or(spec.profile);
  auto base = Sysctls::for_profile(profile);
  if (!base) {
    throw SetupError("profile",
                     fmt::format("unknown profile '{}'; valid: classic, linux-6.18", profile));
  }
  apply_overrides(*base, spec.sysctls, "sysctl");
  apply_overrides(*base, options.sysctls, "--set");

  trace_.scenario = spec.id;
  trace_.seed = seed_of(spec, options);
  trace_.profile = profile;
  for (const auto& k : all_knobs()) {
    trace_.sysctls.emplace_back(std::string(k.name), (*base)[k.id]);
  }

  if (spec.hosts.empty()) throw SetupError("host", "a scenario needs at least one host");
  for (std::size_t i = 0; i < spec.hosts.size(); ++i) {
    const HostSpec& h = spec.hosts[i];
    if (host_by_name(h.name) != kNoHost)
      throw SetupError("host", fmt::format("host '{}' defined twice", h.name));
    if (h.mtu < 68 || h.mtu > kMaxIpDatagram) {  // RFC 791: every host takes 68
      throw SetupError(fmt::format("host[{}].mtu", i), "must be in 68..65535");
    }
    HostState state;
    state.name = h.name;
    state.addr = h.addr != 0 ? h.addr : (Addr{10} << 24 | static_cast<Addr>(i + 1));
    state.sys = *base;
    state.mtu = h.mtu;
    state.ignores_mss = h.ignores_mss;
    apply_overrides(state.sys, h.sysctls, fmt::format("host[{}].sysctl", i));
    HostInfo info{state.name, state.addr, {}};
    for (const auto& [name, value] : h.sysctls) {
      auto knob = find_knob(name);
      info.sysctl_overrides.emplace_back(std::string(knob_info(*knob).name), state.sys[*knob]);
    }
    hosts_.push_back(std::move(state));
    trace_.hosts.push_back(std::move(info));
  }

  const std::size_t n = hosts_.size();
  link_latency_.assign(n * n, spec.latency);
  for (std::size_t i = 0; i < spec.links.size(); ++i) {
    const LinkSpec& l = spec.links[i];
    auto from = host_by_name(l.from);
    auto to = host_by_name(l.to);
    if (from == kNoHost || to == kNoHost) {
      throw SetupError(fmt::format("network.link[{}]", i),
                       fmt::format("unknown host in link {} -> {}", l.from, l.to));
    }
    link_latency_[from * n + to] = l.latency;
  }

  auto add_rule = [this](const RuleSpec& r, const std::string& where) {
    RuleState rs{r, kNoHost, 0};
    if (!r.match.from.empty()) {
      rs.from_host = host_by_name(r.match.from);
      if (rs.from_host == kNoHost) {
        std::string valid;
        for (const auto& h : hosts_) valid += (valid.empty() ? "" : ", ") + h.name;
        throw SetupError(where, fmt::format("unknown host '{}'; valid: {}", r.match.from, valid),
                         r.line);
      }
    }
    rules_.push_back(rs);
  };
  for (std::size_t i = 0; i < spec.rules.size(); ++i)
    add_rule(spec.rules[i], fmt::format("network.rule[{}].from", i));
  for (const auto& r : options.extra_rules) add_rule(r, "--drop");

  for (std::size_t i = 0; i < spec.programs.size(); ++i) {
    ProgramState p;
    p.spec = spec.programs[i];
    p.host = host_by_name(p.spec.host);
    if (p.host == kNoHost)
      throw SetupError(fmt::format("program[{}].host", i),
                       fmt::format("unknown host '{}'", p.spec.host));
    for (std::size_t s = 0; s < p.spec.steps.size(); ++s) {
      const StepSpec& st = p.spec.steps[s];
      if (st.call == AppCall::connect && host_by_name(st.peer) == kNoHost) {
        throw SetupError(fmt::format("program[{}].steps[{}].to", i, s),
                         fmt::format("unknown host '{}'", st.peer), st.line);
      }
    }
    programs_.push_back(std::move(p));
    schedule(spec.programs[i].start, Due::program, static_cast<std::uint32_t>(i));
  }
  for (std::size_t i = 0; i < spec.floods.size(); ++i) {
    const SynFloodSpec& f = spec.floods[i];
    if (host_by_name(f.host) == kNoHost || host_by_name(f.target) == kNoHost) {
      throw SetupError(fmt::format("attacker.syn_flood[{}]", i), "unknown attacker or target host");
    }
    if (f.rate_per_s <= 0)
      throw SetupError(fmt::format("attacker.syn_flood[{}].rate_per_s", i), "must be positive");
    if (f.count > 0) schedule(f.start, Due::flood, static_cast<std::uint32_t>(i), 0);
  }
  for (std::size_t i = 0; i < spec.injects.size(); ++i) {
    if (host_by_name(spec.injects[i].host) == kNoHost) {
      throw SetupError(fmt::format("attacker.inject[{}].host", i),
                       fmt::format("unknown host '{}'", spec.injects[i].host));
    }
    schedule(spec.injects[i].at, Due::inject, static_cast<std::uint32_t>(i));
  }
}

Trace World::run(RunStats* stats) {
  const Micros limit =
      spec_.stop_at > 0 ? std::min(spec_.stop_at, options_.time_limit) : options_.time_limit;
  while (!queue_.empty()) {
    Pending p = queue_.top();
    if (p.t > limit) {
      trace_.truncated = spec_.stop_at == 0;
      break;
    }
    queue_.pop();
    now_ = p.t;
    switch (p.what) {
      case Due::deliver:
        deliver(p.a);
        break;
      case Due::tcb_timer:
        on_tcb_timer(p.a, static_cast<TcbTimer>(p.b), p.gen);
        break;
      case Due::request_timer:
        on_synack_timer(p.a, p.key, p.gen);
        break;
      case Due::program:
        programs_[p.a].wake_queued = false;
        run_program(p.a);
        break;
      case Due::flood:
        flood_tick(p.a, p.b);
        break;
      case Due::inject:
        inject(p.a);
        break;
      case Due::host_up:
        host_up(static_cast<std::uint16_t>(p.a));
        break;
      case Due::ack_flush:
        if (Tcb* t = find_tcb(p.a)) flush_ack(*t);
        break;
      case Due::reassembly_timer:
        on_reassembly_timer(p.a);
        break;
    }
  }
  // Stale timer entries may have advanced the clock past the last thing that happened.
  trace_.end_time = trace_.events.empty() ? now_ : trace_.events.back().t;
  if (stats) *stats = stats_;
  return std::move(trace_);
}

void World::schedule(Micros t, Due what, std::uint32_t a, std::uint32_t b, std::uint32_t gen,
                     std::uint64_t key) {
  queue_.push(Pending{t, next_order_++, what, a, b, gen, key});
}

Timer& World::timer_of(Tcb& tcb, TcbTimer which) {
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

TimerKind World::kind_of(const Tcb& tcb, TcbTimer which) const {
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

TcbTimer World::slot_of(TimerKind kind) {
  switch (kind) {
    case TimerKind::syn_retransmit:
    case TimerKind::synack_retransmit:
    case TimerKind::retransmit:
    case TimerKind::loss_probe:
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

void World::arm(Tcb& tcb, TimerKind kind, Micros delay) {
  const TcbTimer which = slot_of(kind);
  if (which == TcbTimer::rtx) tcb.rtx_kind = kind;
  if (which == TcbTimer::close) tcb.close_kind = kind;
  Timer& t = timer_of(tcb, which);
  t.deadline = now_ + delay;
  ++t.generation;
  schedule(t.deadline, Due::tcb_timer, tcb.id, static_cast<std::uint32_t>(which), t.generation);
  emit_timer(tcb.host, tcb.id, kind, TimerAction::armed, t.deadline, {Why::timer_armed});
}

void World::cancel(Tcb& tcb, TcbTimer which) {
  Timer& t = timer_of(tcb, which);
  if (!t.armed()) return;
  t.deadline = kNever;
  ++t.generation;
  emit_timer(tcb.host, tcb.id, kind_of(tcb, which), TimerAction::cancelled, 0,
             {Why::timer_cancelled});
}

void World::set_state(Tcb& tcb, TcpState to, Reason why) {
  if (tcb.state == to) return;
  if (tcb.state == TcpState::TIME_WAIT) --hosts_[tcb.host].time_wait_count;
  if (to == TcpState::TIME_WAIT) ++hosts_[tcb.host].time_wait_count;
  emit_state(tcb.host, tcb.id, tcb.state, to, why);
  tcb.state = to;
}

Event* World::new_event(EventType type, std::uint16_t host, std::uint32_t conn, Reason why) {
  ++stats_.events;
  if (!options_.record) return nullptr;
  Event& e = trace_.events.emplace_back();
  e.t = now_;
  e.type = type;
  e.host = host;
  e.conn = conn;
  e.reason = why;
  return &e;
}

void World::emit_state(std::uint16_t host, std::uint32_t conn, TcpState from, TcpState to,
                       Reason why) {
  if (Event* e = new_event(EventType::state, host, conn, why)) {
    e->from = from;
    e->to = to;
  }
}

void World::emit_app(const ProgramState& p, AppCall call, AppResult result, std::int64_t value,
                     Reason why, std::uint32_t conn) {
  if (Event* e = new_event(EventType::app, p.host, conn, why)) {
    e->call = call;
    e->result = result;
    e->value = value;
  }
}

void World::emit_timer(std::uint16_t host, std::uint32_t conn, TimerKind kind, TimerAction action,
                       Micros deadline, Reason why) {
  if (why.why == Why::none) {
    why.why = action == TimerAction::armed   ? Why::timer_armed
              : action == TimerAction::fired ? Why::timer_fired
                                             : Why::timer_cancelled;
  }
  if (Event* e = new_event(EventType::timer, host, conn, why)) {
    e->timer = kind;
    e->action = action;
    e->deadline = deadline;
  }
}

void World::emit_queue(const Listener& l, Reason why) {
  if (Event* e = new_event(EventType::queue, l.host, 0, why)) {
    // Linux admits one more than the backlog before it calls a queue full.
    e->syn_queue = static_cast<std::uint32_t>(l.syn_queue.size());
    e->syn_queue_max = static_cast<std::uint32_t>(l.backlog + 1);
    e->accept_queue = static_cast<std::uint32_t>(l.accept_queue.size());
    e->accept_queue_max = static_cast<std::uint32_t>(l.backlog + 1);
  }
}

std::uint32_t World::record_segment(const Segment& seg, std::uint16_t from, std::uint16_t to,
                                    std::uint32_t retransmit_of, const IpFragment& frag) {
  if (!options_.record) return kNoIndex;
  // Relative numbers as Wireshark shows them: each direction counts from its first SYN,
  // or from the first sequence number seen if it never sent one.
  auto [it, fresh] = seq_base_.try_emplace({seg.src, seg.dst}, seg.seq);
  if (!fresh && seg.has(kSyn) && it->second != seg.seq) it->second = seg.seq;  // a new incarnation
  const std::uint32_t base = it->second;
  auto back = seq_base_.find({seg.dst, seg.src});
  const std::uint32_t peer_base = back == seq_base_.end() ? 0 : back->second;
  SegmentRecord r;
  r.seg = seg;
  r.rel_seq = seg.seq - base;
  r.rel_ack = seg.has(kAck) ? seg.ack - peer_base : 0;
  r.sack_base = peer_base;
  r.retransmit_of = retransmit_of;
  r.from_host = from;
  r.to_host = to;
  r.frag = frag;
  trace_.segments.push_back(r);
  return static_cast<std::uint32_t>(trace_.segments.size() - 1);
}

void World::emit_segment_event(EventType type, std::uint16_t host, std::uint32_t record,
                               std::uint32_t conn, Reason why) {
  if (Event* e = new_event(type, host, conn, why)) e->segment = record;
}

std::uint16_t World::host_by_addr(Addr addr) const {
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    if (hosts_[i].addr == addr) return static_cast<std::uint16_t>(i);
  }
  return kNoHost;
}

std::uint16_t World::host_by_name(const std::string& name) const {
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    if (hosts_[i].name == name) return static_cast<std::uint16_t>(i);
  }
  return kNoHost;
}

Tcb* World::find_tcb(std::uint32_t id) {
  if (id >= tcbs_.size()) return nullptr;
  Tcb& t = tcbs_[id];
  return t.id == kNone ? nullptr : &t;
}

Tcb& World::new_tcb(std::uint16_t host) {
  Tcb& t = tcbs_.emplace_back();
  t.id = static_cast<std::uint32_t>(tcbs_.size() - 1);
  t.host = host;
  t.our_mss = host_mss(host);
  return t;
}

std::uint16_t World::host_mss(std::uint16_t host) const {
  return static_cast<std::uint16_t>(hosts_[host].mtu - kIpHeader - 20);  // RFC 9293 §3.7.1
}

void World::destroy(Tcb& tcb, Reason why) {
  for (TcbTimer w : {TcbTimer::rtx, TcbTimer::delack, TcbTimer::keepalive, TcbTimer::close}) {
    Timer& t = timer_of(tcb, w);
    if (t.armed()) {
      t.deadline = kNever;
      ++t.generation;
    }
  }
  set_state(tcb, TcpState::CLOSED, why);
  hosts_[tcb.host].conns.erase(conn_key(tcb.local, tcb.remote));
  if (tcb.program != kNone) wake_program(tcb.program);
  tcb.id = kNone;  // tombstone: timers and lookups ignore it from now on
}

void World::wake_program(std::uint32_t program) {
  if (program >= programs_.size()) return;
  ProgramState& p = programs_[program];
  if (p.done || !p.blocked || p.wake_queued) return;
  p.wake_queued = true;
  schedule(now_, Due::program, program);
}

}  // namespace synack
