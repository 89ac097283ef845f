#pragma once
// `synack run --drop HOST:FLAGS[#N]`: a drop rule typed on the command line.

#include <stdexcept>
#include <string_view>

#include "engine/scenario.hpp"

namespace synack {

// Thrown with a message a student can act on ("--drop 'client': missing ':FLAGS' ...").
class DropRuleError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// "client:SYN", "server:SYN,ACK#2", "client:*". FLAGS is an exact flag set, comma-separated,
// any order and case; `*` matches any segment. N (1-based) picks only the N-th match.
// The host name is not checked here: only the scenario knows its hosts.
RuleSpec parse_drop_rule(std::string_view text);

}  // namespace synack
