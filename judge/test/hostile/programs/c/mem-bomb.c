// The classic memory bomb: allocate and touch 16 MiB at a time, forever.
#include <stdlib.h>
#include <string.h>

int main(void) {
  for (;;) {
    char *p = malloc(1 << 24);
    if (!p) return 3;
    memset(p, 1, 1 << 24);
  }
}
