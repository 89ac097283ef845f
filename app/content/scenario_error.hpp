#pragma once
// A scenario file that cannot be used. what() reads "FILE:LINE: FIELD: message" so editors
// and terminals can jump to the spot.

#include <stdexcept>
#include <string>

namespace synack {

class ScenarioError : public std::runtime_error {
 public:
  // `line` 0: unknown; `field` "": the whole file.
  ScenarioError(std::string file, int line, std::string field, std::string message);

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& field() const { return field_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  int line_;
  std::string field_;
  std::string message_;
};

}  // namespace synack
