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
  tcp_rmem,
  tcp_wmem,
  kCount,
};
inline constexpr std::size_t kKnobCount = static_cast<std::size_t>(Knob::kCount);

// A knob's value: one number, or the two or three /proc/sys shows in one line
// (ip_local_port_range "32768 60999", tcp_rmem "4096 131072 33554432").
struct KnobValue {
  std::array<std::int64_t, 3> n{};
  constexpr KnobValue(std::int64_t v = 0) : n{v, 0, 0} {}  // implicit: most knobs are one number
  constexpr KnobValue(std::int64_t a, std::int64_t b, std::int64_t c = 0) : n{a, b, c} {}
  constexpr std::int64_t operator[](std::size_t i) const { return n[i]; }
  bool operator==(const KnobValue&) const = default;
};

struct KnobInfo {
  Knob id;
  std::string_view name;    // "tcp_syn_retries"
  std::string_view prefix;  // "net.ipv4." or "net.core."
  KnobValue classic;        // default in the `classic` profile
  KnobValue linux_6_18;     // default in the `linux-6.18` profile
  std::int64_t min;         // of each number
  std::int64_t max;
  std::string_view unit;  // "", "s", "us"
  std::string_view help;  // one line, English
  // How many numbers the value has: 2 for ip_local_port_range, 3 for tcp_rmem; in order.
  std::uint8_t parts = 1;
  // A knob whose values have names ("reno cubic"): the value is the name's index.
  std::string_view names = "";
};
// The name of value `v` of a named knob ("cubic"), or "" if it has none.
std::string_view knob_value_name(const KnobInfo& k, std::int64_t v);

// "5", "cubic", or "32768 60999" for a knob of two numbers, as /proc/sys shows it.
std::string format_knob_value(const KnobInfo& k, const KnobValue& v);

std::span<const KnobInfo> all_knobs();
const KnobInfo& knob_info(Knob k);
// Accepts "tcp_syn_retries", "net.ipv4.tcp_syn_retries" and "net.core.somaxconn".
std::optional<Knob> find_knob(std::string_view name);

// One knob and a value for it: what a `--set`, a scenario's [sysctl] table and the window's
// sysctl panel are parsed into, once, where the text comes in. The engine reads only these.
struct SysctlSetting {
  Knob knob = Knob::tcp_syn_retries;
  KnobValue value;
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

// NAME and VALUE as typed ("net.ipv4.tcp_syn_retries", "3"; "32768 60999" for two numbers),
// checked against the knob table; throws SysctlError naming what is valid.
SysctlSetting parse_sysctl(std::string_view name, std::string_view value);
// "NAME=VALUE", as `--set` takes it.
SysctlSetting parse_sysctl_arg(std::string_view text);
// A value that is already a number (a TOML integer), range-checked.
SysctlSetting checked_sysctl(Knob knob, const KnobValue& value);
// "tcp_syn_retries=3", "ip_local_port_range=32768 60999".
std::string format_setting(const SysctlSetting& s);
// "  tcp_syn_retries            1..127" lines for every knob, for error messages.
std::string valid_sysctl_list();

inline constexpr std::array<std::string_view, 2> kProfiles = {"classic", "linux-6.18"};

class Sysctls {
 public:
  // nullopt for an unknown profile name.
  static std::optional<Sysctls> for_profile(std::string_view profile);

  // The first (for most knobs the only) number; value() has all of them.
  std::int64_t operator[](Knob k) const { return values_[static_cast<std::size_t>(k)][0]; }
  const KnobValue& value(Knob k) const { return values_[static_cast<std::size_t>(k)]; }
  void set(Knob k, const KnobValue& v) { values_[static_cast<std::size_t>(k)] = v; }
  void apply(const SysctlOverrides& settings) {
    for (const SysctlSetting& s : settings) set(s.knob, s.value);
  }
  const std::string& profile() const { return profile_; }
  // Whether the RTO is kept in jiffies, rounded up to 4 ms (capture 08c): a fact of the
  // profile's kernel that is no sysctl.
  bool rto_in_jiffies() const { return rto_in_jiffies_; }
  // What the receive buffer sysctl tcp_rmem (min, default, max) means for a window; see
  // sysctl.cpp.
  std::int8_t window_scale() const;
  std::int64_t receive_space_initial() const;
  std::int64_t receive_space_max() const;

 private:
  std::string profile_;
  bool rto_in_jiffies_ = false;
  std::array<KnobValue, kKnobCount> values_{};
};

}  // namespace synack
