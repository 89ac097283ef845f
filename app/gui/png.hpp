#pragma once
// PNG files from RGB pixels, through Debian's libstb (the implementation lives there).

#include <filesystem>
#include <vector>

namespace synack::gui {

// Rows top first, 3 bytes a pixel. False if the file cannot be written.
bool write_png(const std::filesystem::path& file, int width, int height,
               const std::vector<unsigned char>& rgb);

}  // namespace synack::gui
