#include "app/base/wrap_lines.hpp"

#include <string>

#include "app/base/utf8.hpp"

namespace synack {
namespace {

bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFF00 && c <= 0xFFEF);
}

}  // namespace

std::vector<std::string_view> wrap_lines(std::string_view s, float max_width,
                                         const std::function<float(char32_t)>& advance) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;       // first byte of the current line
  float width = 0;             // of s[start, i)
  std::size_t break_end = 0;   // if we break: the line is s[start, break_end) ...
  std::size_t break_next = 0;  // ... and the next one starts here
  bool can_break = false;
  bool prev_cjk = false;
  auto width_of = [&](std::size_t from, std::size_t to) {
    float w = 0;
    for (std::size_t j = from; j < to;) {
      char32_t c = 0;
      j += decode_utf8(s, j, c);
      w += advance(c);
    }
    return w;
  };

  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(s, i, cp);
    if (cp == U'\n') {
      lines.push_back(s.substr(start, i - start));
      start = i + len;
      width = 0;
      can_break = prev_cjk = false;
      i += len;
      continue;
    }
    const bool cjk = is_cjk(cp);
    if (i > start && !no_line_start(cp) && (cjk || prev_cjk) && s[i - 1] != ' ') {
      break_end = break_next = i;
      can_break = true;
    }
    const float a = advance(cp);
    if (cp != U' ' && width + a > max_width && i > start) {
      if (can_break && break_next > start) {
        lines.push_back(s.substr(start, break_end - start));
        start = break_next;
      } else {  // one word wider than the line: cut it where it overflows
        lines.push_back(s.substr(start, i - start));
        start = i;
      }
      width = width_of(start, i);
      can_break = false;
    }
    if (cp == U' ') {
      // The line may end before this space; the next one starts after the spaces.
      std::size_t next = i + 1;
      while (next < s.size() && s[next] == ' ') ++next;
      if (i > start && s[i - 1] != ' ') {
        break_end = i;
        break_next = next;
        can_break = true;
      }
      if (i == start) {
        start = next;  // no line starts with a space
        i = next;
        prev_cjk = false;
        continue;
      }
    }
    width += a;
    prev_cjk = cjk;
    i += len;
  }
  if (start < s.size() || lines.empty()) lines.push_back(s.substr(start));
  return lines;
}

}  // namespace synack
