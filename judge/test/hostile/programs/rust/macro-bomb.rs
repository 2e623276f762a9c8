// A macro bomb: a macro that expands into two copies of itself, forever; the
// compiler stops at its recursion limit (lowered here so that the doubling
// ends at a million tokens, not at the compile memory limit).
#![recursion_limit = "20"]
macro_rules! bomb {
    ($($t:tt)*) => { bomb!($($t)* $($t)*) };
}
fn main() {
    bomb!(x);
}
