#pragma once
// Writes a whole file or nothing: readers (an editor, a script polling the file) never see
// half a trace.

#include <filesystem>
#include <string_view>

namespace synack {

// Writes `content` to a temporary file beside `path`, then renames it over `path`.
// Throws std::runtime_error naming the file on failure; the temporary file is removed.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace synack
