#include "ip_fragment.hpp"

#include <algorithm>

namespace synack {

std::uint32_t tcp_header_len(const Segment& seg) {
  // Laid out as Linux writes them, padded with NOPs to 4-byte words: SACK-permitted rides in
  // the timestamp's padding when both are present.
  const TcpOptions& o = seg.opt;
  std::uint32_t len = 20;
  if (o.mss != 0) len += 4;
  if (o.has_timestamp || o.sack_permitted) len += o.has_timestamp ? 12 : 4;
  if (o.wscale >= 0) len += 4;
  if (o.sack_count > 0) len += 4 + 8u * o.sack_count;
  return len;
}

std::vector<IpFragment> fragment_datagram(std::uint32_t payload, std::uint32_t mtu,
                                          std::uint16_t id) {
  std::vector<IpFragment> out;
  if (kIpHeader + payload <= mtu) return out;
  const std::uint32_t step = (mtu - kIpHeader) / 8 * 8;  // offsets count 8-byte units
  for (std::uint32_t offset = 0; offset < payload; offset += step) {
    IpFragment f;
    f.id = id;
    f.index = static_cast<std::uint16_t>(out.size());
    f.offset = offset;
    f.len = std::min(step, payload - offset);
    f.more = offset + f.len < payload;
    out.push_back(f);
  }
  for (IpFragment& f : out) f.count = static_cast<std::uint16_t>(out.size());
  return out;
}

Reassembly::Result Reassembly::add(const Key& key, const IpFragment& f) {
  auto [it, fresh] = partial_.try_emplace(key);
  Partial& p = it->second;
  if (!f.more) p.total = f.offset + f.len;
  // A copy of a piece already held changes nothing (RFC 815: it fills no hole).
  auto [piece, inserted] = p.pieces.try_emplace(f.offset, f.len);
  if (!inserted) return Result::duplicate;
  ++p.fragments;
  if (p.total != 0) {
    std::uint32_t covered = 0;
    for (const auto& [offset, len] : p.pieces) {
      if (offset > covered) break;  // a hole
      covered = std::max(covered, offset + len);
    }
    if (covered >= p.total) {
      partial_.erase(it);
      return Result::complete;
    }
  }
  return fresh ? Result::first : Result::held;
}

std::optional<int> Reassembly::discard(const Key& key) {
  auto it = partial_.find(key);
  if (it == partial_.end()) return std::nullopt;
  const int n = it->second.fragments;
  partial_.erase(it);
  return n;
}

std::uint32_t Reassembly::bytes_held(const Key& key) const {
  auto it = partial_.find(key);
  if (it == partial_.end()) return 0;
  std::uint32_t n = 0;
  for (const auto& [offset, len] : it->second.pieces) n += len;
  return n;
}

}  // namespace synack
