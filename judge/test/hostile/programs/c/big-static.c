// Compile amplification: 70 bytes of source, a 120 MiB executable.
char big[120 << 20] = {1};
int main(void) { return big[0] - 1; }
