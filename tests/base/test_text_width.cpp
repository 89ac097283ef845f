// Splitting UTF-8 into glyphs and their terminal widths: malformed bytes stand alone.
#include <catch2/catch.hpp>
#include <string_view>
#include <vector>

#include "app/base/text_width.hpp"
#include "app/base/utf8.hpp"

using namespace synack;

TEST_CASE("text width: a malformed UTF-8 byte is a glyph of its own, never a crash", "[text]") {
  const std::vector<std::string_view> split = glyphs(
      "a\xff"
      "b\xe4\xb8\xad\xe4");
  REQUIRE(split.size() == 5);
  CHECK(split[0] == "a");
  CHECK(split[1] == "\xff");
  CHECK(split[2] == "b");
  CHECK(split[3] == "中");
  CHECK(split[4] == "\xe4");  // a sequence cut off at the end
  CHECK(glyph_width("中") == 2);
  CHECK(glyph_width("a") == 1);
  char32_t cp = 0;
  CHECK(decode_utf8("\xef\xbc\x91", 0, cp) == 3);  // U+FF11, full-width 1
  CHECK(cp == 0xFF11);
  CHECK(decode_utf8("\xe4\x41", 0, cp) == 1);  // a bad continuation
  CHECK(cp == 0xFFFD);
}

TEST_CASE("text wrap: no line starts with closing punctuation", "[text]") {
  const std::string text =
      "服务端用 D-SACK 说明了这一点）。客户端的数据被旧数据悄悄顶替了，没有任何报错。";
  // From 6 columns on: "点）。" is one unit of 6 and never has to be cut.
  for (std::size_t width = 6; width <= 40; ++width) {
    const auto lines = wrap(text, width);
    std::string joined;
    for (const auto& line : lines) {
      INFO("width " << width << ": [" << line << "]");
      REQUIRE_FALSE(line.empty());
      char32_t first = 0;
      decode_utf8(line, 0, first);
      CHECK_FALSE(no_line_start(first));
      CHECK(display_width(line) <= width);
      joined += line;
    }
    std::string no_spaces = text;
    std::erase(no_spaces, ' ');
    std::erase(joined, ' ');
    CHECK(joined == no_spaces);
  }
}
