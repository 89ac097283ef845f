#include "segment.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "splitmix64.hpp"

namespace synack {

std::size_t SockAddrPairHash::operator()(const std::pair<SockAddr, SockAddr>& k) const {
  const std::uint64_t addrs = std::uint64_t{k.first.addr} << 32 | k.second.addr;
  const std::uint64_t ports = std::uint64_t{k.first.port} << 16 | k.second.port;
  return splitmix64_mix(addrs ^ splitmix64_mix(ports));
}

namespace {

struct FlagName {
  std::uint8_t bit;
  std::string_view name;
};
// The order used everywhere a flag set is written (trace, diagrams, --drop).
constexpr FlagName kFlagOrder[] = {{kSyn, "SYN"}, {kAck, "ACK"}, {kFin, "FIN"},
                                   {kRst, "RST"}, {kPsh, "PSH"}, {kUrg, "URG"}};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string flags_to_string(std::uint8_t flags) {
  std::string out;
  for (const auto& f : kFlagOrder) {
    if ((flags & f.bit) == 0) continue;
    if (!out.empty()) out += ',';
    out += f.name;
  }
  return out;
}

std::optional<std::uint8_t> flags_from_string(std::string_view text) {
  std::uint8_t flags = 0;
  text = trim(text);
  if (text.empty()) return std::nullopt;
  while (!text.empty()) {
    auto comma = text.find(',');
    std::string name = upper(trim(text.substr(0, comma)));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    bool found = false;
    for (const auto& f : kFlagOrder) {
      if (name == f.name) {
        flags |= f.bit;
        found = true;
      }
    }
    if (!found) return std::nullopt;
  }
  return flags;
}

std::string options_to_string(const TcpOptions& opt, std::uint32_t sack_base) {
  std::string out;
  auto add = [&out](std::string piece) {
    if (!out.empty()) out += ',';
    out += piece;
  };
  if (opt.mss != 0) add(fmt::format("mss {}", opt.mss));
  if (opt.sack_permitted) add("sackOK");
  if (opt.has_timestamp) add(fmt::format("TS val {} ecr {}", opt.ts_val, opt.ts_ecr));
  if (opt.wscale >= 0) add(fmt::format("wscale {}", opt.wscale));
  if (opt.sack_count > 0) {
    std::string blocks = "sack";
    for (int i = 0; i < opt.sack_count; ++i) {
      blocks +=
          fmt::format(" {{{}:{}}}", opt.sack[i].left - sack_base, opt.sack[i].right - sack_base);
    }
    add(blocks);
  }
  return out;
}

namespace {
// Dotted quad into p (room for 15 characters). By hand rather than fmt: a capture's JSON
// prints two addresses per segment, millions of times.
char* write_addr(char* p, Addr addr) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    p = std::to_chars(p, p + 3, (addr >> shift) & 0xff).ptr;
    if (shift != 0) *p++ = '.';
  }
  return p;
}
}  // namespace

std::string addr_to_string(Addr addr) {
  char text[16];
  return std::string(text, write_addr(text, addr));
}

std::optional<Addr> addr_from_string(std::string_view text) {
  Addr addr = 0;
  int parts = 0;
  while (parts < 4) {
    std::size_t i = 0;
    unsigned value = 0;
    while (i < text.size() && i < 4 && std::isdigit(static_cast<unsigned char>(text[i]))) {
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
      ++i;
    }
    if (i == 0 || i > 3 || value > 255) return std::nullopt;
    addr = (addr << 8) | value;
    ++parts;
    text.remove_prefix(i);
    if (parts < 4) {
      if (text.empty() || text.front() != '.') return std::nullopt;
      text.remove_prefix(1);
    }
  }
  if (!text.empty()) return std::nullopt;
  return addr;
}

std::string sockaddr_to_string(SockAddr sa) {
  char text[22];
  char* p = write_addr(text, sa.addr);
  *p++ = ':';
  p = std::to_chars(p, text + sizeof text, sa.port).ptr;
  return std::string(text, p);
}

}  // namespace synack
