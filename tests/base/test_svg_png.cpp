// SVG to PNG through librsvg: the size asked for, the colours drawn where the SVG puts them,
// text drawn as glyphs (Chinese too), and a reason for SVG that cannot be read.
#include <catch2/catch.hpp>

#include <stb_image.h>

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>

#include "app/base/svg_png.hpp"

using namespace synack;

namespace {

struct Image {
  int w = 0, h = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> px{nullptr, stbi_image_free};
  const unsigned char* at(int x, int y) const {
    return px.get() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + x) * 3;
  }
};

Image decode(const std::string& png) {
  Image img;
  int n = 0;
  img.px.reset(stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.data()),
                                     static_cast<int>(png.size()), &img.w, &img.h, &n, 3));
  return img;
}

// Pixels darker than mid-grey in the rectangle [x0, x1) x [y0, y1).
int dark_pixels(const Image& img, int x0, int y0, int x1, int y1) {
  int n = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) n += img.at(x, y)[0] + img.at(x, y)[1] + img.at(x, y)[2] < 384;
  }
  return n;
}

}  // namespace

TEST_CASE("svg_png: the picture has the size asked for and the SVG's colours in place") {
  const std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\" "
      "viewBox=\"0 0 200 100\"><rect x=\"0\" y=\"0\" width=\"100\" height=\"100\" "
      "fill=\"#1f6fb4\"/></svg>";
  const std::string png = svg_to_png(svg, 200, 100);
  REQUIRE(png.size() > 8);
  CHECK(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  const Image img = decode(png);
  REQUIRE(img.px);
  CHECK(img.w == 200);
  CHECK(img.h == 100);
  const unsigned char* left = img.at(50, 50);
  CHECK(int{left[0]} == 0x1f);
  CHECK(int{left[1]} == 0x6f);
  CHECK(int{left[2]} == 0xb4);
  const unsigned char* right = img.at(150, 50);  // no fill there: the white background
  CHECK(int{right[0]} == 255);
  CHECK(int{right[1]} == 255);
  CHECK(int{right[2]} == 255);
}

TEST_CASE("svg_png: Latin and Chinese text are drawn as glyphs") {
  // Fonts from scripts/install-deps.sh: DejaVu Sans, Noto Sans CJK. A missing glyph would
  // still ink a box, so this checks that the text is drawn at all and in its place; the
  // screenshots in tests/gui_smoke.sh and a look at them check that it reads.
  const std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"60\" "
      "font-family=\"DejaVu Sans, Noto Sans CJK SC, sans-serif\" font-size=\"20\">"
      "<text x=\"10\" y=\"25\">cwnd</text><text x=\"160\" y=\"25\">拥塞窗口</text></svg>";
  const Image img = decode(svg_to_png(svg, 300, 60));
  REQUIRE(img.px);
  CHECK(dark_pixels(img, 10, 5, 150, 30) > 40);
  CHECK(dark_pixels(img, 160, 5, 300, 30) > 80);
  CHECK(dark_pixels(img, 0, 35, 300, 60) == 0);  // nothing below the baseline's line
}

TEST_CASE("svg_png: unreadable SVG is an error with librsvg's reason") {
  CHECK_THROWS_AS(svg_to_png("<svg", 100, 100), std::runtime_error);
  CHECK_THROWS_WITH(svg_to_png("not svg at all", 100, 100), Catch::Contains("SVG"));
  CHECK_THROWS_AS(svg_to_png("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", 0, 10),
                  std::runtime_error);
}
