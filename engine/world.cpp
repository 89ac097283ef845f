#include "world.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace synack {

Trace run_scenario(const ScenarioSpec& spec, const RunOptions& options, RunStats* stats) {
  World world(spec, options);
  return world.run(stats);
}

namespace {

// Settings arrive parsed (parse_sysctl at the edge); a spec built in code is still held to
// the knob table's ranges, so no value outside them reaches a timer.
void check_settings(const SysctlOverrides& settings, const std::string& where) {
  for (const SysctlSetting& s : settings) {
    try {
      checked_sysctl(s.knob, s.value);
    } catch (const SysctlError& e) {
      throw SetupError(where + "." + std::string(knob_info(s.knob).name), e.what());
    }
  }
}

}  // namespace

World::World(const ScenarioSpec& spec, const RunOptions& options)
    : spec_(spec),
      options_(options),
      seed_(options.seed.value_or(spec.seed)),
      rng_(options.seed.value_or(spec.seed)) {
  const std::string profile = options.profile.value_or(spec.profile);
  auto base = Sysctls::for_profile(profile);
  if (!base) {
    throw SetupError("profile",
                     fmt::format("unknown profile '{}'; valid: classic, linux-6.18", profile));
  }
  check_settings(spec.sysctls, "sysctl");
  check_settings(options.sysctls, "--set");
  base->apply(spec.sysctls);
  base->apply(options.sysctls);

  trace_.scenario = spec.id;
  trace_.seed = seed_;
  trace_.profile = profile;
  for (const auto& k : all_knobs()) {
    trace_.sysctls.emplace_back(std::string(k.name), base->value(k.id));
  }
  add_hosts(*base);
  add_rules();
  add_programs_and_attackers();
}

void World::add_hosts(const Sysctls& base) {
  if (spec_.hosts.empty()) throw SetupError("host", "a scenario needs at least one host");
  for (std::size_t i = 0; i < spec_.hosts.size(); ++i) {
    const HostSpec& h = spec_.hosts[i];
    if (host_by_name(h.name) != kNoHost)
      throw SetupError("host", fmt::format("host '{}' defined twice", h.name));
    if (h.mtu < 68 || h.mtu > kMaxIpDatagram) {  // RFC 791: every host takes 68
      throw SetupError(fmt::format("host[{}].mtu", i), "must be in 68..65535");
    }
    StackConfig config;
    config.index = static_cast<std::uint16_t>(i);
    config.name = h.name;
    config.addr = h.addr != 0 ? h.addr : (Addr{10} << 24 | static_cast<Addr>(i + 1));
    config.sys = base;
    config.mtu = h.mtu;
    config.ignores_mss = h.ignores_mss;
    config.two_way_handshake = spec_.two_way_handshake;
    config.time_wait = spec_.time_wait;
    config.seed = seed_;
    config.fixed_isn = spec_.isn == IsnMode::fixed;
    config.fixed_isn_value = spec_.fixed_isn;
    check_settings(h.sysctls, fmt::format("host[{}].sysctl", i));
    config.sys.apply(h.sysctls);
    HostInfo info{config.name, config.addr, {}};
    for (const SysctlSetting& s : h.sysctls) {
      info.sysctl_overrides.emplace_back(std::string(knob_info(s.knob).name),
                                         config.sys.value(s.knob));
    }
    host_of_name_.emplace(config.name, config.index);
    host_of_addr_.emplace(config.addr, config.index);
    links_.push_back({config.name, config.addr, config.mtu, 1, {}});
    stacks_.emplace_back(config, static_cast<StackEnv&>(*this));
    queued_head_.emplace_back(kNever, 0);
    trace_.hosts.push_back(std::move(info));
  }
  for (std::size_t i = 0; i < spec_.links.size(); ++i) {
    const LinkSpec& l = spec_.links[i];
    auto from = host_by_name(l.from);
    auto to = host_by_name(l.to);
    if (from == kNoHost || to == kNoHost) {
      throw SetupError(fmt::format("network.link[{}]", i),
                       fmt::format("unknown host in link {} -> {}", l.from, l.to));
    }
    link_latency_[std::uint32_t{from} << 16 | to] = l.latency;
  }
}

