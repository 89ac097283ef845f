#include "app/content/sysctl_arg.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "app/base/suggest.hpp"

namespace synack {

std::string closest_knob(std::string_view name) {
  std::vector<std::string> names;
  for (const auto& k : all_knobs()) names.emplace_back(k.name);
  std::string bare(name);
  for (std::string_view prefix : {"net.ipv4.", "net.core."}) {
    if (bare.starts_with(prefix)) bare.erase(0, prefix.size());
  }
  auto close = suggest_ids(names, bare, 1);
  return close.empty() ? "" : close.front();
}

SysctlSetting parse_set_option(std::string_view text) {
  try {
    return parse_sysctl_arg(text);
  } catch (const SysctlError& e) {
    if (!e.unknown_name() || text.find('=') == std::string_view::npos) {
      throw SysctlError(fmt::format("--set {}", e.what()), e.name(), e.unknown_name());
    }
    const std::string hint = closest_knob(e.name());
    throw SysctlError(
        fmt::format("--set '{}': unknown sysctl '{}'{}; valid names:\n{}", text, e.name(),
                    hint.empty() ? "" : fmt::format(" (did you mean {}?)", hint),
                    valid_sysctl_list()),
        e.name(), true);
  }
}

}  // namespace synack
