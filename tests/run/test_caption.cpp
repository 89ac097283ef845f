// The presenter's caption: the paragraph for a playback position and the languages it is
// written in.
#include <catch2/catch.hpp>

#include "app/content/scenario_catalog.hpp"
#include "app/run/caption.hpp"
#include "app/run/narration.hpp"
#include "engine/simulator.hpp"

using namespace synack;

TEST_CASE("caption: languages follow the UI, L cycles English, Chinese, both", "[caption]") {
  CHECK(caption_lang_of(Lang::en) == CaptionLang::en);
  CHECK(caption_lang_of(Lang::zh) == CaptionLang::zh);
  CHECK(next_caption_lang(CaptionLang::en) == CaptionLang::zh);
  CHECK(next_caption_lang(CaptionLang::zh) == CaptionLang::both);
  CHECK(next_caption_lang(CaptionLang::both) == CaptionLang::en);
  CHECK(caption_langs(CaptionLang::en) == std::vector<Lang>{Lang::en});
  CHECK(caption_langs(CaptionLang::zh) == std::vector<Lang>{Lang::zh});
  // Both: the Chinese line first, then the English one.
  CHECK(caption_langs(CaptionLang::both) == std::vector<Lang>{Lang::zh, Lang::en});
}

TEST_CASE("caption: the summary, then each paragraph from its anchor on", "[caption]") {
  const Scenario sc = load_scenario_arg(find_content_dir(), "handshake");
  const Trace trace = run_scenario(sc.spec);
  const auto anchors = anchor_narrations(sc.narration, trace);
  REQUIRE(sc.narration.size() >= 3);
  REQUIRE(anchors[0]);
  REQUIRE(anchors[1]);
  REQUIRE(*anchors[0] < *anchors[1]);

  // Nothing shown, or only events before the first anchor: the summary.
  CHECK(&caption_paragraph(sc, anchors, 0) == &sc.summary);
  CHECK(&caption_paragraph(sc, anchors, *anchors[0]) == &sc.summary);
  // The anchored event shown: its paragraph, until the next anchor is shown.
  CHECK(&caption_paragraph(sc, anchors, *anchors[0] + 1) == &sc.narration[0].text);
  CHECK(&caption_paragraph(sc, anchors, *anchors[1]) == &sc.narration[0].text);
  CHECK(&caption_paragraph(sc, anchors, *anchors[1] + 1) == &sc.narration[1].text);
  // Everything shown: the last paragraph.
  std::size_t last = 0;
  for (std::size_t k = 0; k < anchors.size(); ++k) {
    if (anchors[k] && *anchors[k] >= *anchors[last]) last = k;
  }
  CHECK(&caption_paragraph(sc, anchors, trace.events.size()) == &sc.narration[last].text);
  // Both languages are there to show.
  CHECK_FALSE(sc.narration[1].text.in(Lang::zh).empty());
  CHECK(sc.narration[1].text.in(Lang::zh) != sc.narration[1].text.in(Lang::en));
}
