#pragma once
// The time–sequence graph (tcptrace, Stevens) of one direction of a connection, seen at the
// sender: each data segment as a bar from its first to one past its last byte at the time it
// left, the ACK line (the highest ACK that reached the sender), the window line (that ACK
// plus the advertised window, scaled) and the SACK blocks the sender was told of. Sequence
// numbers are relative (the first data byte is 1). No UI library.

#include <cstdint>
#include <vector>

#include "app/draw/window_series.hpp"
#include "engine/trace.hpp"

namespace synack {

struct TseqBar {
  Micros t = 0;
  std::uint32_t seq0 = 0, seq1 = 0;  // [seq0, seq1)
  std::uint32_t segment = kNoIndex;
  bool retransmit = false;
  bool lost = false;  // dropped in the network
};

struct TseqSack {
  Micros t = 0;  // when the ACK carrying it arrived
  std::uint32_t left = 0, right = 0;
};

struct TimeSequence {
  std::uint32_t conn = 0;
  std::uint16_t host = kNoHost;  // the sender
  std::int8_t peer_shift = 0;    // the receiver's window scale, 0 unless both SYNs offered one
  std::vector<TseqBar> bars;
  std::vector<StepPoint> ack;     // relative ACK number
  std::vector<StepPoint> window;  // ACK + window << shift: the highest byte it may send + 1
  std::vector<TseqSack> sacks;
  Micros t_begin = 0;         // the first data sent or the first ACK received, if earlier
  Micros t_end = 0;           // the last data sent, or the ACK of the last byte if later
  std::uint32_t seq_max = 0;  // the highest sequence number drawn
  bool empty() const { return bars.empty(); }
};

TimeSequence time_sequence(const Trace& trace, std::uint32_t conn);

}  // namespace synack
