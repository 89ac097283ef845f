#include "app/draw/glyph_set.hpp"

#include <functional>

#include "app/base/utf8.hpp"
#include "engine/reason.hpp"

namespace synack {

namespace {

// Calls f(code point) for each well-formed UTF-8 sequence; malformed bytes are skipped.
template <typename F>
void each_code_point(std::string_view s, F f) {
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(s, i, cp);
    i += len;
    // A malformed byte decodes as U+FFFD of length 1 (a real U+FFFD is 3 bytes long).
    if (len == 1 && cp == 0xFFFD) continue;
    f(cp);
  }
}

bool has_glyph(char32_t c) {
  return c >= 0x20 && c != 0x7F;  // control characters have none
}

// Beyond this many distinct texts the watch forgets them (and decodes a text again when it
// comes back): a long session of changing text must not grow memory without end.
constexpr std::size_t kRememberedTexts = 100'000;

}  // namespace

void GlyphSet::add_text(std::string_view s) {
  each_code_point(s, [this](char32_t c) { add(c); });
}

void GlyphSet::add(char32_t c) {
  if (has_glyph(c)) codepoints_.insert(c);
}

void GlyphSet::add_range(char32_t first, char32_t last) {
  for (char32_t c = first; c <= last; ++c) codepoints_.insert(c);
}

std::vector<std::pair<char32_t, char32_t>> GlyphSet::ranges() const {
  std::vector<std::pair<char32_t, char32_t>> out;
  for (char32_t c : codepoints_) {
    if (!out.empty() && out.back().second + 1 == c) {
      out.back().second = c;
    } else {
      out.emplace_back(c, c);
    }
  }
  return out;
}

std::vector<std::string_view> scenario_texts(const Scenario& s) {
  std::vector<std::string_view> out = {s.title.en, s.title.zh, s.summary.en, s.summary.zh};
  for (const auto& n : s.narration) {
    out.push_back(n.text.en);
    out.push_back(n.text.zh);
  }
  for (const auto& h : s.spec.hosts) out.push_back(h.name);
  return out;
}

GlyphSet glyphs_for_app(const UiStrings& strings, const std::vector<Scenario>& scenarios) {
  GlyphSet g;
  // Printable ASCII, Latin-1, and the symbol blocks views draw marks from (punctuation such
  // as … and —, arrows, geometric shapes such as ▶ and ■, check marks and crosses ✓ ✕), so
  // a view can use them without touching this file. Glyphs the font lacks show as '?'.
  g.add_range(0x20, 0x7E);
  g.add_range(0xA0, 0xFF);
  g.add_range(0x2010, 0x2027);
  g.add_range(0x2190, 0x21FF);
  g.add_range(0x25A0, 0x25FF);
  g.add_range(0x2713, 0x2718);
  for (const auto& [key, text] : strings.all()) {
    g.add_text(text.en);
    g.add_text(text.zh);
  }
  for (const auto& s : scenarios) {
    for (std::string_view text : scenario_texts(s)) g.add_text(text);
  }
  // Reasons put numbers into fixed sentences; a few values per code reach every wording.
  for (int w = 0; w < static_cast<int>(Why::kCount); ++w) {
    for (std::int64_t a : {0, 1, 2, 5}) {
      for (std::int64_t b : {0, 200'000, 3'000'000}) {
        const Reason r{static_cast<Why>(w), a, b};
        g.add_text(describe(r, Lang::zh));
        g.add_text(describe(r, Lang::en));
      }
    }
  }
  return g;
}

void GlyphWatch::see(std::string_view utf8) {
  if (seen_.size() >= kRememberedTexts) seen_.clear();
  if (!seen_.insert(std::hash<std::string_view>{}(utf8)).second) return;
  each_code_point(utf8, [this](char32_t c) { see(c); });
}

void GlyphWatch::see(char32_t c) {
  if (has_glyph(c) && !held_.contains(c)) missing_.insert(c);
}

std::vector<char32_t> GlyphWatch::take_missing() {
  std::vector<char32_t> out(missing_.begin(), missing_.end());
  for (char32_t c : out) held_.add(c);
  missing_.clear();
  return out;
}

}  // namespace synack
