#pragma once
// A PNG decoded with stb_image for the tests that look at pictures: its size, a pixel, how
// many pixels have a colour, how many are dark in a rectangle.
#include <stb_image.h>

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace synack::test {

struct Rgb {
  int r = 0, g = 0, b = 0;
};

// "#1f6fb4" (as svg_plot's ink_colour() writes it) as a colour.
inline Rgb rgb_of(std::string_view hex) {
  const long v = std::strtol(std::string(hex.substr(1)).c_str(), nullptr, 16);
  return {static_cast<int>(v >> 16 & 0xff), static_cast<int>(v >> 8 & 0xff),
          static_cast<int>(v & 0xff)};
}

struct Picture {
  int w = 0, h = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> px{nullptr, stbi_image_free};

  Rgb at(int x, int y) const {
    const unsigned char* p =
        px.get() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + x) * 3;
    return {p[0], p[1], p[2]};
  }
  // Pixels within `tolerance` of `c` in each channel.
  int count(Rgb c, int tolerance = 8) const {
    int n = 0;
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        const Rgb p = at(x, y);
        n += std::abs(p.r - c.r) <= tolerance && std::abs(p.g - c.g) <= tolerance &&
             std::abs(p.b - c.b) <= tolerance;
      }
    }
    return n;
  }
  // Pixels darker than mid-grey in the rectangle [x0, x1) x [y0, y1).
  int dark_pixels(int x0, int y0, int x1, int y1) const {
    int n = 0;
    for (int y = y0; y < y1; ++y) {
      for (int x = x0; x < x1; ++x) {
        const Rgb p = at(x, y);
        n += p.r + p.g + p.b < 384;
      }
    }
    return n;
  }
};

inline Picture decode_png(const std::string& png) {
  Picture pic;
  int channels = 0;
  pic.px.reset(stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.data()),
                                     static_cast<int>(png.size()), &pic.w, &pic.h, &channels, 3));
  return pic;
}

}  // namespace synack::test
