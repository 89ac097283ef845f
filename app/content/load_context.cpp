#include "app/content/load_context.hpp"

#include <charconv>

#include "engine/segment.hpp"

namespace synack {

const HostSpec* LoadContext::host(std::string_view name) const {
  for (const HostSpec& h : hosts) {
    if (h.name == name) return &h;
  }
  return nullptr;
}

std::string LoadContext::host_list() const {
  std::string out;
  for (const HostSpec& h : hosts) out += (out.empty() ? "" : ", ") + h.name;
  return out;
}

std::string LoadContext::req_host(const TomlTable& t, std::string_view key) const {
  std::string name = t.req_string(key);
  if (!any_host && host(name) == nullptr) {
    t.fail(key, "unknown host \"" + name + "\"; hosts: " + host_list());
  }
  return name;
}

std::pair<std::string, std::uint16_t> LoadContext::req_endpoint(const TomlTable& t,
                                                                std::string_view key) const {
  std::string text = t.req_string(key);
  std::size_t colon = text.rfind(':');
  if (colon == std::string::npos) {
    t.fail(key, "expected \"host:port\", got \"" + text + "\"");
  }
  std::string name = text.substr(0, colon);
  std::optional<std::int64_t> port =
      parse_decimal(std::string_view(text).substr(colon + 1), 1, 65535);
  if (!port) t.fail(key, "bad port in \"" + text + "\"; expected 1..65535");
  if (host(name) == nullptr) {
    t.fail(key, "unknown host \"" + name + "\" in \"" + text + "\"; hosts: " + host_list());
  }
  return {name, static_cast<std::uint16_t>(*port)};
}

Micros opt_ms(const TomlTable& t, std::string_view key, Micros fallback) {
  std::optional<double> ms = t.opt_number(key, 0, kMaxMs);
  return ms ? from_ms(*ms) : fallback;
}

std::optional<std::uint8_t> req_flags(const TomlTable& t, std::string_view key, bool allow_any) {
  std::string text = t.req_string(key);
  if (allow_any && text == "*") return std::nullopt;
  std::optional<std::uint8_t> flags;
  if (!text.empty()) flags = flags_from_string(text);
  if (!flags) {
    t.fail(key, "bad flags \"" + text + "\"; use comma-separated SYN, ACK, FIN, RST, PSH, URG" +
                    (allow_any ? " or \"*\"" : ""));
  }
  return flags;
}

std::optional<std::int64_t> parse_decimal(std::string_view text, std::int64_t min,
                                          std::int64_t max) {
  std::int64_t v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end || v < min || v > max) return std::nullopt;
  return v;
}

}  // namespace synack
