#include "app/draw/font_measure.hpp"

#include <stb_truetype.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace synack {

FontFile find_cjk_font() {
  const FontFile candidates[] = {
      {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0},
      {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2},  // face 2: SC; 0 is JP
  };
  for (const auto& c : candidates) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(c.path, ec)) return c;
  }
  return {};
}

struct FontMeasure::Face {
  stbtt_fontinfo info{};
  float scale = 0;
};

FontMeasure::FontMeasure(const FontFile& file, double font_px)
    : face_(std::make_unique<Face>()), px_(font_px) {
  std::ifstream in(file.path, std::ios::binary);
  data_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  const int offset = data_.empty() ? -1 : stbtt_GetFontOffsetForIndex(data_.data(), file.face);
  if (offset < 0 || !stbtt_InitFont(&face_->info, data_.data(), offset)) {
    throw std::runtime_error("cannot read font " + file.path.string());
  }
  face_->scale = stbtt_ScaleForPixelHeight(&face_->info, static_cast<float>(font_px));
}

FontMeasure::~FontMeasure() = default;

double FontMeasure::advance(char32_t c) const {
  int glyph = stbtt_FindGlyphIndex(&face_->info, static_cast<int>(c));
  if (glyph == 0) glyph = stbtt_FindGlyphIndex(&face_->info, '?');  // ImGui's fallback
  int adv = 0, lsb = 0;
  stbtt_GetGlyphHMetrics(&face_->info, glyph, &adv, &lsb);
  return std::round(static_cast<double>(adv) * face_->scale);
}

}  // namespace synack
