#pragma once
// `--set NAME=VALUE` on the command line and in the window: the engine's one parse
// (parse_sysctl_arg), with the message a person needs when it fails: the nearest knob name
// for a typo and every valid name with its range.

#include <string_view>

#include "engine/sysctl.hpp"

namespace synack {

// Throws SysctlError whose message starts with "--set 'TEXT': ".
SysctlSetting parse_set_option(std::string_view text);

// The nearest knob name to a mistyped one ("" when none is close).
std::string closest_knob(std::string_view name);

}  // namespace synack
