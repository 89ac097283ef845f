#pragma once
// A text every student reads in English or Chinese (a title, a narration, a question), and
// reading one from a content file's {en, zh} table.

#include <string>
#include <string_view>

#include "engine/reason.hpp"

namespace synack {

class TomlTable;

struct LocalizedText {
  std::string en;
  std::string zh;
  const std::string& in(Lang lang) const { return lang == Lang::zh && !zh.empty() ? zh : en; }
};

// `key` as a table {en, zh}, both required and not empty.
LocalizedText load_text(const TomlTable& root, std::string_view key);
LocalizedText load_text(const TomlTable& t);  // the table itself is {en, zh}

}  // namespace synack
