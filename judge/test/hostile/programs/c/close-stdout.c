// Closes stdout and stderr at once, reopens nothing, and goes on working:
// a plain run that exits 0 with no output is AC.
#include <unistd.h>

int main(void) {
  close(1);
  close(2);
  volatile unsigned long x = 0;
  for (int i = 0; i < 10000000; i++) x++;
  return write(1, "lost\n", 5) == 5 ? 4 : 0;
}
