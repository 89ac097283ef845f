#pragma once
// SYN cookies (RFC 4987 §3.6, Linux's encoding): the server answers a SYN without keeping
// state and hides what it needs in the ISN of its SYN-ACK:
//   cookie = H1(4-tuple) + peer ISN + (minute counter << 24) + (H2(4-tuple, counter) + MSS index)
//   mod 2^24
// The final ACK acknowledges cookie + 1, so the server can check and decode it.

#include <cstdint>
#include <optional>

#include "isn.hpp"
#include "segment.hpp"
#include "time.hpp"

namespace synack {

inline constexpr std::uint16_t kCookieMssTable[] = {536, 1300, 1440, 1460};

struct CookieFields {
  std::uint32_t counter = 0;  // minutes since the start of the run
  std::uint32_t mss_index = 0;
};

class SynCookies {
 public:
  explicit SynCookies(std::uint64_t seed) : h1_(seed, 11), h2_(seed, 12) {}

  static std::uint32_t counter_at(Micros now) {
    return static_cast<std::uint32_t>(now / (60 * kMicrosPerSec));
  }
  static std::uint32_t mss_index_for(std::uint16_t mss);

  std::uint32_t make(Micros now, SockAddr local, SockAddr remote, std::uint32_t peer_isn,
                     std::uint16_t peer_mss, CookieFields* fields) const;
  // The fields if `cookie` is valid now (at most 2 minutes old), else nullopt.
  std::optional<CookieFields> check(Micros now, SockAddr local, SockAddr remote,
                                    std::uint32_t peer_isn, std::uint32_t cookie) const;

 private:
  KeyedHash h1_;
  KeyedHash h2_;
};

}  // namespace synack
