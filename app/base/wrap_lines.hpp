#pragma once
// Line breaking for Chinese as well as English. ImGui 1.86 wraps only at spaces, so a
// Chinese sentence (no spaces) would run off the panel. Here a line may also break between
// CJK characters, never before closing punctuation such as "，" or "。". No UI library: the
// caller passes the width of each character.

#include <functional>
#include <string_view>
#include <vector>

namespace synack {

// The lines of `utf8` no wider than `max_width` (a word or character wider than that still
// gets a line of its own). '\n' always breaks; spaces at a break are dropped.
std::vector<std::string_view> wrap_lines(std::string_view utf8, float max_width,
                                         const std::function<float(char32_t)>& advance);

}  // namespace synack
