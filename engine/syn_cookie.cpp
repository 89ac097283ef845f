#include "syn_cookie.hpp"

namespace synack {

std::uint32_t SynCookies::mss_index_for(std::uint16_t mss) {
  std::uint32_t index = 0;
  for (std::uint32_t i = 0; i < std::size(kCookieMssTable); ++i) {
    if (kCookieMssTable[i] <= mss) index = i;
  }
  return index;
}

std::uint32_t SynCookies::make(Micros now, SockAddr local, SockAddr remote, std::uint32_t peer_isn,
                               std::uint16_t peer_mss, CookieFields* fields) const {
  const std::uint32_t counter = counter_at(now);
  const std::uint32_t mss_index = mss_index_for(peer_mss);
  if (fields) *fields = {counter, mss_index};
  return h1_(local, remote) + peer_isn + (counter << 24) +
         ((h2_(local, remote, counter) + mss_index) & 0xffffff);
}

std::optional<CookieFields> SynCookies::check(Micros now, SockAddr local, SockAddr remote,
                                              std::uint32_t peer_isn, std::uint32_t cookie) const {
  const std::uint32_t rest = cookie - h1_(local, remote) - peer_isn;
  // Only the low 8 bits of the counter travel in the cookie; rebuild the rest from now.
  const std::uint32_t age = (counter_at(now) - (rest >> 24)) & 0xff;
  if (age > 2) return std::nullopt;  // Linux MAX_SYNCOOKIE_AGE
  const std::uint32_t counter = counter_at(now) - age;
  const std::uint32_t mss_index = (rest - h2_(local, remote, counter)) & 0xffffff;
  if (mss_index >= std::size(kCookieMssTable)) return std::nullopt;
  return CookieFields{counter, mss_index};
}

}  // namespace synack
