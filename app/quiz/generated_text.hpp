#pragma once
// Helpers shared by the generators: a portable random stream, times and trace lines as a
// student reads them in a question.

#include <cstdint>
#include <string>
#include <vector>

#include "app/content/scenario.hpp"
#include "engine/trace.hpp"

namespace synack::gen {

// splitmix64: the same numbers on every platform (std distributions are not portable).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // Uniform in [lo, hi].
  int between(int lo, int hi);

 private:
  std::uint64_t state_;
};

// "0 ms", "20 ms", "1.24 s", "63 s", "3.00006 s": short, no trailing zeros, to the
// microsecond.
std::string short_time(Micros t);
// "1st", "2nd"... in English; "第 2 个" style is built by the caller.
std::string ordinal(int n);

// What happened before event `before`, as at most `max_lines` lines, oldest first:
// segments sent ("t=20 ms client → server ACK seq=1 ack=1 len=0", "(lost)" once the drop
// is known), completed socket calls and state changes.
LocalizedText history(const Trace& trace, std::size_t before, std::size_t max_lines);

// The history block of a question: the lines indented, or "Nothing has happened yet."
LocalizedText history_block(const Trace& trace, std::size_t before, std::size_t max_lines);

}  // namespace synack::gen
