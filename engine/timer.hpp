#pragma once
// A one-shot timer on the virtual clock. Arming bumps the generation, so an event that was
// queued for an older arming is recognised as stale and ignored when it comes due.

#include <cstdint>

#include "time.hpp"

namespace synack {

struct Timer {
  Micros deadline = kNever;
  std::uint32_t generation = 0;

  bool armed() const { return deadline != kNever; }
};

}  // namespace synack
