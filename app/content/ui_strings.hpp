#pragma once
// The window's words, as data: content/ui/strings.toml maps each key to its English and
// Chinese text, so a translator edits one file and tests can check that none is missing.

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "app/content/scenario.hpp"

namespace synack {

class UiStrings {
 public:
  // Reads a file of `key = { en = "...", zh = "..." }` entries, in tables as deep as wanted
  // (`[menu] file = {...}` is the key "menu.file"). Throws std::runtime_error naming the file
  // and line for a syntax error or an entry that is not a pair of strings.
  static UiStrings load(const std::filesystem::path& file);
  static UiStrings parse(std::string_view toml, const std::string& source_name);

  // nullptr when the key is unknown.
  const LocalizedText* find(std::string_view key) const;
  // The text in `lang` (English when the Chinese is empty); the key itself when unknown, so
  // a missing string shows up on screen instead of crashing.
  const std::string& get(std::string_view key, Lang lang) const;

  const std::map<std::string, LocalizedText, std::less<>>& all() const { return texts_; }

 private:
  std::map<std::string, LocalizedText, std::less<>> texts_;
  mutable std::map<std::string, std::string, std::less<>> missing_;
};

// content_dir/ui/strings.toml
std::filesystem::path ui_strings_path(const std::filesystem::path& content_dir);

}  // namespace synack
