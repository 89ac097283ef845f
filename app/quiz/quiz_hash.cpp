#include "app/quiz/quiz_hash.hpp"

#include <sodium.h>

#include <stdexcept>

namespace synack {

std::string hash_hex(std::string_view text) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot start");
  unsigned char out[16];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  std::string hex;
  for (unsigned char b : out) {
    constexpr char kDigits[] = "0123456789abcdef";
    hex += kDigits[b >> 4];
    hex += kDigits[b & 15];
  }
  return hex;
}

}  // namespace synack
