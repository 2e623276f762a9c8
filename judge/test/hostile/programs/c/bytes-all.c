// Every byte value on both streams: 0..255 four times on stdout, 255..0 four
// times on stderr. The bytes must come back exactly, and never as IE.
#include <stdio.h>

int main(void) {
  for (int r = 0; r < 4; r++)
    for (int b = 0; b < 256; b++) {
      putchar(b);
      fputc(255 - b, stderr);
    }
  return 0;
}
