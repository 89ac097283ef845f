#pragma once
// A capture file read on a worker thread, so the window keeps drawing while a large one is
// imported: the progress so far (packets, bytes of the file), cancel, and the import when it
// is done (a broken file gives what was read before the break and its error, as
// import_capture does). No UI library; tests drive it directly.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "app/capture/capture_import.hpp"

namespace synack {

class CaptureLoad {
 public:
  enum class Status { reading, done, cancelled };

  // Starts reading at once. `on_progress` (tests) runs on the worker after each report.
  explicit CaptureLoad(std::string path,
                       std::function<void(const ImportProgress&)> on_progress = {});
  ~CaptureLoad();  // cancels and waits for the worker
  CaptureLoad(const CaptureLoad&) = delete;
  CaptureLoad& operator=(const CaptureLoad&) = delete;

  const std::string& path() const { return path_; }
  Status status() const;
  ImportProgress progress() const;
  // Of the file read so far, 0..1; nullopt while its size is unknown.
  std::optional<double> fraction() const;

  // Stops the worker at its next report (every 4096 frames); what it read is dropped. Once
  // the file is read, the analysis runs to its end and its result is dropped then.
  void cancel();
  bool cancel_requested() const { return worker_.get_stop_token().stop_requested(); }
  // Until the worker is done or cancelled; false when `timeout` passed first.
  bool wait(std::chrono::milliseconds timeout = std::chrono::hours(1)) const;
  // The import, once (done only); nullopt before, after cancel, or when taken.
  std::optional<CaptureImport> take();

 private:
  void run(std::stop_token stop, std::function<void(const ImportProgress&)> on_progress);

  std::string path_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  Status status_ = Status::reading;
  ImportProgress progress_;
  std::optional<CaptureImport> result_;
  std::jthread worker_;  // last: started after everything it uses
};

}  // namespace synack
