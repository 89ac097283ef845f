#pragma once
// The trace's segment records, 32 bytes each. A segment keeps its own numbers (seq, ack,
// length, window, flags, timestamps); what it shares with the segments before it between
// the same two endpoints (addresses, hosts and the bases of the relative numbers, for both
// directions) is a "pair" stored once, and its options other than timestamps are stored
// once per distinct set. A record that does not fit this form (an IP fragment, relative
// numbers that do not follow from two bases) is kept whole on the side.

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "huge_page_allocator.hpp"
#include "packed_log.hpp"
#include "trace_event.hpp"

namespace synack {

class SegmentLog : public PackedLog<SegmentLog, SegmentRecord> {
 public:
  void push_back(const SegmentRecord& r);
  SegmentRecord operator[](std::size_t i) const;
  std::size_t size() const { return rows_.size(); }
  void reserve(std::size_t rows) { rows_.reserve(rows); }
  // Bytes held by the stored trace (rows and side tables, as allocated).
  std::size_t memory_bytes() const;
  // Drops the lookup tables used while appending; later appends still work.
  void finish_appending();

 private:
  struct Row {
    std::uint32_t seq, ack, len, ts_val, ts_ecr;
    std::uint32_t pair;   // index into pairs_
    std::uint32_t extra;  // options_ index, or irregular_ index with kWhole
    std::uint16_t win;
    std::uint8_t flags;
    std::uint8_t marks;  // kWhole, kRetransmit, kReversed, kPeerBase
  };
  static_assert(sizeof(Row) == 32);
  // One side of a pair of endpoints: who sends from it, who owns the other end, and the
  // base of its relative sequence numbers (seq - rel_seq).
  struct Side {
    std::uint16_t from_host = 0, to_host = 0;
    std::uint32_t base = 0;
    bool has_hosts = false, has_base = false;
  };
  // Two endpoints and what each direction between them shares. A row names its direction;
  // its rel_ack counts from the other side's base when kPeerBase is set, else from 0.
  struct Pair {
    SockAddr low, high;  // low < high; a row with kReversed goes high -> low
    Side side[2];        // [0]: low -> high
  };
  struct OptionsHash {
    std::size_t operator()(const TcpOptions& o) const;
  };

  // The pair for `r`, reusing the last one of its endpoints when it agrees; sets the
  // direction and peer-base marks of `row`.
  std::uint32_t pair_of(const SegmentRecord& r, Row& row);
  std::uint32_t options_of(const TcpOptions& o);

  BigVector<Row> rows_;
  std::vector<Pair> pairs_;
  std::vector<TcpOptions> options_;                                   // timestamps zeroed
  std::vector<std::pair<std::uint32_t, std::uint32_t>> retransmits_;  // (row, retransmit_of)
  std::vector<SegmentRecord> irregular_;
  // While appending: the last pair of each two endpoints, and each distinct option set.
  std::unordered_map<std::pair<SockAddr, SockAddr>, std::uint32_t, SockAddrPairHash> last_pair_;
  std::unordered_map<TcpOptions, std::uint32_t, OptionsHash> option_ids_;
};

}  // namespace synack
