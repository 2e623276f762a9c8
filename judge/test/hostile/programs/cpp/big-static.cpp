// Compile amplification in C++: a 160 MiB initialised array in the executable.
#include <array>
std::array<int, (40 << 20)> big = {1};
int main(int argc, char **) { return big[argc - 1] - 1; }
