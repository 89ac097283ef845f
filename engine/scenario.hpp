#pragma once
// A scenario as plain data: hosts, network, attackers and the socket programs each host
// runs. The app loads it from TOML; tests build it in code. No text, no narration here.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "segment.hpp"
#include "sysctl.hpp"
#include "time.hpp"
#include "trace.hpp"

namespace synack {

struct HostSpec {
  std::string name;
  Addr addr = 0;
  SysctlOverrides sysctls;   // on top of the scenario-wide values
  std::uint32_t mtu = 1500;  // the link's MTU; the MSS offered is this minus 40
  // Counterfactual (topic BA-10): this host's TCP ignores the MSS and leaves it to IP to
  // fragment its segments to fit the MTU. Linux cannot be set to do this.
  bool ignores_mss = false;
};

// One blocking socket call, run in order by a program (like a small Python script).
struct StepSpec {
  AppCall call = AppCall::sleep;
  std::string peer;              // connect: host name
  std::uint16_t port = 0;        // listen: local port; connect: remote port
  std::uint16_t local_port = 0;  // connect: fixed source port (0: ephemeral)
  std::int64_t bytes = 0;        // send: bytes to write; recv: read at most (0: all available)
  Micros duration = 0;           // sleep; reboot_host: downtime
  Micros timeout = 0;            // connect: the program gives up after this long (0: never)
  int backlog = 128;             // listen
  int keepalive_idle_s = 0;      // keepalive (TCP_KEEPIDLE/INTVL/CNT; 0: use the sysctl)
  int keepalive_intvl_s = 0;
  int keepalive_probes = 0;
  bool shutdown_read = false;  // shutdown: SHUT_RD as well as SHUT_WR
  // setsockopt: TCP_NODELAY (-1: leave as is), SO_RCVBUF and SO_SNDBUF in bytes (0: leave)
  int nodelay = -1;
  std::int64_t rcvbuf = 0;
  std::int64_t sndbuf = 0;
  int line = 0;  // source line, for error messages
};

struct ProgramSpec {
  std::string name;  // for messages ("client", "server", "client-2")
  std::string host;
  Micros start = 0;
  std::vector<StepSpec> steps;
};

// Which segments a network rule applies to.
struct SegmentMatch {
  std::string from;                   // sending host name ("" = any)
  std::optional<std::uint8_t> flags;  // exact flag set; nullopt = any
  int nth = 0;                        // 1-based: only the Nth match; 0 = every match
  int nth_last = 0;                   // with nth: the Nth to this one, inclusive (0: just Nth)
  std::optional<bool> has_payload;    // true: len > 0 only; false: len == 0 only
  int fragment = 0;                   // 1-based: only this IP fragment of a datagram; 0 = any
  Micros after = 0;                   // active from this time...
  Micros before = kNever;             // ...until this time
  std::optional<std::uint16_t> src_port;
  std::optional<std::uint16_t> dst_port;
  // Sequence numbers relative to the sender's ISN, as the diagram shows them (the SYN is 0,
  // the first data byte 1): only segments whose first number is in [seq_first, seq_last].
  bool match_seq = false;
  std::uint32_t seq_first = 0;
  std::uint32_t seq_last = 0;
};

enum class RuleAction : std::uint8_t { drop, delay, duplicate, reorder };

struct RuleSpec {
  RuleAction action = RuleAction::drop;
  SegmentMatch match;
  Micros delay = 0;  // delay: extra latency; duplicate: gap before the copy
  int line = 0;
};

struct LinkSpec {
  std::string from;
  std::string to;
  Micros latency = 0;  // one-way, this direction only
};

struct SynFloodSpec {
  std::string host;    // the attacker
  std::string target;  // victim host name
  std::uint16_t port = 0;
  double rate_per_s = 100;
  std::int64_t count = 100;
  Micros start = 0;
  Addr spoof_base = 0;  // spoofed sources: spoof_base + i % spoof_count
  std::uint32_t spoof_count = 256;
  std::uint16_t src_port_base = 1024;  // source port: src_port_base + i / spoof_count
};

struct InjectSpec {
  std::string host;  // the attacker that sends it
  Micros at = 0;
  SockAddr src;  // spoofed
  SockAddr dst;
  std::uint8_t flags = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint32_t len = 0;
  // seq and ack are offsets from what the receiving host expects on the src-dst connection
  // at that moment (its RCV.NXT and SND.NXT): an attacker who guessed the window exactly.
  bool relative = false;
};

enum class IsnMode : std::uint8_t { rfc6528, fixed };

struct ScenarioSpec {
  std::string id;
  std::string profile = "classic";
  SysctlOverrides sysctls;
  std::vector<HostSpec> hosts;
  Micros latency = 10 * kMicrosPerMs;  // one-way default between any two hosts
  std::vector<LinkSpec> links;
  std::vector<RuleSpec> rules;
  std::vector<ProgramSpec> programs;
  std::vector<SynFloodSpec> floods;
  std::vector<InjectSpec> injects;
  IsnMode isn = IsnMode::rfc6528;
  // Counterfactuals the material argues with; neither is something Linux can be set to.
  bool two_way_handshake = false;         // the server establishes on the SYN alone
  Micros time_wait = 60 * kMicrosPerSec;  // TIME_WAIT length (Linux: TCP_TIMEWAIT_LEN, fixed)
  std::uint32_t fixed_isn = 0;
  std::uint64_t seed = 1;
  Micros stop_at = 0;  // 0: run until nothing is left to do (bounded by RunOptions::time_limit)
};

}  // namespace synack
