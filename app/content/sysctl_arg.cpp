#include "app/content/sysctl_arg.hpp"

#include <fmt/format.h>

#include <vector>

#include "app/base/suggest.hpp"
#include "engine/sysctl.hpp"

namespace synack {

std::string valid_sysctl_list() {
  std::string out;
  for (const auto& k : all_knobs()) {
    out += fmt::format("  {:<26} {}..{}{}\n", k.name, k.min, k.max,
                       k.unit.empty() ? "" : fmt::format(" {}", k.unit));
  }
  return out;
}

std::pair<std::string, std::string> parse_sysctl_arg(std::string_view text) {
  auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw SysctlArgError(fmt::format(
        "--set '{}': expected NAME=VALUE, e.g. --set tcp_syn_retries=3; valid names:\n{}", text,
        valid_sysctl_list()));
  }
  std::string name(text.substr(0, eq));
  std::string value(text.substr(eq + 1));
  if (!find_knob(name)) {
    std::vector<std::string> names;
    for (const auto& k : all_knobs()) names.emplace_back(k.name);
    std::string bare = name;
    for (std::string_view prefix : {"net.ipv4.", "net.core."}) {
      if (bare.starts_with(prefix)) bare.erase(0, prefix.size());
    }
    auto close = suggest_ids(names, bare, 1);
    std::string hint = close.empty() ? "" : fmt::format(" (did you mean {}?)", close.front());
    throw SysctlArgError(fmt::format("--set '{}': unknown sysctl '{}'{}; valid names:\n{}", text,
                                     name, hint, valid_sysctl_list()));
  }
  // The engine's own check gives the range in its message.
  auto probe = Sysctls::for_profile("classic");
  if (std::string error = probe->set(name, value); !error.empty()) {
    throw SysctlArgError(fmt::format("--set '{}': {}", text, error));
  }
  return {std::move(name), std::move(value)};
}

}  // namespace synack
