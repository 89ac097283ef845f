#include "sysctl.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include <charconv>

namespace synack {
namespace {

// clang-format off
constexpr KnobInfo kKnobs[] = {
  {Knob::tcp_syn_retries, "tcp_syn_retries", "net.ipv4.", 5, 6, 1, 127, "",
   "SYN retransmissions before connect() gives up (ETIMEDOUT); the material teaches 5, Linux 6.x uses 6"},
  {Knob::tcp_synack_retries, "tcp_synack_retries", "net.ipv4.", 5, 5, 1, 255, "",
   "SYN-ACK retransmissions before a pending request is dropped"},
  {Knob::tcp_syn_linear_timeouts, "tcp_syn_linear_timeouts", "net.ipv4.", 0, 4, 0, 16, "",
   "SYN retransmissions that keep the 1 s timeout before doubling starts (Linux 6.x)"},
  {Knob::tcp_retries2, "tcp_retries2", "net.ipv4.", 15, 15, 1, 255, "",
   "how long data retransmission goes on, as a count of doublings of the 200 ms RTO (15 = 924.6 s)"},
  {Knob::tcp_orphan_retries, "tcp_orphan_retries", "net.ipv4.", 0, 0, 0, 255, "",
   "retries for a FIN of a socket the application has closed; 0 means 8"},
  {Knob::tcp_fin_timeout, "tcp_fin_timeout", "net.ipv4.", 60, 60, 1, 600, "s",
   "how long an orphaned FIN_WAIT_2 connection waits for the peer's FIN"},
  {Knob::tcp_keepalive_time, "tcp_keepalive_time", "net.ipv4.", 7200, 7200, 1, 32767, "s",
   "idle time before the first keepalive probe (SO_KEEPALIVE sockets only)"},
  {Knob::tcp_keepalive_intvl, "tcp_keepalive_intvl", "net.ipv4.", 75, 75, 1, 32767, "s",
   "time between unanswered keepalive probes"},
  {Knob::tcp_keepalive_probes, "tcp_keepalive_probes", "net.ipv4.", 9, 9, 1, 127, "",
   "unanswered probes before the connection is declared dead"},
  {Knob::tcp_max_syn_backlog, "tcp_max_syn_backlog", "net.ipv4.", 1024, 2048, 1, 1 << 20, "",
   "with syncookies off, new requests are refused once fewer than a quarter of this remain"},
  {Knob::somaxconn, "somaxconn", "net.core.", 128, 4096, 1, 1 << 20, "",
   "upper bound of the listen() backlog (accept queue length)"},
  {Knob::tcp_abort_on_overflow, "tcp_abort_on_overflow", "net.ipv4.", 0, 0, 0, 1, "",
   "1: answer the handshake's final ACK with RST when the accept queue is full"},
  {Knob::tcp_syncookies, "tcp_syncookies", "net.ipv4.", 1, 1, 0, 2, "",
   "0: never, 1: when the SYN queue is full, 2: always answer SYNs with a cookie"},
  {Knob::tcp_timestamps, "tcp_timestamps", "net.ipv4.", 1, 1, 0, 1, "",
   "offer the timestamp option (RFC 7323)"},
  {Knob::tcp_sack, "tcp_sack", "net.ipv4.", 1, 1, 0, 1, "",
   "offer selective acknowledgements (RFC 2018)"},
  {Knob::tcp_dsack, "tcp_dsack", "net.ipv4.", 1, 1, 0, 1, "",
   "report duplicate segments with D-SACK (RFC 2883)"},
  {Knob::tcp_window_scaling, "tcp_window_scaling", "net.ipv4.", 1, 1, 0, 1, "",
   "offer the window scale option (RFC 7323)"},
  {Knob::tcp_early_retrans, "tcp_early_retrans", "net.ipv4.", 0, 3, 0, 4, "",
   "3: tail-loss probes (Linux default); 0: plain RTO only, as the material describes"},
  {Knob::tcp_rto_min_us, "tcp_rto_min_us", "net.ipv4.", 200000, 200000, 1000, 120000000, "us",
   "lower bound of the retransmission timeout once a connection is established"},
  {Knob::tcp_tw_reuse, "tcp_tw_reuse", "net.ipv4.", 0, 2, 0, 2, "",
   "1: connect() may reuse a TIME_WAIT 4-tuple after 1 s (needs timestamps); 2: loopback only"},
  {Knob::tcp_tw_reuse_delay, "tcp_tw_reuse_delay", "net.ipv4.", 1000, 1000, 1, 2000000000, "ms",
   "how long a TIME_WAIT must have heard nothing from its peer before tcp_tw_reuse may take it (Linux 6.14+; before, about 1 s)"},
  {Knob::tcp_max_tw_buckets, "tcp_max_tw_buckets", "net.ipv4.", 180000, 262144, 0, 1 << 30, "",
   "most TIME_WAIT sockets at once; beyond it a closing socket skips TIME_WAIT (Linux sizes the default from memory)"},
  {Knob::ip_local_port_range, "ip_local_port_range", "net.ipv4.", {32768, 61000},
   {32768, 60999}, 1, 65535, "",
   "ephemeral ports connect() picks from; 60999 since Linux 4.6 (the material's 61000 is older)", 2},
  {Knob::ipfrag_time, "ipfrag_time", "net.ipv4.", 30, 30, 1, 3600, "s",
   "how long IP keeps the fragments of an incomplete datagram before throwing them away"},
  {Knob::tcp_congestion_control, "tcp_congestion_control", "net.ipv4.", 0, 1, 0, 1, "",
   "how cwnd grows after a loss: reno (the textbook's AIMD) or cubic (Linux's default since 2.6.19)",
   1, "reno cubic"},
  {Knob::tcp_slow_start_after_idle, "tcp_slow_start_after_idle", "net.ipv4.", 1, 1, 0, 1, "",
   "1: after an idle period longer than the RTO, cwnd shrinks back towards the initial window"},
  {Knob::tcp_recovery, "tcp_recovery", "net.ipv4.", 0, 1, 0, 1, "",
   "1: RACK detects losses by time (RFC 8985, Linux default); 0: three duplicate ACKs, as the material describes"},
  {Knob::tcp_rmem, "tcp_rmem", "net.ipv4.", {4096, 131072, 6291456}, {4096, 131072, 33554432},
   1, 1 << 30, "bytes",
   "receive buffer: min (only under memory pressure, not modelled), default (half of it is the first window), max (half of it is as far as autotuning grows the window; sets the window scale)", 3},
  {Knob::tcp_wmem, "tcp_wmem", "net.ipv4.", {4096, 16384, 4194304}, {4096, 16384, 4194304},
   1, 1 << 30, "bytes",
   "send buffer: min (memory pressure, not modelled), default (where Linux starts), max (what autotuning grows to; the engine allows it at once): how much a send() may queue before it blocks, without SO_SNDBUF", 3},
};
// clang-format on
static_assert(std::size(kKnobs) == kKnobCount, "every Knob needs a row");

constexpr bool rows_in_enum_order() {
  for (std::size_t i = 0; i < std::size(kKnobs); ++i) {
    if (static_cast<std::size_t>(kKnobs[i].id) != i) return false;
  }
  return true;
}
static_assert(rows_in_enum_order(), "kKnobs must follow the order of enum Knob");

bool parse_int(std::string_view text, std::int64_t& v) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

std::string format_knob_value(const KnobInfo& k, const KnobValue& v) {
  if (k.parts > 1) return fmt::format("{}", fmt::join(v.n.begin(), v.n.begin() + k.parts, " "));
  if (auto name = knob_value_name(k, v[0]); !name.empty()) return std::string(name);
  return fmt::format("{}", v[0]);
}

std::span<const KnobInfo> all_knobs() {
  return kKnobs;
}

const KnobInfo& knob_info(Knob k) {
  return kKnobs[static_cast<std::size_t>(k)];
}

std::optional<Knob> find_knob(std::string_view name) {
  for (const auto& k : kKnobs) {
    if (name == k.name) return k.id;
    if (name.size() == k.prefix.size() + k.name.size() && name.starts_with(k.prefix) &&
        name.ends_with(k.name)) {
      return k.id;
    }
  }
  return std::nullopt;
}

std::string_view knob_value_name(const KnobInfo& k, std::int64_t v) {
  std::string_view rest = k.names;
  for (std::int64_t i = 0; !rest.empty(); ++i) {
    const auto cut = rest.find(' ');
    const std::string_view name = rest.substr(0, cut);
    if (i == v) return name;
    rest = cut == std::string_view::npos ? std::string_view{} : rest.substr(cut + 1);
  }
  return {};
}

std::optional<Sysctls> Sysctls::for_profile(std::string_view profile) {
  Sysctls s;
  if (profile == "classic") {
    for (const auto& k : kKnobs) s.set(k.id, k.classic);
  } else if (profile == "linux-6.18") {
    for (const auto& k : kKnobs) s.set(k.id, k.linux_6_18);
    s.rto_in_jiffies_ = true;
  } else {
    return std::nullopt;
  }
  s.profile_ = std::string(profile);
  return s;
}

// Linux's first window after the handshake: half the default buffer (tcp_adv_win_scale = 1),
// at most 64 KiB, in whole 1448-byte segments, rounded down to 1 KiB (capture 01: 63 x 1024).
std::int64_t Sysctls::receive_space_initial() const {
  const std::int64_t space = std::min<std::int64_t>(value(Knob::tcp_rmem)[1] / 2, 65536);
  const std::int64_t segments = space >= 1448 ? space / 1448 * 1448 : space;
  return segments >= 1024 ? segments / 1024 * 1024 : segments;
}

// The largest window autotuning grows to: half the largest buffer (the rest is overhead).
std::int64_t Sysctls::receive_space_max() const {
  return std::max(value(Knob::tcp_rmem)[2] / 2, receive_space_initial());
}

// Linux tcp_select_initial_window(): the shift that lets the largest buffer be offered
// (6 MB: 7, 32 MB: 10).
std::int8_t Sysctls::window_scale() const {
  std::int8_t shift = 0;
  while ((value(Knob::tcp_rmem)[2] >> shift) > 65535 && shift < 14) ++shift;
  return shift;
}

namespace {

std::string range_text(const KnobInfo& info) {
  if (info.parts == 1) return fmt::format("{}..{}", info.min, info.max);
  return fmt::format("{} numbers from {} to {}, each at least the one before", info.parts, info.min,
                     info.max);
}

}  // namespace

SysctlSetting checked_sysctl(Knob knob, const KnobValue& value) {
  const KnobInfo& info = knob_info(knob);
  bool ok = true;
  for (std::size_t i = 0; i < info.parts; ++i) {
    ok = ok && value[i] >= info.min && value[i] <= info.max && (i == 0 || value[i - 1] <= value[i]);
  }
  for (std::size_t i = info.parts; i < value.n.size(); ++i) ok = ok && value[i] == 0;
  if (!ok) {
    const std::string shown = format_knob_value(info, value);
    throw SysctlError(fmt::format("{}: {} is out of range; valid: {}", info.name,
                                  info.parts > 1 ? "'" + shown + "'" : shown, range_text(info)),
                      std::string(info.name), false);
  }
  return {knob, value};
}

SysctlSetting parse_sysctl(std::string_view name, std::string_view value) {
  auto knob = find_knob(name);
  if (!knob) {
    std::string valid;
    for (const auto& k : kKnobs) valid += fmt::format("{}{}", valid.empty() ? "" : ", ", k.name);
    throw SysctlError(fmt::format("unknown sysctl '{}'; valid: {}", name, valid), std::string(name),
                      true);
  }
  const KnobInfo& info = knob_info(*knob);
  if (info.parts > 1) {
    // Numbers apart by blanks as /proc/sys takes them; "-" and "," too, since a space is
    // awkward on a command line.
    constexpr std::string_view kSeparators = " \t-,";
    KnobValue v;
    std::size_t count = 0, at = value.find_first_not_of(kSeparators);
    bool ok = true;
    while (ok && at != std::string_view::npos) {
      const auto cut = value.find_first_of(kSeparators, at);
      ok = count < info.parts && parse_int(value.substr(at, cut - at), v.n[count++]);
      at = cut == std::string_view::npos ? cut : value.find_first_not_of(kSeparators, cut);
    }
    if (!ok || count != info.parts) {
      throw SysctlError(fmt::format("{}: '{}' is not {} integers like \"{}\"", info.name, value,
                                    info.parts, format_knob_value(info, info.linux_6_18)),
                        std::string(info.name), false);
    }
    return checked_sysctl(*knob, v);
  }
  std::int64_t v = 0;
  if (!info.names.empty()) {
    for (std::int64_t i = info.min; i <= info.max; ++i) {
      if (knob_value_name(info, i) == value) return {*knob, i};
    }
  }
  if (!parse_int(value, v)) {
    if (!info.names.empty()) {
      throw SysctlError(fmt::format("{}: '{}' is not one of: {}", info.name, value, info.names),
                        std::string(info.name), false);
    }
    throw SysctlError(fmt::format("{}: '{}' is not an integer; valid: {}..{}", info.name, value,
                                  info.min, info.max),
                      std::string(info.name), false);
  }
  return checked_sysctl(*knob, v);
}

SysctlSetting parse_sysctl_arg(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw SysctlError(
        fmt::format("'{}': expected NAME=VALUE, e.g. tcp_syn_retries=3; valid names:\n{}", text,
                    valid_sysctl_list()),
        std::string(text), true);
  }
  return parse_sysctl(text.substr(0, eq), text.substr(eq + 1));
}

std::string format_setting(const SysctlSetting& s) {
  const KnobInfo& info = knob_info(s.knob);
  return fmt::format("{}={}", info.name, format_knob_value(info, s.value));
}

std::string valid_sysctl_list() {
  std::string out;
  for (const auto& k : kKnobs) {
    out += fmt::format("  {:<26} {}..{}{}{}\n", k.name, k.min, k.max,
                       k.unit.empty() ? "" : fmt::format(" {}", k.unit),
                       k.parts > 1 ? fmt::format(" ({} numbers)", k.parts) : "");
  }
  return out;
}

}  // namespace synack
