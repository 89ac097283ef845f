#pragma once
// Internal to the scenario loader: what every section parser needs (the hosts declared so
// far, endpoint and flag parsing), and the section parsers themselves.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/content/scenario.hpp"
#include "app/content/toml_reader.hpp"
#include "engine/scenario.hpp"

namespace synack {

// Upper bound for any time in a scenario: far beyond the simulator's one-hour limit.
inline constexpr double kMaxMs = 1e9;

struct LoadContext {
  std::vector<HostSpec> hosts;
  bool any_host = false;  // take any host name (a quiz item's anchor read without its scenario)

  const HostSpec* host(std::string_view name) const;
  std::string host_list() const;  // "client, server"
  // The string value of `key`, which must name a declared host.
  std::string req_host(const TomlTable& t, std::string_view key) const;
  // "server:80" -> {"server", 80}; the host must be declared.
  std::pair<std::string, std::uint16_t> req_endpoint(const TomlTable& t,
                                                     std::string_view key) const;
};

// Milliseconds from an optional number field, as Micros.
Micros opt_ms(const TomlTable& t, std::string_view key, Micros fallback);
// Exact flag set, "SYN,ACK" in any order. `allow_any`: "*" gives nullopt.
std::optional<std::uint8_t> req_flags(const TomlTable& t, std::string_view key, bool allow_any);
// "1234" -> 1234 if the whole text is a decimal number in [min, max].
std::optional<std::int64_t> parse_decimal(std::string_view text, std::int64_t min,
                                          std::int64_t max);

// A narration anchor (docs/scenario-format.md); its host must be one of `ctx.hosts`. Quiz
// items use the same form to point at a step of a scenario.
NarrationAnchor load_anchor(const TomlTable& t, const LoadContext& ctx);

std::vector<ProgramSpec> load_programs(const TomlTable& root, const LoadContext& ctx);
void load_network(const TomlTable& root, const LoadContext& ctx, ScenarioSpec& spec);
void load_attacker(const TomlTable& root, const LoadContext& ctx, ScenarioSpec& spec);
std::vector<Narration> load_narration(const TomlTable& root, const LoadContext& ctx);

}  // namespace synack