void World::add_rules() {
  auto add_rule = [this](const RuleSpec& r, const std::string& where) {
    RuleState rs{&r, kNoHost, 0};
    if (!r.match.from.empty()) {
      rs.from_host = host_by_name(r.match.from);
      if (rs.from_host == kNoHost) {
        std::string valid;
        for (const auto& h : links_) valid += (valid.empty() ? "" : ", ") + h.name;
        throw SetupError(where, fmt::format("unknown host '{}'; valid: {}", r.match.from, valid),
                         r.line);
      }
    }
    rules_.push_back(rs);
    rules_match_seq_ = rules_match_seq_ || r.match.match_seq;
  };
  for (std::size_t i = 0; i < spec_.rules.size(); ++i)
    add_rule(spec_.rules[i], fmt::format("network.rule[{}].from", i));
  for (const auto& r : options_.extra_rules) add_rule(r, "--drop");
}

void World::add_programs_and_attackers() {
  programs_.reserve(spec_.programs.size());
  starts_.reserve(spec_.programs.size());
  for (std::size_t i = 0; i < spec_.programs.size(); ++i) {
    ProgramState p;
    p.spec = &spec_.programs[i];
    p.host = host_by_name(p.spec->host);
    p.proc.id = static_cast<std::uint32_t>(i);
    if (p.host == kNoHost)
      throw SetupError(fmt::format("program[{}].host", i),
                       fmt::format("unknown host '{}'", p.spec->host));
    for (std::size_t s = 0; s < p.spec->steps.size(); ++s) {
      const StepSpec& st = p.spec->steps[s];
      if (st.call == AppCall::connect && host_by_name(st.peer) == kNoHost) {
        throw SetupError(fmt::format("program[{}].steps[{}].to", i, s),
                         fmt::format("unknown host '{}'", st.peer), st.line);
      }
    }
    programs_.push_back(std::move(p));
    starts_.push_back(
        {spec_.programs[i].start, next_order_++, Due::program, static_cast<std::uint32_t>(i), 0});
  }
  std::sort(starts_.begin(), starts_.end(),
            [](const Pending& a, const Pending& b) { return b > a; });
  for (std::size_t i = 0; i < spec_.floods.size(); ++i) {
    const SynFloodSpec& f = spec_.floods[i];
    if (host_by_name(f.host) == kNoHost || host_by_name(f.target) == kNoHost) {
      throw SetupError(fmt::format("attacker.syn_flood[{}]", i), "unknown attacker or target host");
    }
    if (f.rate_per_s <= 0)
      throw SetupError(fmt::format("attacker.syn_flood[{}].rate_per_s", i), "must be positive");
    flood_hosts_.emplace_back(host_by_name(f.host), host_by_name(f.target));
    if (f.count > 0) schedule(f.start, Due::flood, static_cast<std::uint32_t>(i), 0);
  }
  for (std::size_t i = 0; i < spec_.injects.size(); ++i) {
    if (host_by_name(spec_.injects[i].host) == kNoHost) {
      throw SetupError(fmt::format("attacker.inject[{}].host", i),
                       fmt::format("unknown host '{}'", spec_.injects[i].host));
    }
    schedule(spec_.injects[i].at, Due::inject, static_cast<std::uint32_t>(i));
  }
}

Trace World::run(RunStats* stats) {
  const Micros limit =
      spec_.stop_at > 0 ? std::min(spec_.stop_at, options_.time_limit) : options_.time_limit;
  while (const Pending* next = next_pending()) {
    const Pending p = *next;
    if (p.what == Due::host_timer && !head_is(p)) {  // superseded wake-up
      pop_pending();
      continue;
    }
    if (p.t > limit) {
      trace_.truncated = spec_.stop_at == 0;
      break;
    }
    pop_pending();
    now_ = p.t;
    switch (p.what) {
      case Due::deliver:
        deliver(p.a);
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
      case Due::reassembly_timer:
        on_reassembly_timer(p.a);
        break;
      case Due::host_timer:
        queued_head_[p.a] = {kNever, 0};
        stacks_[p.a].fire_next(now_);
        note_head(static_cast<std::uint16_t>(p.a));
        break;
    }
  }
  // Stale timer entries may have advanced the clock past the last thing that happened.
  trace_.end_time = trace_.events.empty() ? now_ : trace_.events.back().t;
  for (const HostStack& s : stacks_) {
    stats_.connections_peak += s.tcbs_peak();
    stats_.connections_at_end += s.tcbs_held();
  }
  if (stats) *stats = stats_;
  trace_.events.finish_appending();
  trace_.segments.finish_appending();
  return std::move(trace_);
}

