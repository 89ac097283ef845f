#pragma once
// Display width of UTF-8 text in a terminal: CJK characters take two columns, so a
// diagram with Chinese narration must count columns, not bytes.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace synack {

// Splits UTF-8 text into code points (each a string_view into `text`). Invalid bytes come
// out one by one, so nothing is lost.
std::vector<std::string_view> glyphs(std::string_view text);

// Columns one code point takes: 0 (combining), 1, or 2 (East Asian wide/fullwidth).
int glyph_width(std::string_view glyph);

std::size_t display_width(std::string_view text);

// Word-wraps `text` into lines of at most `width` columns. Breaks at spaces; a word longer
// than a line, or CJK text without spaces, is broken between code points.
std::vector<std::string> wrap(std::string_view text, std::size_t width);

// At most `width` columns of `text`; ends with "..." when something was cut.
std::string clip(std::string_view text, std::size_t width);

}  // namespace synack
