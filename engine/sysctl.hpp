#pragma once
// Every engine knob, named after the Linux sysctl it models, with its default in each
// profile. `classic` holds the values the course material teaches; `linux-6.18` holds what
// the reference captures (shared/fixtures/linux-captures) were made with.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace synack {

enum class Knob : std::uint8_t {
  tcp_syn_retries,
  tcp_synack_retries,
  tcp_syn_linear_timeouts,
  tcp_retries2,
  tcp_orphan_retries,
  tcp_fin_timeout,
  tcp_keepalive_time,
  tcp_keepalive_intvl,
  tcp_keepalive_probes,
  tcp_max_syn_backlog,
  somaxconn,
  tcp_abort_on_overflow,
  tcp_syncookies,
  tcp_timestamps,
  tcp_sack,
  tcp_dsack,
  tcp_window_scaling,
  tcp_early_retrans,
  tcp_rto_min_us,
  tcp_tw_reuse,
  tcp_tw_reuse_delay,
  tcp_max_tw_buckets,
  ip_local_port_range,
  ipfrag_time,
  tcp_congestion_control,
  tcp_slow_start_after_idle,
  tcp_recovery,
  kCount,
};
inline constexpr std::size_t kKnobCount = static_cast<std::size_t>(Knob::kCount);

struct KnobInfo {
  Knob id;
  std::string_view name;    // "tcp_syn_retries"
  std::string_view prefix;  // "net.ipv4." or "net.core."
  std::int64_t classic;     // default in the `classic` profile
  std::int64_t linux_6_18;  // default in the `linux-6.18` profile
  std::int64_t min;
  std::int64_t max;
  std::string_view unit;  // "", "s", "us"
  std::string_view help;  // one line, English
  bool pair = false;      // two numbers, like ip_local_port_range: "32768 60999"
  // A knob whose values have names ("reno cubic"): the value is the name's index.
  std::string_view names = "";
};
// The name of value `v` of a named knob ("cubic"), or "" if it has none.
std::string_view knob_value_name(const KnobInfo& k, std::int64_t v);

// A pair knob packs its two numbers into one value: first << 16 | second.
constexpr std::int64_t pack_pair(std::int64_t first, std::int64_t second) {
  return first << 16 | second;
}
constexpr std::int64_t pair_first(std::int64_t v) {
  return v >> 16;
}
constexpr std::int64_t pair_second(std::int64_t v) {
  return v & 0xffff;
}
// "5", or "32768 60999" for a pair, as /proc/sys shows it.
std::string format_knob_value(const KnobInfo& k, std::int64_t v);

std::span<const KnobInfo> all_knobs();
const KnobInfo& knob_info(Knob k);
// Accepts "tcp_syn_retries", "net.ipv4.tcp_syn_retries" and "net.core.somaxconn".
std::optional<Knob> find_knob(std::string_view name);

// One knob and a value for it: what a `--set`, a scenario's [sysctl] table and the window's
// sysctl panel are parsed into, once, where the text comes in. The engine reads only these.
struct SysctlSetting {
  Knob knob = Knob::tcp_syn_retries;
  std::int64_t value = 0;
  bool operator==(const SysctlSetting&) const = default;
};
using SysctlOverrides = std::vector<SysctlSetting>;

// Why a sysctl cannot be set, whichever way it came in. `unknown_name` says the name is no
// knob (callers may suggest a close one); otherwise the value is malformed or out of range.
class SysctlError : public std::invalid_argument {
 public:
  SysctlError(std::string message, std::string name, bool unknown_name)
      : std::invalid_argument(std::move(message)),
        name_(std::move(name)),
        unknown_name_(unknown_name) {}
  const std::string& name() const { return name_; }
  bool unknown_name() const { return unknown_name_; }

 private:
  std::string name_;
  bool unknown_name_;
};

// NAME and VALUE as typed ("net.ipv4.tcp_syn_retries", "3"; "32768 60999" for a pair),
// checked against the knob table; throws SysctlError naming what is valid.
SysctlSetting parse_sysctl(std::string_view name, std::string_view value);
// "NAME=VALUE", as `--set` takes it.
SysctlSetting parse_sysctl_arg(std::string_view text);
// A value that is already a number (a TOML integer), range-checked.
SysctlSetting checked_sysctl(Knob knob, std::int64_t value);
// "tcp_syn_retries=3", "ip_local_port_range=32768 60999".
std::string format_setting(const SysctlSetting& s);
// "  tcp_syn_retries            1..127" lines for every knob, for error messages.
std::string valid_sysctl_list();

inline constexpr std::array<std::string_view, 2> kProfiles = {"classic", "linux-6.18"};

class Sysctls {
 public:
  // nullopt for an unknown profile name.
  static std::optional<Sysctls> for_profile(std::string_view profile);

  std::int64_t operator[](Knob k) const { return values_[static_cast<std::size_t>(k)]; }
  void set(Knob k, std::int64_t v) { values_[static_cast<std::size_t>(k)] = v; }
  void apply(const SysctlOverrides& settings) {
    for (const SysctlSetting& s : settings) set(s.knob, s.value);
  }
  const std::string& profile() const { return profile_; }
  // Facts of the profile's kernel that are no sysctls: the receive window scale Linux
  // derives from the largest receive buffer (tcp_rmem[2]: 6 MB on the kernels the material
  // describes, shift 7; 32 MB on 6.x, shift 10), and whether the RTO is kept in jiffies,
  // rounded up to 4 ms (capture 08c).
  std::int8_t window_scale() const { return window_scale_; }
  bool rto_in_jiffies() const { return rto_in_jiffies_; }
  // The largest receive window autotuning grows to: half of tcp_rmem[2] (the rest of the
  // buffer is overhead): 6 MB / 2 on the material's kernels, 32 MB / 2 on 6.x.
  std::int64_t receive_space_max() const { return receive_space_max_; }

 private:
  std::string profile_;
  std::int8_t window_scale_ = 7;
  bool rto_in_jiffies_ = false;
  std::int64_t receive_space_max_ = 3 << 20;
  std::array<std::int64_t, kKnobCount> values_{};
};

}  // namespace synack
