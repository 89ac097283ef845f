#pragma once
// The characters the window can ever draw, so the font atlas holds only those. A full CJK
// range costs ~300 ms and 80 MB at start-up and still misses characters; the text actually
// shown is a few hundred glyphs and a few milliseconds. No UI library here.

#include <cstdint>
#include <set>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "app/content/scenario.hpp"
#include "app/content/ui_strings.hpp"

namespace synack {

class GlyphSet {
 public:
  // Adds every code point of a UTF-8 text; malformed bytes are skipped, not guessed at.
  void add_text(std::string_view utf8);
  void add(char32_t c);  // a control character is not added: it has no glyph
  void add_range(char32_t first, char32_t last);
  bool contains(char32_t c) const { return codepoints_.count(c) > 0; }
  std::size_t size() const { return codepoints_.size(); }
  // Sorted, merged, inclusive [first, last] runs, as ImFontAtlas glyph ranges want them.
  std::vector<std::pair<char32_t, char32_t>> ranges() const;

 private:
  std::set<char32_t> codepoints_;
};

// What a student can read of a scenario, in both languages: title, summary, narration, and
// the host names the diagram writes.
std::vector<std::string_view> scenario_texts(const Scenario& s);

// Everything the visualizer shows: printable ASCII and the usual punctuation, every UI
// string, the scenarios' titles, summaries and narration, and the engine's reasons, all in
// both languages (the language switches at run time without rebuilding the atlas).
GlyphSet glyphs_for_app(const UiStrings& strings, const std::vector<Scenario>& scenarios);

// Which characters of the text met while the window runs the atlas lacks: a user's
// scenario, typed or pasted text, a quiz import, an error message. Each distinct text is
// decoded once (remembered by a hash), so a view may hand over the same text every frame.
class GlyphWatch {
 public:
  explicit GlyphWatch(GlyphSet held) : held_(std::move(held)) {}
  void see(std::string_view utf8);
  void see(char32_t c);
  // True when see() met characters held() lacks since the last take_missing().
  bool has_missing() const { return !missing_.empty(); }
  // Those characters, sorted; from now on they count as held.
  std::vector<char32_t> take_missing();
  const GlyphSet& held() const { return held_; }

 private:
  GlyphSet held_;
  std::set<char32_t> missing_;
  std::unordered_set<std::size_t> seen_;  // hashes of texts already decoded
};

}  // namespace synack
