#pragma once
// splitmix64 (Steele, Lea, Flood 2014): the same numbers on every platform, where the std
// distributions are not portable. The finaliser alone is a good 64-bit hash mix.

#include <cstdint>

namespace synack {

constexpr std::uint64_t splitmix64_mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// The next number of the sequence that `state` is at.
constexpr std::uint64_t splitmix64_next(std::uint64_t& state) {
  return splitmix64_mix(state += 0x9e3779b97f4a7c15ULL);
}

}  // namespace synack
