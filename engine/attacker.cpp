// An attacker host: a SYN flood from spoofed addresses, and single crafted segments.
#include "world.hpp"

namespace synack {

void World::flood_tick(std::uint32_t flood, std::uint32_t index) {
  const SynFloodSpec& f = spec_.floods[flood];
  const auto [attacker, target] = flood_hosts_[flood];
  if (!stacks_[attacker].up()) return;
  Segment s;
  s.src = {f.spoof_base + index % f.spoof_count,
           static_cast<std::uint16_t>(f.src_port_base + (index / f.spoof_count) % 64000)};
  s.dst = {links_[target].addr, f.port};
  s.seq = static_cast<std::uint32_t>(random());
  s.flags = kSyn;
  s.win = 64240;
  s.opt.mss = 1460;
  transmit(attacker, s, {Why::attacker_spoofed_syn}, 0, kNoIndex);
  if (static_cast<std::int64_t>(index) + 1 < f.count) {
    const Micros next =
        f.start + static_cast<Micros>(static_cast<double>(index + 1) * 1e6 / f.rate_per_s);
    schedule(next, Due::flood, flood, index + 1);
  }
}

void World::inject(std::uint32_t index) {
  const InjectSpec& in = spec_.injects[index];
  const std::uint16_t attacker = host_by_name(in.host);
  Segment s;
  s.src = in.src;
  s.dst = in.dst;
  s.seq = in.seq;
  s.ack = in.ack;
  if (in.relative) {
    // Aim at the window the victim (dst) has now; no such connection: the offsets as given.
    const std::uint16_t victim = host_by_addr(in.dst.addr);
    if (victim != kNoHost) {
      const HostStack& stack = stacks_[victim];
      if (const Tcb* t = stack.find_tcb(stack.conn_for(in.dst, in.src))) {
        s.seq = t->rcv_nxt + in.seq;
        s.ack = t->snd_nxt + in.ack;
      }
    }
  }
  s.flags = in.flags;
  s.len = in.len;
  s.win = 64240;
  transmit(attacker, s, {Why::attacker_injected}, 0, kNoIndex);
}

}  // namespace synack
