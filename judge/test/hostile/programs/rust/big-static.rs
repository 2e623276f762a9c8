// Compile amplification in Rust: a 72 MiB initialised static, just past the
// cap on a compiled program.
static BIG: [u8; 72 << 20] = [1; 72 << 20];
fn main() {
    let i = std::env::args().count() * 4096;
    std::process::exit(i32::from(BIG[i]) - 1);
}
