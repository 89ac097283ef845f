#pragma once
// An SVG picture rasterised to PNG, through Debian's librsvg and cairo: text is laid out by
// Pango with fontconfig's fallback, so Chinese comes out in Noto Sans CJK or WenQuanYi when
// the SVG's font list names them. For the command line, which has no OpenGL.

#include <string>
#include <string_view>

namespace synack {

// The PNG file's bytes: the SVG scaled to fit width x height (aspect kept, centred) on white,
// 8-bit RGB. Throws std::runtime_error with librsvg's or cairo's reason when the SVG cannot
// be read or the picture not made.
std::string svg_to_png(std::string_view svg, int width, int height);

}  // namespace synack
