#include "app/base/pixel_size.hpp"

#include <cstdio>
#include <string>

namespace synack {

std::optional<PixelSize> parse_pixel_size(std::string_view text, int min_w, int min_h, int max) {
  const std::string s(text);
  int w = 0, h = 0;
  char x = 0, extra = 0;
  if (std::sscanf(s.c_str(), "%d%c%d%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X')) {
    return std::nullopt;
  }
  if (w < min_w || h < min_h || w > max || h > max) return std::nullopt;
  return PixelSize{w, h};
}

}  // namespace synack
