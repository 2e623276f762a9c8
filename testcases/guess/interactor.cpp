// Guess the number: the interactor. testlib's conventions without testlib:
//   interactor <input> <output>   (the test's input file; a file for its own report)
// It reads the contestant's guesses on stdin, answers on stdout, and exits
// 0 (accepted), 1 (wrong answer), 2 (presentation error) or 3 (the
// interactor itself failed: a bad test).
#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  if (argc < 3) return 3;
  FILE *in = std::fopen(argv[1], "r");
  FILE *out = std::fopen(argv[2], "w");
  long long secret, limit = 30;
  if (!in || !out || std::fscanf(in, "%lld", &secret) != 1 || secret < 1 || secret > 1000000000) {
    std::fprintf(stderr, "fail: the test has no secret in [1, 1e9]\n");
    return 3;
  }
  for (long long q = 1; q <= limit; q++) {
    char line[64];
    if (!std::fgets(line, sizeof line, stdin)) {
      std::fprintf(stderr, "wrong answer: the program stopped after %lld guesses\n", q - 1);
      return 1;
    }
    char *end;
    long long g = std::strtoll(line, &end, 10);
    if (end == line || (*end != '\n' && *end != '\0')) {
      std::fprintf(stderr, "presentation error: guess %lld is not a number\n", q);
      return 2;
    }
    if (g == secret) {
      std::printf("=\n");
      std::fflush(stdout);
      std::fprintf(out, "%lld\n", q);
      std::fprintf(stderr, "ok: found in %lld guesses\n", q);
      return 0;
    }
    std::printf(g < secret ? "<\n" : ">\n");
    std::fflush(stdout);
  }
  std::fprintf(stderr, "wrong answer: not found in %lld guesses\n", limit);
  return 1;
}
