#include "app/capture/conversations.hpp"

#include <fmt/format.h>

namespace synack {

std::string endpoint_to_string(const Endpoint& e) {
  if (e.addr.v6) return fmt::format("[{}]:{}", ip_to_string(e.addr), e.port);
  return fmt::format("{}:{}", ip_to_string(e.addr), e.port);
}

std::size_t ConversationTable::KeyHash::operator()(const Key& k) const {
  // FNV-1a over the two endpoints' bytes.
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](const Endpoint& e) {
    const std::size_t n = e.addr.v6 ? 16 : 4;
    for (std::size_t i = 0; i < n; ++i) h = (h ^ e.addr.bytes[i]) * 1099511628211ULL;
    h = (h ^ e.port) * 1099511628211ULL;
  };
  mix(k.lo);
  mix(k.hi);
  return static_cast<std::size_t>(h ^ (h >> 32));
}

std::uint32_t ConversationTable::open(const TcpHeader& h, std::uint32_t packet) {
  ConversationRecord c;
  c.stream = static_cast<std::uint32_t>(out_.size());
  c.a = {h.src, h.sport};
  c.b = {h.dst, h.dport};
  c.first = packet;
  out_.push_back(c);
  return c.stream;
}

ConversationTable::Hit ConversationTable::add(const TcpHeader& h, std::uint32_t packet) {
  const Endpoint src{h.src, h.sport}, dst{h.dst, h.dport};
  const bool src_low = src.addr < dst.addr || (src.addr == dst.addr && src.port <= dst.port);
  const Key key{src_low ? src : dst, src_low ? dst : src};
  Life* life = last_ != nullptr && key == last_key_ ? last_ : nullptr;
  if (life == nullptr) {
    auto [it, fresh] = live_.try_emplace(key);
    life = &it->second;
    if (fresh) life->conv = open(h, packet);
    last_key_ = key;
    last_ = life;
  }
  const bool syn_only = (h.flags & (kSyn | kAck)) == kSyn;
  std::uint8_t dir = out_[life->conv].a == src ? 0 : 1;
  if (syn_only) {
    const bool closed = life->rst || (life->fin[0] && life->fin[1]);
    const bool same_syn = life->syn && dir == life->syn_dir && h.seq == life->syn_seq;
    // The same side trying again with a new ISN after getting no reply: a new connect().
    const bool retry = life->syn && dir == life->syn_dir && !same_syn && !life->answered;
    if ((closed && !same_syn) || retry) {
      *life = Life{};
      life->conv = open(h, packet);
      dir = 0;
    }
  }
  ConversationRecord& c = out_[life->conv];
  if (syn_only && !life->syn) {
    life->syn = true;
    life->syn_seq = h.seq;
    life->syn_dir = dir;
  }
  if (life->syn && dir != life->syn_dir) life->answered = true;
  if ((h.flags & kFin) != 0) life->fin[dir] = true;
  if ((h.flags & kRst) != 0) life->rst = true;
  if (!c.based[dir]) {
    c.based[dir] = true;
    c.base[dir] = h.seq;
  }
  c.last = packet;
  ++c.packets;
  c.bytes[dir] += h.len;
  return {life->conv, dir};
}

}  // namespace synack
