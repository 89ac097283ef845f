#include "app/content/scenario_error.hpp"

#include <utility>

namespace synack {

namespace {

std::string format_error(const std::string& file, int line, const std::string& field,
                         const std::string& message) {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  if (!field.empty()) out += field + ": ";
  return out + message;
}

}  // namespace

ScenarioError::ScenarioError(std::string file, int line, std::string field, std::string message)
    : std::runtime_error(format_error(file, line, field, message)),
      file_(std::move(file)),
      line_(line),
      field_(std::move(field)),
      message_(std::move(message)) {}

}  // namespace synack
