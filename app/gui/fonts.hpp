#pragma once
// The font atlas: one CJK font from Debian (it has Latin too), holding only the glyphs the
// app can show, rebuilt at the exact pixel size when the scale changes so text stays sharp
// on a projector instead of being stretched.

#include <filesystem>
#include <ostream>
#include <string_view>
#include <vector>

#include "app/glyph_set.hpp"

namespace synack::gui {

struct FontFile {
  std::filesystem::path path;
  int face = 0;  // index inside a .ttc collection
};

// wqy-microhei (small and fast to load), else Noto Sans CJK SC; empty path if neither.
FontFile find_cjk_font();

class Fonts {
 public:
  // Reads the font file once; a missing file means ImGui's default font and a warning.
  Fonts(const GlyphSet& glyphs, FontFile file, std::ostream& warn);

  // Rebuilds the atlas (and its texture, when the GL backend is up) at this pixel size.
  // Call between frames. Does nothing when the size has not changed.
  void build(float pixel_size);
  float pixel_size() const { return size_; }
  // Adds the characters of `utf8` the atlas lacks; true when there were any, and then the
  // next build() rebuilds even at the same size.
  bool add_text(std::string_view utf8);
  bool has_cjk() const { return !data_.empty(); }

 private:
  void set_ranges();

  GlyphSet glyphs_;
  bool stale_ = false;
  std::vector<unsigned short> ranges_;  // ImWchar pairs, 0-terminated; the atlas points here
  std::vector<unsigned char> data_;     // the font file, owned here, not by the atlas
  FontFile file_;
  float size_ = 0;
  bool built_once_ = false;
};

}  // namespace synack::gui
