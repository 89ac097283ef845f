#pragma once
// The synack binary run as a real child process, talked to through pipes the way a person
// at a terminal would: wait for a prompt, type a line, and kill it with SIGKILL mid-session
// (the crash tests: nothing already answered may be lost).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace synack::test {

class ChildProcess {
 public:
  // Starts `binary args...` with stdin and stdout piped to us and stderr to /dev/null, and
  // SYNACK_CONTENT_DIR set to `content_dir`.
  ChildProcess(const std::string& binary, const std::vector<std::string>& args,
               const std::string& content_dir) {
    int to_child[2], from_child[2];
    if (::pipe(to_child) != 0 || ::pipe(from_child) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(to_child[0], 0);
      ::dup2(from_child[1], 1);
      const int devnull = ::open("/dev/null", O_WRONLY);
      if (devnull >= 0) ::dup2(devnull, 2);  // notices on stderr are not what we read
      ::close(to_child[1]);
      ::close(from_child[0]);
      ::setenv("SYNACK_CONTENT_DIR", content_dir.c_str(), 1);
      std::vector<char*> argv;
      argv.push_back(const_cast<char*>(binary.c_str()));
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(to_child[0]);
    ::close(from_child[1]);
    in_ = to_child[1];
    out_ = from_child[0];
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess() {
    if (pid_ > 0 && !reaped_) kill();
    if (in_ >= 0) ::close(in_);
    if (out_ >= 0) ::close(out_);
  }

  bool started() const { return pid_ > 0 && in_ >= 0 && out_ >= 0; }

  // Reads the child's output until `marker` has appeared; false if it ended first.
  bool wait_for(const std::string& marker) {
    char buf[4096];
    while (seen_.find(marker) == std::string::npos) {
      const ssize_t n = ::read(out_, buf, sizeof buf);
      if (n <= 0) return false;
      seen_.append(buf, static_cast<std::size_t>(n));
    }
    return true;
  }

  // Types `line` (with its newline) at the child's stdin.
  bool say(const std::string& line) {
    return ::write(in_, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  }

  // SIGKILL, then the wait status.
  int kill() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
    return status;
  }

 private:
  pid_t pid_ = -1;
  int in_ = -1;
  int out_ = -1;
  bool reaped_ = false;
  std::string seen_;
};

}  // namespace synack::test
