#pragma once
// Initial sequence numbers per RFC 6528: ISN = M + F(local, remote, secret), where M is a
// clock ticking every 4 µs and F a keyed hash (SipHash-2-4, as Linux uses). The secret
// comes from the run's seed, so runs are reproducible. A fixed mode shows why that is unsafe.

#include <array>
#include <cstdint>

#include "segment.hpp"
#include "time.hpp"

namespace synack {

class KeyedHash {
 public:
  explicit KeyedHash(std::uint64_t seed, std::uint64_t domain);
  // SipHash-2-4 of the 4-tuple and an extra word, truncated to 32 bits.
  std::uint32_t operator()(SockAddr local, SockAddr remote, std::uint32_t extra = 0) const;

 private:
  std::array<unsigned char, 16> key_{};
};

class IsnGenerator {
 public:
  IsnGenerator(std::uint64_t seed, bool fixed, std::uint32_t fixed_isn);
  std::uint32_t next(Micros now, SockAddr local, SockAddr remote) const;
  bool fixed() const { return fixed_; }

 private:
  KeyedHash hash_;
  bool fixed_;
  std::uint32_t fixed_isn_;
};

}  // namespace synack
