// What limits a client that opens and closes many connections to one server: the ephemeral
// port range, TIME_WAIT holding each port for 60 s, tcp_tw_reuse taking such ports back, and
// tcp_max_tw_buckets capping TIME_WAIT itself.

#include "host_stack.hpp"

namespace synack {

// Linux's __inet_hash_connect (4.6+): from a random even offset, try every other port, then
// the ports of the other parity (connect() prefers one parity so bind() finds the other
// free). An odd-sized range loses its last port, as in Linux. A port is usable if no
// connection to this destination holds it, or if the one that does is a reusable TIME_WAIT.
std::optional<std::uint16_t> HostStack::pick_local_port(SockAddr remote) {
  const KnobValue& range = cfg_.sys.value(Knob::ip_local_port_range);
  const std::uint32_t low = static_cast<std::uint32_t>(range[0]);
  std::uint32_t remaining = static_cast<std::uint32_t>(range[1]) - low + 1;
  if (remaining > 1) remaining &= ~1u;
  std::uint32_t offset = static_cast<std::uint32_t>(env_.random() % remaining) & ~1u;
  for (int pass = 0; pass < 2; ++pass, ++offset) {
    std::uint32_t port = low + offset % remaining;
    for (std::uint32_t i = 0; i < remaining; i += 2, port += 2) {
      if (port >= low + remaining) port -= remaining;
      const SockAddr local{cfg_.addr, static_cast<std::uint16_t>(port)};
      auto it = conns_.find(conn_key(local, remote));
      if (it == conns_.end() || time_wait_reusable(*tcbs_.find(it->second))) return local.port;
    }
  }
  return std::nullopt;
}

// tcp_twsk_unique(): needs tcp_tw_reuse=1 (2 means loopback only, and no simulated host is
// one), timestamps on the old connection (so PAWS tells its stray segments from the new
// ones), and tcp_tw_reuse_delay since the peer's last timestamp.
bool HostStack::time_wait_reusable(const Tcb& old) const {
  const Sysctls& sys = cfg_.sys;
  return old.state == TcpState::TIME_WAIT && sys[Knob::tcp_tw_reuse] == 1 && old.opt.timestamps &&
         old.ts_recent_stamp >= 0 &&
         now_ - old.ts_recent_stamp > sys[Knob::tcp_tw_reuse_delay] * kMicrosPerMs;
}

// inet_twsk_alloc() refuses once this many TIME_WAIT sockets exist; tcp_time_wait() then
// closes the socket at once.
bool HostStack::time_wait_table_full() const {
  return time_wait_count_ >= cfg_.sys[Knob::tcp_max_tw_buckets];
}

}  // namespace synack
