// The font atlas holds only the characters the app can show; these tests check that the
// collection decodes UTF-8 correctly and covers every text source the window draws from.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "app/content/scenario_catalog.hpp"
#include "app/draw/glyph_set.hpp"

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

TEST_CASE("glyph watch: reports the characters the atlas lacks, once", "[glyphs]") {
  GlyphSet ascii;
  ascii.add_range(0x20, 0x7E);
  GlyphWatch w(ascii);
  w.see("ACK lost");
  CHECK_FALSE(w.has_missing());
  w.see("龘鑫 ACK 霾\n");
  w.see("鑫");  // met twice before the atlas grows: still one glyph to add
  REQUIRE(w.has_missing());
  CHECK(w.take_missing() == std::vector<char32_t>{U'鑫', U'霾', U'龘'});  // U+946B, 973E, 9F98
  CHECK_FALSE(w.has_missing());
  CHECK(w.held().contains(U'霾'));
  // Held now: the same characters in another text are not missing again.
  w.see("霾龘");
  CHECK_FALSE(w.has_missing());
  // One character at a time, as typed; control characters have no glyph.
  w.see(U'呢');
  w.see(U'\t');
  CHECK(w.take_missing() == std::vector<char32_t>{U'呢'});
}

TEST_CASE("glyph watch: a user's scenario outside the shipped text is seen as missing",
          "[glyphs]") {
  const fs::path content = SYNACK_SOURCE_DIR "/content";
  const UiStrings strings = UiStrings::load(ui_strings_path(content));
  std::vector<Scenario> shipped;
  for (const auto& e : load_catalog(content).entries) {
    shipped.push_back(load_scenario_arg(content, e.id));
  }
  GlyphWatch w(glyphs_for_app(strings, shipped));
  const Scenario user = load_scenario(SYNACK_TEST_DATA "/teacher-demo.toml");
  for (char32_t c : {U'眨', U'鑫', U'霾', U'龘'}) CHECK_FALSE(w.held().contains(c));
  w.see(user.title.zh);
  for (const auto& n : user.narration) w.see(n.text.zh);
  const auto missing = w.take_missing();
  for (char32_t c : {U'眨', U'鑫', U'霾', U'龘'}) {
    CHECK(std::find(missing.begin(), missing.end(), c) != missing.end());
  }
  // Everything of that text is held now; what was held before was not reported.
  GlyphSet all;
  all.add_text(user.title.zh);
  for (const auto& [first, last] : all.ranges()) {
    for (char32_t c = first; c <= last; ++c) CHECK(w.held().contains(c));
  }
  CHECK(std::find(missing.begin(), missing.end(), U'A') == missing.end());
}
