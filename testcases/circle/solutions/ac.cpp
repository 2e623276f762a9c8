#include <cmath>
#include <cstdio>
int main() {
  double r;
  std::scanf("%lf", &r);
  std::printf("%.10f\n", M_PI * r * r);
}
