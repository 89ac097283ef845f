#pragma once
// The GLFW window with an OpenGL 3.3 core context and ImGui's GLFW/OpenGL3 backends. Also
// the two things headless modes need: a hidden window and reading back its pixels. Files
// dropped onto it are kept for the app to open.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/front/window_placement.hpp"

struct GLFWwindow;

namespace synack::gui {

// glfwInit(); false with the reason (e.g. "X11: The DISPLAY environment variable is
// missing") when there is no display to talk to.
bool init_glfw(std::string& error);

// Every monitor's work area (the desktop minus panels and docks), the primary one first.
// Needs init_glfw().
std::vector<ScreenRect> monitor_work_areas();

struct WindowOptions {
  int width = 1600;
  int height = 900;
  std::optional<int> x, y;  // none: where the window manager puts it
  bool maximized = false;
  bool visible = true;  // false: off-screen (works under any X server, Xvfb included)
  const char* title = "synack";
};

class Window {
 public:
  // Needs init_glfw() first; nullptr and the reason when no GL 3.3 context can be made.
  // Creates the ImGui context too.
  static std::unique_ptr<Window> open(const WindowOptions& options, std::string& error);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  bool should_close() const;
  void request_close();
  // Idle: sleeps until an event or `timeout` seconds; never spins (glfwSwapInterval does not
  // throttle under Xvfb, so pacing is ours). True if any input or window event arrived, so
  // an idle window that only timed out need not draw a frame.
  bool wait_events(double timeout);
  void poll_events();

  void new_frame();                        // both backends, then ImGui::NewFrame()
  void render(float r, float g, float b);  // ImGui::Render() and draw into the back buffer
  void swap();

  // The back buffer, top row first, RGB; call after render() and before swap().
  std::vector<unsigned char> read_pixels(int& width, int& height) const;

  void set_fullscreen(bool on);
  bool fullscreen() const { return fullscreen_; }
  void set_title(const std::string& title);

  // Paths dropped onto the window since the last call, in order.
  std::vector<std::string> take_dropped();
  // Where the window was when last neither maximised nor full screen, and whether it is
  // maximised now: what settings.toml remembers.
  SavedWindow place() const;

 private:
  explicit Window(GLFWwindow* w) : window_(w) {}
  GLFWwindow* window_ = nullptr;
  bool fullscreen_ = false;
  int saved_x_ = 0, saved_y_ = 0, saved_w_ = 0, saved_h_ = 0;
  ScreenRect normal_{};  // updated each frame while the window is neither maximised nor full
};

// The last error GLFW reported (its callback), for messages.
std::string last_glfw_error();

}  // namespace synack::gui
