#include "app/content/drop_rule.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <string>

#include "engine/segment.hpp"

namespace synack {
namespace {

constexpr std::string_view kValidFlags = "SYN, ACK, FIN, RST, PSH, URG";
constexpr std::string_view kExample = "e.g. client:SYN, server:SYN,ACK#2 or client:*";

[[noreturn]] void fail(std::string_view text, std::string_view what) {
  throw DropRuleError(fmt::format("--drop '{}': {} ({})", text, what, kExample));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Flag names one by one, so the message can point at the bad one.
std::uint8_t parse_flags(std::string_view text, std::string_view flags) {
  std::uint8_t bits = 0;
  std::string_view rest = flags;
  while (true) {
    auto comma = rest.find(',');
    std::string_view name = trim(rest.substr(0, comma));
    if (name.empty()) fail(text, "empty flag name in FLAGS");
    auto bit = flags_from_string(name);
    if (!bit) fail(text, fmt::format("unknown flag '{}'; valid: {} or *", name, kValidFlags));
    bits |= *bit;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return bits;
}

int parse_nth(std::string_view text, std::string_view digits) {
  digits = trim(digits);
  int n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || n < 1) {
    fail(text,
         fmt::format("'#{}' is not a positive count; #N picks the N-th match, from 1", digits));
  }
  return n;
}

}  // namespace

RuleSpec parse_drop_rule(std::string_view text) {
  std::string_view body = trim(text);
  auto colon = body.find(':');
  if (colon == std::string_view::npos) fail(text, "missing ':FLAGS' after the host");

  RuleSpec rule;
  rule.action = RuleAction::drop;
  std::string_view host = trim(body.substr(0, colon));
  if (host.empty()) fail(text, "missing host name before ':'");
  for (char c : host) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '#' || c == ',') {
      fail(text, fmt::format("'{}' is not a host name", host));
    }
  }
  rule.match.from = std::string(host);

  std::string_view flags = body.substr(colon + 1);
  auto hash = flags.find('#');
  if (hash != std::string_view::npos) {
    rule.match.nth = parse_nth(text, flags.substr(hash + 1));
    flags = flags.substr(0, hash);
  }
  flags = trim(flags);
  if (flags.empty())
    fail(text, fmt::format("missing FLAGS after ':'; valid: {} or *", kValidFlags));
  if (flags == "*") {
    rule.match.flags = std::nullopt;
  } else {
    rule.match.flags = parse_flags(text, flags);
  }
  return rule;
}

}  // namespace synack
