#pragma once
// The window's words (content/ui/strings.toml) of the source tree, loaded once per test run.
#include "app/content/ui_strings.hpp"

namespace synack::test {

inline const UiStrings& ui_words() {
  static const UiStrings words = UiStrings::load(ui_strings_path(SYNACK_SOURCE_DIR "/content"));
  return words;
}

}  // namespace synack::test
