#include "app/base/text_width.hpp"

#include <cstdint>

#include "app/base/utf8.hpp"

namespace synack {
namespace {

// A glyph's code point; a malformed byte is itself (as the glyphs() split keeps it).
std::uint32_t decode(std::string_view g) {
  char32_t cp = 0;
  const std::size_t n = decode_utf8(g, 0, cp);
  return n == 1 && cp == 0xFFFD ? static_cast<unsigned char>(g[0]) : cp;
}

bool in(std::uint32_t cp, std::uint32_t lo, std::uint32_t hi) {
  return cp >= lo && cp <= hi;
}

bool is_space(std::string_view g) {
  return g == " ";
}

}  // namespace

std::vector<std::string_view> glyphs(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const std::size_t n = decode_utf8(text, i, cp);  // a malformed byte stands alone
    out.push_back(text.substr(i, n));
    i += n;
  }
  return out;
}

int glyph_width(std::string_view glyph) {
  std::uint32_t cp = decode(glyph);
  if (cp < 0x20 || cp == 0x7F) return 0;
  if (in(cp, 0x0300, 0x036F) || in(cp, 0x200B, 0x200F) || in(cp, 0xFE00, 0xFE0F)) return 0;
  // East Asian Wide and Fullwidth blocks (Unicode UAX #11), the ones Chinese text uses.
  if (in(cp, 0x1100, 0x115F) || in(cp, 0x2E80, 0x303E) || in(cp, 0x3041, 0x33FF) ||
      in(cp, 0x3400, 0x4DBF) || in(cp, 0x4E00, 0x9FFF) || in(cp, 0xA000, 0xA4CF) ||
      in(cp, 0xAC00, 0xD7A3) || in(cp, 0xF900, 0xFAFF) || in(cp, 0xFE30, 0xFE4F) ||
      in(cp, 0xFF00, 0xFF60) || in(cp, 0xFFE0, 0xFFE6) || in(cp, 0x1F300, 0x1F64F) ||
      in(cp, 0x1F900, 0x1F9FF) || in(cp, 0x20000, 0x3FFFD)) {
    return 2;
  }
  return 1;
}

std::size_t display_width(std::string_view text) {
  std::size_t w = 0;
  for (auto g : glyphs(text)) w += static_cast<std::size_t>(glyph_width(g));
  return w;
}

std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  if (width == 0) return lines;
  // Units that may not be split: a run of narrow non-space glyphs (a word), a single wide
  // glyph (CJK breaks anywhere) or a single space.
  std::vector<std::string> units;
  std::string word;
  for (auto g : glyphs(text)) {
    if (glyph_width(g) == 2 && no_line_start(decode(g)) && (!word.empty() || !units.empty())) {
      // Closing punctuation stays with what it closes: no line starts with "，" or "）".
      if (word.empty()) {
        units.back() += g;
      } else {
        word += g;
      }
      continue;
    }
    if (is_space(g) || glyph_width(g) == 2) {
      if (!word.empty()) units.push_back(std::move(word));
      word.clear();
      units.emplace_back(g);
    } else {
      word += g;
    }
  }
  if (!word.empty()) units.push_back(std::move(word));

  std::string line;
  std::size_t used = 0;
  auto flush = [&] {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    lines.push_back(std::move(line));
    line.clear();
    used = 0;
  };
  for (auto& unit : units) {
    std::size_t w = display_width(unit);
    if (unit == " " && used == 0) continue;  // no leading spaces on a continuation line
    if (used + w <= width) {
      line += unit;
      used += w;
      continue;
    }
    if (unit == " ") {
      flush();
      continue;
    }
    if (w <= width) {
      flush();
      line = unit;
      used = w;
      continue;
    }
    // A word wider than a whole line: cut it between code points.
    for (auto g : glyphs(unit)) {
      auto gw = static_cast<std::size_t>(glyph_width(g));
      if (used + gw > width) flush();
      line += g;
      used += gw;
    }
  }
  if (!line.empty()) flush();
  return lines;
}

std::string clip(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return std::string(text);
  std::string out;
  std::size_t used = 0;
  std::size_t room = width >= 3 ? width - 3 : 0;
  for (auto g : glyphs(text)) {
    auto gw = static_cast<std::size_t>(glyph_width(g));
    if (used + gw > room) break;
    out += g;
    used += gw;
  }
  if (width >= 3) out += "...";
  return out;
}

}  // namespace synack
