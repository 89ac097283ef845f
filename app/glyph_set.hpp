#pragma once
// The characters the window can ever draw, so the font atlas holds only those. A full CJK
// range costs ~300 ms and 80 MB at start-up and still misses characters; the text actually
// shown is a few hundred glyphs and a few milliseconds. No UI library here.

#include <cstdint>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "app/scenario.hpp"
#include "app/ui_strings.hpp"

namespace synack {

class GlyphSet {
 public:
  // Adds every code point of a UTF-8 text; malformed bytes are skipped, not guessed at.
  void add_text(std::string_view utf8);
  void add_range(char32_t first, char32_t last);
  bool contains(char32_t c) const { return codepoints_.count(c) > 0; }
  std::size_t size() const { return codepoints_.size(); }
  // Sorted, merged, inclusive [first, last] runs, as ImFontAtlas glyph ranges want them.
  std::vector<std::pair<char32_t, char32_t>> ranges() const;

 private:
  std::set<char32_t> codepoints_;
};

// Everything the visualizer shows: printable ASCII and the usual punctuation, every UI
// string, the scenarios' titles, summaries and narration, and the engine's reasons, all in
// both languages (the language switches at run time without rebuilding the atlas).
GlyphSet glyphs_for_app(const UiStrings& strings, const std::vector<Scenario>& scenarios);

}  // namespace synack
