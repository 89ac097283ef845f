#include "app/wrap_lines.hpp"

#include <string>

namespace synack {
namespace {

// Decodes the code point at s[i]; returns its length in bytes (1 for a malformed byte,
// which then counts as U+FFFD).
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = b0 < 0x80             ? 1
                    : (b0 & 0xE0) == 0xC0 ? 2
                    : (b0 & 0xF0) == 0xE0 ? 3
                    : (b0 & 0xF8) == 0xF0 ? 4
                                          : 0;
  if (len == 0 || i + len > s.size()) {
    cp = 0xFFFD;
    return 1;
  }
  cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      cp = 0xFFFD;
      return 1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  return len;
}

bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFF00 && c <= 0xFFEF);
}

// Characters a line must not start with (kinsoku): closing punctuation, CJK and ASCII.
bool no_line_start(char32_t c) {
  static const std::u32string kClosing = U"，。、：；！？）》」』】〉”’…,.;:!?)]}%";
  return kClosing.find(c) != std::u32string::npos;
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
      j += decode(s, j, c);
      w += advance(c);
    }
    return w;
  };

  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    const std::size_t len = decode(s, i, cp);
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
