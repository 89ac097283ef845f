#pragma once
// `synack run --set NAME=VALUE`: checks the name and value against the engine's knob table
// before the run, so a typo gets a list of what is valid instead of a failed run.

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace synack {

class SysctlArgError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// "tcp_syn_retries=3", "net.ipv4.tcp_syn_retries=3", "net.core.somaxconn=64" → (NAME, VALUE)
// with the name as typed. Throws SysctlArgError naming every valid knob and its range.
std::pair<std::string, std::string> parse_sysctl_arg(std::string_view text);

// "  tcp_syn_retries (1..127)" lines for every knob, for error messages.
std::string valid_sysctl_list();

}  // namespace synack
