// The probe's launcher in C++: becomes bash running the probe script (PROBE_SH, replaced by the test).
#include <unistd.h>

int main() {
  execl("/bin/bash", "bash", "-c", PROBE_SH, static_cast<char *>(nullptr));
  return 111;
}
