#pragma once
// The window's font file, found and measured without a UI library: the window loads it into
// ImGui, and layout tests measure text with it exactly as ImGui does (stb_truetype advances
// at the pixel height, rounded to whole pixels as ImFontConfig::PixelSnapH does).

#include <filesystem>
#include <memory>
#include <vector>

#include "app/draw/text_measure.hpp"

namespace synack {

struct FontFile {
  std::filesystem::path path;
  int face = 0;  // index inside a .ttc collection
};

// wqy-microhei (small and fast to load), else Noto Sans CJK SC; empty path if neither.
FontFile find_cjk_font();

class FontMeasure final : public TextMeasure {
 public:
  // Throws std::runtime_error if the file cannot be read or is not a font.
  FontMeasure(const FontFile& file, double font_px);
  ~FontMeasure() override;
  double advance(char32_t c) const override;
  double line_height() const override { return px_; }  // ImGui's line: the font size

 private:
  struct Face;
  std::vector<unsigned char> data_;
  std::unique_ptr<Face> face_;
  double px_;
};

}  // namespace synack
