#include "app/gui/window.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace synack::gui {
namespace {

std::string g_last_error;

// Counts input and window events. Installed before ImGui's backend, which chains to them.
int g_events = 0;
void count_event(GLFWwindow*) {
  ++g_events;
}
void on_cursor(GLFWwindow* w, double, double) {
  count_event(w);
}
void on_button(GLFWwindow* w, int, int, int) {
  count_event(w);
}
void on_scroll(GLFWwindow* w, double, double) {
  count_event(w);
}
void on_key(GLFWwindow* w, int, int, int, int) {
  count_event(w);
}
void on_char(GLFWwindow* w, unsigned) {
  count_event(w);
}
void on_flag(GLFWwindow* w, int) {
  count_event(w);
}
void on_size(GLFWwindow* w, int, int) {
  count_event(w);
}

// Paths dropped onto the window; the app takes them after polling events.
std::vector<std::string> g_dropped;
void on_drop(GLFWwindow* w, int count, const char** paths) {
  for (int i = 0; i < count; ++i) g_dropped.emplace_back(paths[i]);
  count_event(w);
}

void on_glfw_error(int code, const char* description) {
  g_last_error = fmt::format("{} (GLFW error {:#x})", description ? description : "?", code);
}

}  // namespace

std::string last_glfw_error() {
  return g_last_error;
}

bool init_glfw(std::string& error) {
  glfwSetErrorCallback(on_glfw_error);
  if (glfwInit() == GLFW_TRUE) return true;
  error = g_last_error.empty() ? "glfwInit failed" : g_last_error;
  return false;
}

std::vector<ScreenRect> monitor_work_areas() {
  std::vector<ScreenRect> areas;
  int count = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&count);
  GLFWmonitor* primary = glfwGetPrimaryMonitor();
  for (int i = 0; i < count; ++i) {
    ScreenRect r;
    glfwGetMonitorWorkarea(monitors[i], &r.x, &r.y, &r.w, &r.h);
    if (r.w <= 0 || r.h <= 0) continue;
    areas.insert(monitors[i] == primary ? areas.begin() : areas.end(), r);
  }
  return areas;
}

std::unique_ptr<Window> Window::open(const WindowOptions& o, std::string& error) {
  // 3.3 core, forward-compatible: what Mesa llvmpipe and every desktop driver since 2010 give.
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  // Hidden until it is where it belongs, so it does not jump on screen.
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  GLFWwindow* w = glfwCreateWindow(o.width, o.height, o.title, nullptr, nullptr);
  if (!w) {
    error = fmt::format("cannot open an OpenGL 3.3 window: {}", g_last_error);
    return nullptr;
  }
  if (o.x && o.y) glfwSetWindowPos(w, *o.x, *o.y);
  if (o.visible) {
    glfwShowWindow(w);
    if (o.maximized) glfwMaximizeWindow(w);
  }
  glfwMakeContextCurrent(w);
  glfwSwapInterval(1);

  glfwSetCursorPosCallback(w, on_cursor);
  glfwSetMouseButtonCallback(w, on_button);
  glfwSetScrollCallback(w, on_scroll);
  glfwSetKeyCallback(w, on_key);
  glfwSetCharCallback(w, on_char);
  glfwSetWindowFocusCallback(w, on_flag);
  glfwSetCursorEnterCallback(w, on_flag);
  glfwSetFramebufferSizeCallback(w, on_size);
  glfwSetWindowRefreshCallback(w, count_event);
  glfwSetDropCallback(w, on_drop);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  if (!ImGui_ImplGlfw_InitForOpenGL(w, true) || !ImGui_ImplOpenGL3_Init("#version 330 core")) {
    error = "cannot initialise ImGui's GLFW/OpenGL3 backends";
    ImGui::DestroyContext();
    glfwDestroyWindow(w);
    return nullptr;
  }
  auto window = std::unique_ptr<Window>(new Window(w));
  window->normal_ = {o.x.value_or(0), o.y.value_or(0), o.width, o.height};
  return window;
}

Window::~Window() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
}

bool Window::should_close() const {
  return glfwWindowShouldClose(window_) == GLFW_TRUE;
}
void Window::request_close() {
  glfwSetWindowShouldClose(window_, GLFW_TRUE);
}
bool Window::wait_events(double timeout) {
  const int before = g_events;
  glfwWaitEventsTimeout(std::max(timeout, 0.0));
  return g_events != before;
}
void Window::poll_events() {
  glfwPollEvents();
}

void Window::new_frame() {
  if (!fullscreen_ && glfwGetWindowAttrib(window_, GLFW_MAXIMIZED) == GLFW_FALSE &&
      glfwGetWindowAttrib(window_, GLFW_ICONIFIED) == GLFW_FALSE) {
    glfwGetWindowPos(window_, &normal_.x, &normal_.y);
    glfwGetWindowSize(window_, &normal_.w, &normal_.h);
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void Window::render(float r, float g, float b) {
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(r, g, b, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::swap() {
  glfwSwapBuffers(window_);
}

std::vector<unsigned char> Window::read_pixels(int& width, int& height) const {
  glfwGetFramebufferSize(window_, &width, &height);
  const auto row = static_cast<std::size_t>(width) * 3;
  std::vector<unsigned char> pixels(row * static_cast<std::size_t>(height));
  glPixelStorei(GL_PACK_ALIGNMENT, 1);  // rows of 3*width bytes, not padded to 4
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // GL's first row is the bottom one; PNG's is the top.
  std::vector<unsigned char> tmp(row);
  for (int y = 0; y < height / 2; ++y) {
    unsigned char* a = pixels.data() + static_cast<std::size_t>(y) * row;
    unsigned char* b = pixels.data() + static_cast<std::size_t>(height - 1 - y) * row;
    std::memcpy(tmp.data(), a, row);
    std::memcpy(a, b, row);
    std::memcpy(b, tmp.data(), row);
  }
  return pixels;
}

void Window::set_fullscreen(bool on) {
  if (on == fullscreen_) return;
  if (on) {
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) return;
    glfwGetWindowPos(window_, &saved_x_, &saved_y_);
    glfwGetWindowSize(window_, &saved_w_, &saved_h_);
    glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else {
    glfwSetWindowMonitor(window_, nullptr, saved_x_, saved_y_, saved_w_, saved_h_, GLFW_DONT_CARE);
  }
  fullscreen_ = on;
}

void Window::set_title(const std::string& title) {
  glfwSetWindowTitle(window_, title.c_str());
}

std::vector<std::string> Window::take_dropped() {
  return std::exchange(g_dropped, {});
}

SavedWindow Window::place() const {
  return {normal_, glfwGetWindowAttrib(window_, GLFW_MAXIMIZED) == GLFW_TRUE};
}

}  // namespace synack::gui
