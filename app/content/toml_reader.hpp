#pragma once
// Strict, position-aware reading of one TOML table: every key must be expected, every value
// must have the right type and range, and every failure throws a ScenarioError that names
// the file, the line and the dotted field path ("program[0].steps[2].call").

#include <toml++/toml.h>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "app/content/scenario_error.hpp"

namespace synack {

int node_line(const toml::node& node);
std::string_view toml_type_name(toml::node_type type);

class TomlTable {
 public:
  TomlTable(const toml::table& table, std::string path, const std::string& file)
      : table_(table), path_(std::move(path)), file_(file) {}

  // Throws for the first key (in file order) that is not in `allowed`. `context` is added to
  // the message ("for call \"send\"").
  void allow_only(std::initializer_list<std::string_view> allowed,
                  std::string_view context = {}) const;

  const toml::node* find(std::string_view key) const { return table_.get(key); }
  bool has(std::string_view key) const { return find(key) != nullptr; }

  std::string req_string(std::string_view key) const;
  std::optional<std::string> opt_string(std::string_view key) const;
  std::int64_t req_int(std::string_view key, std::int64_t min, std::int64_t max) const;
  std::optional<std::int64_t> opt_int(std::string_view key, std::int64_t min,
                                      std::int64_t max) const;
  // Integer or float.
  double req_number(std::string_view key, double min, double max) const;
  std::optional<double> opt_number(std::string_view key, double min, double max) const;
  std::optional<bool> opt_bool(std::string_view key) const;
  const toml::table& req_table(std::string_view key) const;
  const toml::table* opt_table(std::string_view key) const;
  // An array whose elements are all tables ([[x]] or [{...}, {...}]).
  const toml::array* opt_table_array(std::string_view key) const;
  const toml::array& req_table_array(std::string_view key) const;
  const toml::array* opt_array(std::string_view key) const;
  bool holds_array(std::string_view key) const;  // for keys that take a value or a list

  // "program[0].steps[2]" + "call" -> "program[0].steps[2].call".
  std::string field(std::string_view key) const;
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  const toml::table& table() const { return table_; }
  int line() const { return node_line(table_); }
  // Line of `key`'s value, or of the table when the key is absent.
  int line_of(std::string_view key) const;

  [[noreturn]] void fail(std::string_view key, const std::string& message) const;
  [[noreturn]] void fail_at(int line, const std::string& field_path,
                            const std::string& message) const;

 private:
  const toml::node& require(std::string_view key) const;
  [[noreturn]] void wrong_type(std::string_view key, const toml::node& node,
                               std::string_view expected) const;

  const toml::table& table_;
  std::string path_;
  const std::string& file_;
};

// Element `i` of a table array, as a TomlTable with path "name[i]".
TomlTable table_at(const TomlTable& parent, std::string_view key, const toml::array& array,
                   std::size_t i);

}  // namespace synack
