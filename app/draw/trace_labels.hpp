#pragma once
// How the diagrams write what a trace holds: a time, an idle gap, a segment, a socket call
// and its result, a range of addresses. The ASCII and Mermaid rows, the graphical layout,
// the window's panels and the generated quiz questions all write them alike.

#include <optional>
#include <string>

#include "engine/trace.hpp"

namespace synack {

// "10.000 ms" below one second, "63.000 s" above.
std::string format_time(Micros t);
// "32.0 s", for idle gaps.
std::string format_gap(Micros gap);
// "SYN,ACK seq=0 ack=1 len=0" (ack only when the ACK flag is set, as Wireshark does).
std::string segment_label(const SegmentRecord& rec);
// An app event: "connect() = ok, port 40000", "accept() ...", "close(linger=0) = ok".
std::string app_label(const Event& e);

// Smallest prefix covering every address seen: "198.51.100.0/24", or one address.
class AddrRange {
 public:
  void add(Addr a) {
    if (!first_) first_ = a;
    diff_ |= a ^ *first_;
  }
  std::string str() const;

 private:
  std::optional<Addr> first_;
  Addr diff_ = 0;
};

}  // namespace synack
