// The probe's launcher in Rust: becomes bash running the probe script (PROBE_SH, replaced by the test).
use std::os::unix::process::CommandExt;

fn main() {
    let err = std::process::Command::new("/bin/bash").arg("-c").arg(PROBE_SH).exec();
    eprintln!("exec: {}", err);
    std::process::exit(111);
}