const World::Pending* World::next_pending() const {
  const Pending* start = next_start_ < starts_.size() ? &starts_[next_start_] : nullptr;
  if (queue_.empty()) return start;
  return start && queue_.top() > *start ? start : &queue_.top();
}

void World::pop_pending() {
  if (next_start_ < starts_.size() && (queue_.empty() || queue_.top() > starts_[next_start_])) {
    ++next_start_;
  } else {
    queue_.pop();
  }
}

void World::schedule(Micros t, Due what, std::uint32_t a, std::uint32_t b) {
  queue_.push(Pending{t, next_order_++, what, a, b});
}

void World::note_head(std::uint16_t host) {
  const auto head = stacks_[host].next_due();
  if (head.first == kNever || head == queued_head_[host]) return;
  queued_head_[host] = head;
  queue_.push(Pending{head.first, head.second, Due::host_timer, host, 0});
}

bool World::head_is(const Pending& p) const {
  return stacks_[p.a].next_due() == std::pair{p.t, p.order};
}

void World::wake_program(std::uint32_t program) {
  if (program >= programs_.size()) return;
  ProgramState& p = programs_[program];
  if (p.done || !p.blocked || p.wake_queued) return;
  p.wake_queued = true;
  schedule(now_, Due::program, program);
}

void World::wake_program_at(std::uint32_t program, Micros t) {
  schedule(t, Due::program, program);
}

void World::add_event(const Event& e) {
  ++stats_.events;
  if (options_.record) trace_.events.push_back(e);
}

void World::emit_timer(std::uint16_t host, std::uint32_t conn, TimerKind kind, TimerAction action,
                       Micros deadline, Reason why) {
  add_event(make_timer_event(now_, host, conn, kind, action, deadline, why));
}

std::uint32_t World::seq_base(const Segment& seg) {
  // Relative numbers as Wireshark shows them: each direction counts from its first SYN,
  // or from the first sequence number seen if it never sent one.
  auto [it, fresh] = seq_base_.try_emplace({seg.src, seg.dst}, seg.seq);
  if (!fresh && seg.has(kSyn) && it->second != seg.seq) it->second = seg.seq;  // a new incarnation
  return it->second;
}

std::uint32_t World::record_segment(const Segment& seg, std::uint16_t from, std::uint16_t to,
                                    std::uint32_t retransmit_of, const IpFragment& frag) {
  if (!options_.record) return kNoIndex;
  const std::uint32_t base = seq_base(seg);
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
  Event e = make_event(now_, type, host, conn, why);
  e.segment = record;
  add_event(e);
}

std::uint16_t World::host_by_addr(Addr addr) const {
  if (links_.size() <= kScanHosts) {  // a few hosts: a scan is faster than hashing
    for (std::size_t i = 0; i < links_.size(); ++i) {
      if (links_[i].addr == addr) return static_cast<std::uint16_t>(i);
    }
    return kNoHost;
  }
  auto it = host_of_addr_.find(addr);
  return it == host_of_addr_.end() ? kNoHost : it->second;
}

std::uint16_t World::host_by_name(const std::string& name) const {
  if (links_.size() <= kScanHosts) {
    for (std::size_t i = 0; i < links_.size(); ++i) {
      if (links_[i].name == name) return static_cast<std::uint16_t>(i);
    }
    return kNoHost;
  }
  auto it = host_of_name_.find(name);
  return it == host_of_name_.end() ? kNoHost : it->second;
}

Micros World::latency(std::uint16_t from, std::uint16_t to) const {
  if (link_latency_.empty()) return spec_.latency;
  auto it = link_latency_.find(std::uint32_t{from} << 16 | to);
  return it == link_latency_.end() ? spec_.latency : it->second;
}

}  // namespace synack
