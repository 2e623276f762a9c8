// A different valid pair from the stored answer: the last one, not the first.
#include <cstdio>
#include <unordered_map>
#include <vector>
int main() {
  int n; long long t;
  if (std::scanf("%d %lld", &n, &t) != 2) return 1;
  std::vector<long long> a(n);
  for (auto& x : a) std::scanf("%lld", &x);
  std::unordered_map<long long, int> last;
  for (int i = n - 1; i >= 0; i--) {
    auto it = last.find(t - a[i]);
    if (it != last.end()) { std::printf("%d %d\n", i + 1, it->second + 1); return 0; }
    last.emplace(a[i], i);
  }
}
