#include "segment_log.hpp"

#include <algorithm>

#include "splitmix64.hpp"

namespace synack {

namespace {

constexpr std::uint8_t kWhole = 1;       // extra indexes irregular_
constexpr std::uint8_t kRetransmit = 2;  // retransmit_of is in retransmits_
constexpr std::uint8_t kReversed = 4;    // the row goes from the pair's high end to its low
constexpr std::uint8_t kPeerBase = 8;    // rel_ack and sack_base use the other side's base

// The relative numbers follow from two bases, as World computes them; a record whose
// numbers do not is kept whole.
bool follows_two_bases(const SegmentRecord& r) {
  const std::uint32_t rel_ack = r.seg.has(kAck) ? r.seg.ack - r.sack_base : 0;
  return r.rel_ack == rel_ack && r.frag == IpFragment{};
}

}  // namespace

std::size_t SegmentLog::OptionsHash::operator()(const TcpOptions& o) const {
  std::uint64_t h = std::uint64_t{o.mss} |
                    std::uint64_t{static_cast<std::uint8_t>(o.wscale)} << 16 |
                    std::uint64_t{o.sack_permitted} << 24 | std::uint64_t{o.has_timestamp} << 25 |
                    std::uint64_t{o.sack_count} << 32;
  for (std::uint8_t i = 0; i < o.sack_count && i < o.sack.size(); ++i) {
    h = splitmix64_mix(h ^ (std::uint64_t{o.sack[i].left} << 32 | o.sack[i].right));
  }
  return splitmix64_mix(h);
}

std::uint32_t SegmentLog::options_of(const TcpOptions& o) {
  TcpOptions key = o;
  key.ts_val = key.ts_ecr = 0;
  if (!options_.empty() && options_.back() == key) {
    return static_cast<std::uint32_t>(options_.size() - 1);
  }
  auto [it, fresh] = option_ids_.try_emplace(key, static_cast<std::uint32_t>(options_.size()));
  if (fresh) options_.push_back(key);
  return it->second;
}

std::uint32_t SegmentLog::pair_of(const SegmentRecord& r, Row& row) {
  const bool reversed = r.seg.dst < r.seg.src;
  const SockAddr low = reversed ? r.seg.dst : r.seg.src;
  const SockAddr high = reversed ? r.seg.src : r.seg.dst;
  const int d = reversed ? 1 : 0;
  const std::uint32_t base = r.seg.seq - r.rel_seq;
  // World's rule: the peer's base is 0 until the other direction has carried a segment.
  const bool peer = r.sack_base != 0;
  if (reversed) row.marks |= kReversed;
  if (peer) row.marks |= kPeerBase;

  auto [it, fresh] = last_pair_.try_emplace({low, high}, 0);
  if (!fresh) {
    Pair& p = pairs_[it->second];
    Side& mine = p.side[d];
    Side& other = p.side[1 - d];
    const bool mine_agrees =
        (!mine.has_hosts || (mine.from_host == r.from_host && mine.to_host == r.to_host)) &&
        (!mine.has_base || mine.base == base);
    const bool other_agrees = !peer || !other.has_base || other.base == r.sack_base;
    if (mine_agrees && other_agrees) {
      // Filling in what was unknown changes no earlier row: none of them read it.
      mine = {r.from_host, r.to_host, base, true, true};
      if (peer) {
        other.base = r.sack_base;
        other.has_base = true;
      }
      return it->second;
    }
  }
  Pair p{low, high, {}};
  if (!fresh) p.side[1 - d] = pairs_[it->second].side[1 - d];  // still true for that direction
  p.side[d] = {r.from_host, r.to_host, base, true, true};
  if (peer && (!p.side[1 - d].has_base || p.side[1 - d].base != r.sack_base)) {
    p.side[1 - d] = {0, 0, r.sack_base, false, true};
  }
  pairs_.push_back(p);
  it->second = static_cast<std::uint32_t>(pairs_.size() - 1);
  return it->second;
}

void SegmentLog::push_back(const SegmentRecord& r) {
  const auto index = static_cast<std::uint32_t>(rows_.size());
  Row row{r.seg.seq, r.seg.ack, r.seg.len, r.seg.opt.ts_val, r.seg.opt.ts_ecr,
          0,         0,         r.seg.win, r.seg.flags,      0};
  if (follows_two_bases(r)) {
    row.pair = pair_of(r, row);
    row.extra = options_of(r.seg.opt);
  } else {
    irregular_.push_back(r);
    row.extra = static_cast<std::uint32_t>(irregular_.size() - 1);
    row.marks |= kWhole;
  }
  if (r.retransmit_of != kNoIndex && (row.marks & kWhole) == 0) {
    retransmits_.emplace_back(index, r.retransmit_of);
    row.marks |= kRetransmit;
  }
  rows_.push_back(row);
}

SegmentRecord SegmentLog::operator[](std::size_t i) const {
  const Row& row = rows_[i];
  if ((row.marks & kWhole) != 0) return irregular_[row.extra];
  const Pair& p = pairs_[row.pair];
  const bool reversed = (row.marks & kReversed) != 0;
  const Side& mine = p.side[reversed ? 1 : 0];
  const Side& other = p.side[reversed ? 0 : 1];
  const std::uint32_t peer_base = (row.marks & kPeerBase) != 0 ? other.base : 0;
  SegmentRecord r;
  r.seg.src = reversed ? p.high : p.low;
  r.seg.dst = reversed ? p.low : p.high;
  r.seg.seq = row.seq;
  r.seg.ack = row.ack;
  r.seg.flags = row.flags;
  r.seg.win = row.win;
  r.seg.len = row.len;
  r.seg.opt = options_[row.extra];
  r.seg.opt.ts_val = row.ts_val;
  r.seg.opt.ts_ecr = row.ts_ecr;
  r.rel_seq = row.seq - mine.base;
  r.rel_ack = r.seg.has(kAck) ? row.ack - peer_base : 0;
  r.sack_base = peer_base;
  r.from_host = mine.from_host;
  r.to_host = mine.to_host;
  if ((row.marks & kRetransmit) != 0) {
    const auto it =
        std::lower_bound(retransmits_.begin(), retransmits_.end(), static_cast<std::uint32_t>(i),
                         [](const std::pair<std::uint32_t, std::uint32_t>& e, std::uint32_t v) {
                           return e.first < v;
                         });
    r.retransmit_of = it->second;
  }
  return r;
}

std::size_t SegmentLog::memory_bytes() const {
  return rows_.capacity() * sizeof(Row) + pairs_.capacity() * sizeof(Pair) +
         options_.capacity() * sizeof(TcpOptions) +
         retransmits_.capacity() * sizeof(retransmits_[0]) +
         irregular_.capacity() * sizeof(SegmentRecord);
}

void SegmentLog::finish_appending() {
  last_pair_ = {};
  option_ids_ = {};
}

}  // namespace synack
