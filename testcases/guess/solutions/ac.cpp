#include <iostream>
#include <string>

int main() {
  long long lo = 1, hi = 1000000000;
  for (;;) {
    long long mid = (lo + hi) / 2;
    std::cout << mid << std::endl;  // endl flushes
    std::string answer;
    if (!(std::cin >> answer) || answer == "=") return 0;
    if (answer == "<") lo = mid + 1;
    else hi = mid - 1;
  }
}
