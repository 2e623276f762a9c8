// A custom checker whose message carries every byte value but whitespace
// (1..255 minus \t\n\v\f\r and space) between '<' and '>', then rejects the
// answer: WA, with the message intact, never IE.
#include <stdio.h>

int main(void) {
  putchar('<');
  for (int b = 1; b < 256; b++)
    if (!(b == ' ' || (b >= '\t' && b <= '\r'))) putchar(b);
  putchar('>');
  return 1;
}
