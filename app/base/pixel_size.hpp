#pragma once
// "1600x900" as a window or picture size, checked against bounds the caller chooses.

#include <optional>
#include <string_view>

namespace synack {

struct PixelSize {
  int width = 0;
  int height = 0;
};

// WxH (or WXH) with min_w <= W <= max and min_h <= H <= max; nullopt for anything else.
std::optional<PixelSize> parse_pixel_size(std::string_view text, int min_w, int min_h, int max);

}  // namespace synack
