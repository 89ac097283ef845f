// Line breaking that works for Chinese: ImGui 1.86 only breaks at spaces.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "app/base/wrap_lines.hpp"

using namespace synack;

namespace {

// Every character is 1 wide, a CJK one 2 (as in a typical proportional CJK font).
std::vector<std::string> wrap(std::string_view text, float width) {
  auto advance = [](char32_t c) { return c >= 0x2E80 ? 2.0f : 1.0f; };
  std::vector<std::string> out;
  for (auto line : wrap_lines(text, width, advance)) out.emplace_back(line);
  return out;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("wrap lines: English breaks at spaces and drops them", "[wrap]") {
  CHECK(wrap("the quick brown fox", 10) == Lines{"the quick", "brown fox"});
  CHECK(wrap("the quick brown fox", 100) == Lines{"the quick brown fox"});
  CHECK(wrap("a  b", 1) == Lines{"a", "b"});
  CHECK(wrap("abcdefghij", 4) == Lines{"abcd", "efgh", "ij"});  // too long: cut
  CHECK(wrap("one\ntwo", 100) == Lines{"one", "two"});
  CHECK(wrap("", 10) == Lines{""});
}

TEST_CASE("wrap lines: Chinese breaks between characters, not before punctuation", "[wrap]") {
  // 三次握手完成 = 6 characters of width 2.
  CHECK(wrap("三次握手完成", 8) == Lines{"三次握手", "完成"});
  // "，" may not start a line: the break moves one character back.
  CHECK(wrap("三次握，手完成", 8) == Lines{"三次握，", "手完成"});
  CHECK(wrap("三次握，手完成", 7) == Lines{"三次", "握，手", "完成"});
  // Mixed: ASCII words stay whole next to CJK.
  CHECK(wrap("发出 SYN 报文", 8) == Lines{"发出 SYN", "报文"});
  CHECK(wrap("客户端SYN", 7) == Lines{"客户端", "SYN"});
}
