// The reference burner: one process, busy until a limit stops it. Its
// reported CPU time is what the machine gave a run at that moment.
int main(void) {
  for (volatile unsigned long x = 0;; x++) {
  }
}
