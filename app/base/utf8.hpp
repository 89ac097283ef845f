#pragma once
// UTF-8 decoding, one code point at a time, for measuring and wrapping text.

#include <cstddef>
#include <string_view>

namespace synack {

// Decodes the code point at s[i] into `cp`; returns its length in bytes. A malformed byte
// counts as U+FFFD and has length 1, so a loop always advances.
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp);

// Whether `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF).
bool utf8_valid(std::string_view s);

// Characters a wrapped line must not start with (kinsoku): closing punctuation, CJK and
// ASCII. Both wrappers (the window's and the terminal's) keep them on the line before.
bool no_line_start(char32_t c);

}  // namespace synack
