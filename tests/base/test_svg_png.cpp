// SVG to PNG through librsvg: the size asked for, the colours drawn where the SVG puts them,
// text drawn as glyphs (Chinese too), and a reason for SVG that cannot be read.
#include <catch2/catch.hpp>

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>

#include "app/base/svg_png.hpp"
#include "tests/support/png_picture.hpp"

using namespace synack;

using test::decode_png;
using test::Picture;
using test::rgb_of;

TEST_CASE("svg_png: the picture has the size asked for and the SVG's colours in place") {
  const std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\" "
      "viewBox=\"0 0 200 100\"><rect x=\"0\" y=\"0\" width=\"100\" height=\"100\" "
      "fill=\"#1f6fb4\"/></svg>";
  const std::string png = svg_to_png(svg, 200, 100);
  REQUIRE(png.size() > 8);
  CHECK(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  const Picture img = decode_png(png);
  REQUIRE(img.px);
  CHECK(img.w == 200);
  CHECK(img.h == 100);
  CHECK(img.count(rgb_of("#1f6fb4"), 0) == 100 * 100);  // the left half, exactly
  CHECK(img.count(rgb_of("#ffffff"), 0) == 100 * 100);  // no fill: the white background
}

TEST_CASE("svg_png: Latin and Chinese text are drawn as glyphs") {
  // Fonts from scripts/install-deps.sh: DejaVu Sans, Noto Sans CJK. A missing glyph would
  // still ink a box, so this checks that the text is drawn at all and in its place; the
  // screenshots in tests/gui_smoke.sh and a look at them check that it reads.
  const std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"60\" "
      "font-family=\"DejaVu Sans, Noto Sans CJK SC, sans-serif\" font-size=\"20\">"
      "<text x=\"10\" y=\"25\">cwnd</text><text x=\"160\" y=\"25\">拥塞窗口</text></svg>";
  const Picture img = decode_png(svg_to_png(svg, 300, 60));
  REQUIRE(img.px);
  CHECK(img.dark_pixels(10, 5, 150, 30) > 40);
  CHECK(img.dark_pixels(160, 5, 300, 30) > 80);
  CHECK(img.dark_pixels(0, 35, 300, 60) == 0);  // nothing below the baseline's line
}

TEST_CASE("svg_png: unreadable SVG is an error with librsvg's reason") {
  CHECK_THROWS_AS(svg_to_png("<svg", 100, 100), std::runtime_error);
  CHECK_THROWS_WITH(svg_to_png("not svg at all", 100, 100), Catch::Contains("SVG"));
  CHECK_THROWS_AS(svg_to_png("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", 0, 10),
                  std::runtime_error);
}
