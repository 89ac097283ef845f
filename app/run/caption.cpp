#include "app/run/caption.hpp"

#include "app/run/narration.hpp"

namespace synack {

CaptionLang caption_lang_of(Lang ui) {
  return ui == Lang::zh ? CaptionLang::zh : CaptionLang::en;
}

CaptionLang next_caption_lang(CaptionLang lang) {
  switch (lang) {
    case CaptionLang::en:
      return CaptionLang::zh;
    case CaptionLang::zh:
      return CaptionLang::both;
    case CaptionLang::both:
      return CaptionLang::en;
  }
  return CaptionLang::en;
}

std::vector<Lang> caption_langs(CaptionLang lang) {
  switch (lang) {
    case CaptionLang::en:
      return {Lang::en};
    case CaptionLang::zh:
      return {Lang::zh};
    case CaptionLang::both:
      return {Lang::zh, Lang::en};
  }
  return {Lang::en};
}

const LocalizedText& caption_paragraph(const Scenario& scenario,
                                       const std::vector<std::optional<std::size_t>>& anchors,
                                       std::size_t visible) {
  if (visible > 0) {
    const auto at = narration_at(anchors, visible - 1);
    if (at && *at < scenario.narration.size()) return scenario.narration[*at].text;
  }
  return scenario.summary;
}

}  // namespace synack
