#pragma once
// Every panel of the window is a View (as in ImHex): it draws itself from the Session and
// the shared GuiState, and talks to other panels only through them. One file per view.

#include <cstddef>
#include <optional>
#include <string>

#include "app/front/session.hpp"
#include "app/run/caption.hpp"

namespace synack {
class CaptureDesk;
class QuizDesk;
class SessionPlots;
}  // namespace synack

namespace synack::gui {

// What fills the window: the scenarios (browser, diagram, side panels) or the quiz or its
// stats in their place (F7, F8).
enum class Mode { scenarios, quiz, stats, interview };

struct GuiState {
  bool presenter = false;      // F5: full screen, big font, panels hidden
  float font_scale = 1.0f;     // +/- in presenter mode
  bool high_contrast = false;  // projector theme
  bool predict_mode = false;
  double zoom = 1.0;         // diagram zoom (1 = layout units are pixels)
  double scroll_y = 0;       // diagram pan
  bool want_redraw = false;  // something animates: do not sleep waiting for events
  bool fit_request = false;  // F / View -> Fit: zoom the diagram to the pane's height
  bool window_plot = false;  // W: cwnd and the windows plotted under the diagram
  bool tseq_window = false;  // T: the time–sequence graph in a window of its own
  Mode mode = Mode::scenarios;
  QuizDesk* quiz = nullptr;        // owned by the app; the bank opens when the quiz is first shown
  SessionPlots* plots = nullptr;   // owned by the app: the plots' cache and the host picked
  CaptureDesk* capture = nullptr;  // owned by the app: the capture being read, its list

  // Presenter mode: the caption's languages (nullopt: the UI language; L cycles, F2 resets),
  // and "ask the room" (P): the send event the room is asked to predict. The caption asks the
  // question and the diagram draws a "?" stub from that send until it is revealed.
  std::optional<CaptionLang> caption_lang;
  std::optional<std::size_t> room_question;

  // Headless options (app.cpp): no mouse is needed to see any panel.
  const char* open_tab = nullptr;  // title key of the side tab to bring forward (--panel)
  bool diagram_only = false;       // --export-png: the diagram alone fills the window
  std::string export_png;          // the diagram captures itself into this file this frame
  std::string search;              // --search: the browser takes it into its box, once
  std::string menu_request;        // --menu: a menu item acts as if clicked this frame
  bool open_export = false;        // --menu export: the diagram's Export menu opens
  std::optional<std::size_t> predict_choice;  // --predict-answer: choose these flags, Check
};

class View {
 public:
  virtual ~View() = default;
  virtual const char* title_key() const = 0;  // key in content/ui/strings.toml
  virtual bool visible(const GuiState& gui) const { return !gui.presenter; }
  virtual void draw(Session& session, GuiState& gui) = 0;
};

}  // namespace synack::gui
