#pragma once
// The trace's events, 16 bytes each. What repeats across events (type, host, reason and
// the small per-type fields) is stored once as a "kind" and referred to by number; time is
// an offset from the start of its block; one number carries the segment index, the call's
// value, the timer's deadline, the queue depths or the window sizes, whichever the type has.
// Reading an event unpacks it into a plain Event. Fields that do not belong to the event's type are
// not kept.

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "huge_page_allocator.hpp"
#include "packed_log.hpp"
#include "trace_event.hpp"

namespace synack {

class EventLog : public PackedLog<EventLog, Event> {
 public:
  void push_back(const Event& e);
  Event operator[](std::size_t i) const;
  std::size_t size() const { return rows_.size(); }
  void reserve(std::size_t rows) { rows_.reserve(rows); }
  // Bytes held by the stored trace (rows and side tables, as allocated).
  std::size_t memory_bytes() const;
  // Drops the lookup table used while appending; later appends still work.
  void finish_appending();

 private:
  struct Row {
    std::uint32_t t_offset;  // from blocks_'s base
    std::uint32_t kind;      // index into kinds_
    std::uint32_t conn;
    std::uint32_t payload;  // see pack_payload()
  };
  static_assert(sizeof(Row) == 16);
  struct Kind {
    Reason reason;
    std::uint16_t host = 0;
    EventType type = EventType::send;
    std::uint8_t x = 0;  // from / call / timer
    std::uint8_t y = 0;  // to / result / action
    Reason disagreement;
    bool operator==(const Kind&) const = default;
  };
  struct KindHash {
    std::size_t operator()(const Kind& k) const;
  };
  struct Block {
    std::uint32_t first;  // index of the block's first event
    Micros base;
  };
  struct QueueDepths {
    std::uint32_t syn, syn_max, accept, accept_max;
  };
  struct WindowSizes {
    std::uint32_t cwnd, ssthresh, in_flight, peer_window, mss;
  };

  std::uint32_t intern(const Kind& k);
  std::uint32_t pack_payload(const Event& e);
  std::int64_t wide(std::uint32_t payload) const;
  std::uint32_t wide_payload(std::int64_t v);
  Micros time_of(std::size_t i) const;

  BigVector<Row> rows_;
  std::vector<Kind> kinds_;
  std::vector<Block> blocks_;
  std::vector<std::int64_t> wide_;  // values that do not fit in a payload
  std::vector<QueueDepths> queues_;
  std::vector<WindowSizes> windows_;
  std::unordered_map<Kind, std::uint32_t, KindHash> kind_ids_;
};

}  // namespace synack
