// A macro bomb: a macro that expands into two copies of itself, forever; the
// compiler stops at its recursion limit.
macro_rules! bomb {
    ($($t:tt)*) => { bomb!($($t)* $($t)*) };
}
fn main() {
    bomb!(x);
}
