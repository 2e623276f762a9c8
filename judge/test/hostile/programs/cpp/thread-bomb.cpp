// A thread bomb: sleeping threads until the process or pids limit refuses a
// new one; then the program exits at once with all of them alive.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <system_error>
#include <thread>

int main() {
  int n = 0;
  try {
    for (;; n++) std::thread([] { std::this_thread::sleep_for(std::chrono::hours(1)); }).detach();
  } catch (const std::system_error &e) {
    std::printf("stopped after %d threads\n", n);
  }
  std::fflush(stdout);
  std::_Exit(0);
}
