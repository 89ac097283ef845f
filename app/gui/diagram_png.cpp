#include "app/gui/diagram_png.hpp"

#define GLFW_INCLUDE_GLEXT
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_opengl3.h>
#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "app/gui/i18n.hpp"
#include "app/gui/png.hpp"

namespace synack::gui {
namespace {

std::optional<PngRequest> g_pending;
std::optional<std::string> g_status;

std::optional<std::string> paint_png(const PngRequest& job);

// Framebuffer objects are OpenGL 3.0: fetched through GLFW, as ImGui's backend does for its
// own functions, so nothing here depends on how libGL exports them.
struct FramebufferApi {
  PFNGLGENFRAMEBUFFERSPROC gen = nullptr;
  PFNGLBINDFRAMEBUFFERPROC bind = nullptr;
  PFNGLFRAMEBUFFERTEXTURE2DPROC texture = nullptr;
  PFNGLCHECKFRAMEBUFFERSTATUSPROC status = nullptr;
  PFNGLDELETEFRAMEBUFFERSPROC remove = nullptr;
  bool load() {
    gen = reinterpret_cast<PFNGLGENFRAMEBUFFERSPROC>(glfwGetProcAddress("glGenFramebuffers"));
    bind = reinterpret_cast<PFNGLBINDFRAMEBUFFERPROC>(glfwGetProcAddress("glBindFramebuffer"));
    texture = reinterpret_cast<PFNGLFRAMEBUFFERTEXTURE2DPROC>(
        glfwGetProcAddress("glFramebufferTexture2D"));
    status = reinterpret_cast<PFNGLCHECKFRAMEBUFFERSTATUSPROC>(
        glfwGetProcAddress("glCheckFramebufferStatus"));
    remove =
        reinterpret_cast<PFNGLDELETEFRAMEBUFFERSPROC>(glfwGetProcAddress("glDeleteFramebuffers"));
    return gen && bind && texture && status && remove;
  }
};

}  // namespace

void request_png(PngRequest request) {
  g_pending = std::move(request);
}

bool run_png_request() {
  if (!g_pending) return false;
  const PngRequest job = std::move(*g_pending);
  g_pending.reset();
  g_status = paint_png(job);
  return true;
}

std::optional<std::string> take_png_status() {
  return std::exchange(g_status, std::nullopt);
}

namespace {

std::optional<std::string> paint_png(const PngRequest& job) {
  auto failed = [&](const std::string& why) {
    return fmt::format("{} {}: {}", tr("export.failed"), job.path, why);
  };
  if (job.width <= 0 || job.height <= 0) return failed("empty picture");
  FramebufferApi gl;
  if (!gl.load()) return failed("no OpenGL framebuffer objects");

  GLint max_size = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size);
  if (job.width > max_size) return failed("wider than this GPU's largest texture");
  const int band = std::min(job.height, std::min(max_size, 4096));

  GLint old_fb = 0;
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &old_fb);
  GLuint tex = 0, fb = 0;
  glGenTextures(1, &tex);
  glBindTexture(GL_TEXTURE_2D, tex);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, job.width, band, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  gl.gen(1, &fb);
  gl.bind(GL_FRAMEBUFFER, fb);
  gl.texture(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
  const bool complete = gl.status(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;

  std::vector<unsigned char> picture;
  if (complete) {
    const auto stride = static_cast<std::size_t>(job.width) * 3;
    picture.resize(stride * static_cast<std::size_t>(job.height));
    std::vector<unsigned char> rows(stride * static_cast<std::size_t>(band));
    ImDrawList list(ImGui::GetDrawListSharedData());
    for (int top = 0; top < job.height; top += band) {
      const int h = std::min(band, job.height - top);
      list._ResetForNewFrame();
      list.PushClipRect(ImVec2(0, 0), ImVec2(static_cast<float>(job.width), static_cast<float>(h)));
      list.PushTextureID(ImGui::GetIO().Fonts->TexID);
      job.paint(&list, static_cast<float>(top), static_cast<float>(h));
      ImDrawList* lists[] = {&list};
      ImDrawData data;
      data.Valid = true;
      data.CmdLists = lists;
      data.CmdListsCount = 1;
      data.TotalVtxCount = list.VtxBuffer.Size;
      data.TotalIdxCount = list.IdxBuffer.Size;
      data.DisplayPos = ImVec2(0, 0);
      data.DisplaySize = ImVec2(static_cast<float>(job.width), static_cast<float>(h));
      data.FramebufferScale = ImVec2(1, 1);
      glViewport(0, 0, job.width, h);
      glClearColor(job.background[0], job.background[1], job.background[2], 1);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(&data);
      glPixelStorei(GL_PACK_ALIGNMENT, 1);
      glReadPixels(0, 0, job.width, h, GL_RGB, GL_UNSIGNED_BYTE, rows.data());
      // GL rows go bottom-up; PNG rows top-down.
      for (int r = 0; r < h; ++r) {
        std::copy_n(rows.data() + static_cast<std::size_t>(h - 1 - r) * stride, stride,
                    picture.data() + static_cast<std::size_t>(top + r) * stride);
      }
    }
  }
  gl.bind(GL_FRAMEBUFFER, static_cast<GLuint>(old_fb));
  gl.remove(1, &fb);
  glDeleteTextures(1, &tex);
  if (!complete) return failed("offscreen framebuffer incomplete");
  if (!write_png(job.path, job.width, job.height, picture)) return failed("cannot write");
  return fmt::format("{} {} ({}\u00d7{})", tr("export.written"), job.path, job.width, job.height);
}

}  // namespace

}  // namespace synack::gui
