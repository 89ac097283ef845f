#include "app/glyph_set.hpp"

#include "engine/reason.hpp"

namespace synack {

void GlyphSet::add_text(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    char32_t cp = 0;
    if (b0 < 0x80) {
      len = 1;
      cp = b0;
    } else if ((b0 & 0xE0) == 0xC0) {
      len = 2;
      cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3;
      cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4;
      cp = b0 & 0x07;
    } else {
      ++i;  // a stray continuation byte or an invalid lead byte
      continue;
    }
    if (i + len > s.size()) break;
    bool ok = true;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (b & 0x3F);
    }
    if (!ok) {
      ++i;
      continue;
    }
    i += len;
    if (cp >= 0x20 && cp != 0x7F) codepoints_.insert(cp);  // control characters have no glyph
  }
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
    for (const auto* t : {&s.title, &s.summary}) {
      g.add_text(t->en);
      g.add_text(t->zh);
    }
    for (const auto& n : s.narration) {
      g.add_text(n.text.en);
      g.add_text(n.text.zh);
    }
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

}  // namespace synack
