#pragma once
// The font atlas: one CJK font from Debian (it has Latin too), holding the glyphs of the text
// known at start-up, grown when other text shows up (need_text), and rebuilt at the exact
// pixel size when the scale changes so text stays sharp on a projector instead of being
// stretched.

#include <filesystem>
#include <ostream>
#include <string_view>
#include <vector>

#include "app/draw/font_measure.hpp"
#include "app/draw/glyph_set.hpp"

namespace synack::gui {

// Text a view shows that may not have existed at start-up: a user's scenario, typed or
// pasted text, a quiz import, an error message. The characters the atlas lacks are added
// before the next frame (this one shows them as '?'). Cheap to call every frame with the
// same text. Does nothing while no Fonts exists.
void need_text(std::string_view utf8);

class Fonts {
 public:
  // Reads the font file once; a missing file means ImGui's default font and a warning. The
  // one Fonts of the window receives need_text().
  Fonts(const GlyphSet& glyphs, FontFile file, std::ostream& warn);
  ~Fonts();
  Fonts(const Fonts&) = delete;
  Fonts& operator=(const Fonts&) = delete;

  // Rebuilds the atlas (and its texture, when the GL backend is up) at this pixel size.
  // Call between frames. Does nothing when the size has not changed and no text needs
  // new glyphs.
  void build(float pixel_size);
  float pixel_size() const { return size_; }
  // need_text() lands here.
  void see(std::string_view utf8) { watch_.see(utf8); }
  // The characters typed since the last frame (IME text arrives the same way), read from
  // ImGui's input queue before NewFrame, so they have glyphs in the frame that shows them.
  void see_typed();
  // Text was seen that the atlas lacks: the next build() rebuilds even at the same size.
  bool needs_rebuild() const { return watch_.has_missing(); }
  std::size_t glyph_count() const { return watch_.held().size(); }
  bool has_cjk() const { return !data_.empty(); }

 private:
  void set_ranges();

  GlyphWatch watch_;
  std::vector<unsigned short> ranges_;  // ImWchar pairs, 0-terminated; the atlas points here
  std::vector<unsigned char> data_;     // the font file, owned here, not by the atlas
  FontFile file_;
  float size_ = 0;
  bool built_once_ = false;
};

}  // namespace synack::gui
