// The probe's launcher in C: becomes bash running the probe script (PROBE_SH, replaced by the test).
#include <unistd.h>

int main(void) {
  execl("/bin/bash", "bash", "-c", PROBE_SH, (char *)0);
  return 111;
}
