// Compile amplification in Rust: a 120 MiB initialised static in the executable.
static BIG: [u8; 120 << 20] = [1; 120 << 20];
fn main() {
    let i = std::env::args().count() * 4096;
    std::process::exit(i32::from(BIG[i]) - 1);
}
