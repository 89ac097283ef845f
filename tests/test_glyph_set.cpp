// The font atlas holds only the characters the app can show; these tests check that the
// collection decodes UTF-8 correctly and covers every text source the window draws from.
#include <catch2/catch.hpp>
#include <filesystem>

#include "app/glyph_set.hpp"
#include "app/scenario_catalog.hpp"

using namespace synack;
namespace fs = std::filesystem;

TEST_CASE("glyph set: UTF-8 of every length, control characters and bad bytes skipped",
          "[glyphs]") {
  GlyphSet g;
  g.add_text("a\n\tb");
  g.add_text("é");                 // 2 bytes
  g.add_text("握");                // 3 bytes
  g.add_text("\xF0\x9F\x98\x80");  // 4 bytes, U+1F600
  g.add_text("\xFF\x80z");         // invalid lead and stray continuation byte
  g.add_text("\xE6\x8F");          // truncated sequence at the end
  CHECK(g.contains(U'a'));
  CHECK(g.contains(U'b'));
  CHECK(g.contains(U'z'));
  CHECK(g.contains(U'é'));
  CHECK(g.contains(U'握'));
  CHECK(g.contains(U'\U0001F600'));
  CHECK_FALSE(g.contains(U'\n'));
  CHECK_FALSE(g.contains(U'\t'));
  CHECK(g.size() == 6);
}

TEST_CASE("glyph set: ranges are sorted, merged and inclusive", "[glyphs]") {
  GlyphSet g;
  g.add_text("cab");
  g.add_range(U'x', U'z');
  g.add_text("手握");
  const auto r = g.ranges();
  using R = std::pair<char32_t, char32_t>;
  REQUIRE(r.size() == 4);
  CHECK(r[0] == R{U'a', U'c'});
  CHECK(r[1] == R{U'x', U'z'});
  CHECK(r[2] == R{U'手', U'手'});
  CHECK(r[3] == R{U'握', U'握'});
}

TEST_CASE("glyph set: the app's text covers UI strings, scenarios and engine reasons", "[glyphs]") {
  const fs::path content = SYNACK_SOURCE_DIR "/content";
  const UiStrings strings = UiStrings::load(ui_strings_path(content));
  std::vector<Scenario> scenarios;
  for (const auto& e : load_catalog(content).entries) {
    scenarios.push_back(load_scenario_arg(content, e.id));
  }
  REQUIRE_FALSE(scenarios.empty());
  const GlyphSet g = glyphs_for_app(strings, scenarios);

  auto covers = [&](const std::string& text) {
    GlyphSet t;
    t.add_text(text);
    for (const auto& [first, last] : t.ranges()) {
      for (char32_t c = first; c <= last; ++c) {
        if (!g.contains(c)) return false;
      }
    }
    return true;
  };
  for (char32_t c = 0x20; c < 0x7F; ++c) CHECK(g.contains(c));
  for (const auto& [key, text] : strings.all()) CHECK(covers(text.zh));
  for (const auto& s : scenarios) {
    CHECK(covers(s.title.zh));
    CHECK(covers(s.summary.zh));
    for (const auto& n : s.narration) CHECK(covers(n.text.zh));
  }
  CHECK(covers(describe({Why::syn_rto, 2, 4'000'000}, Lang::zh)));
  CHECK(covers(describe({Why::syn_queue_full_cookie, 0, 0}, Lang::zh)));
  // Small enough to build in a few milliseconds: the text, not all of CJK (~21,000).
  CHECK(g.contains(U'\u2715'));  // ✕, a lost segment's mark
  CHECK(g.size() < 3000);
}
