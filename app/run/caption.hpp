#pragma once
// The presenter's caption, with no UI library: which paragraph it shows at a playback
// position, and in which languages (the UI's, or a choice cycled by a key: English, Chinese,
// or both, Chinese first).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "app/content/scenario.hpp"

namespace synack {

enum class CaptionLang : std::uint8_t { en, zh, both };

CaptionLang caption_lang_of(Lang ui);               // the caption that follows the UI language
CaptionLang next_caption_lang(CaptionLang lang);    // en -> zh -> both -> en
std::vector<Lang> caption_langs(CaptionLang lang);  // the lines' languages, in order

// The text the caption shows with events [0, visible) on screen: the narration paragraph
// anchored at the latest of them (narration_at), else the scenario's summary.
const LocalizedText& caption_paragraph(const Scenario& scenario,
                                       const std::vector<std::optional<std::size_t>>& anchors,
                                       std::size_t visible);

}  // namespace synack
