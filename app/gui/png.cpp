#include "app/gui/png.hpp"

#include <stb_image_write.h>

namespace synack::gui {

bool write_png(const std::filesystem::path& file, int width, int height,
               const std::vector<unsigned char>& rgb) {
  if (rgb.size() < static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3) {
    return false;
  }
  return stbi_write_png(file.c_str(), width, height, 3, rgb.data(), width * 3) != 0;
}

}  // namespace synack::gui
