#include "isn.hpp"

#include <sodium.h>

#include <cstring>

namespace synack {

KeyedHash::KeyedHash(std::uint64_t seed, std::uint64_t domain) {
  // Expand (seed, domain) into a 128-bit key; SipHash only needs the key to be secret,
  // and here it only needs to be reproducible.
  std::uint64_t words[2] = {seed * 0x9e3779b97f4a7c15ull + domain,
                            seed ^ (domain << 32) ^ 0x5851f42d4c957f2dull};
  std::memcpy(key_.data(), words, sizeof words);
}

std::uint32_t KeyedHash::operator()(SockAddr local, SockAddr remote, std::uint32_t extra) const {
  unsigned char in[16];
  std::memcpy(in, &local.addr, 4);
  std::memcpy(in + 4, &remote.addr, 4);
  std::memcpy(in + 8, &local.port, 2);
  std::memcpy(in + 10, &remote.port, 2);
  std::memcpy(in + 12, &extra, 4);
  unsigned char out[crypto_shorthash_BYTES];
  crypto_shorthash(out, in, sizeof in, key_.data());
  std::uint32_t h = 0;
  std::memcpy(&h, out, sizeof h);
  return h;
}

IsnGenerator::IsnGenerator(std::uint64_t seed, bool fixed, std::uint32_t fixed_isn)
    : hash_(seed, 1), fixed_(fixed), fixed_isn_(fixed_isn) {}

std::uint32_t IsnGenerator::next(Micros now, SockAddr local, SockAddr remote) const {
  if (fixed_) return fixed_isn_;
  const auto clock = static_cast<std::uint32_t>(now / 4);  // M: one tick every 4 µs
  return clock + hash_(local, remote);
}

}  // namespace synack
