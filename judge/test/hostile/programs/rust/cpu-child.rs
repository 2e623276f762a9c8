// CPU hidden in a child: the program runs itself again as a worker that burns
// 1.5x the time limit and prints; the parent reads the worker's output and
// exits without waiting for it (dropping a Child does not wait).
// stdin: the time limit in ms.
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

fn cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<u64> = rest.split(' ').skip(11).take(2).map(|v| v.parse().unwrap()).collect();
    Duration::from_millis((f[0] + f[1]) * 10)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() > 1 {
        let limit: u64 = args[1].parse().unwrap();
        let mut x = 0u64;
        while cpu() < Duration::from_millis(limit * 3 / 2) {
            for i in 0..100000u64 {
                x = x.wrapping_add(i);
            }
            unsafe { std::ptr::read_volatile(&x) };
        }
        println!("burned {:?}", cpu());
        return;
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).unwrap();
    let mut child = Command::new(&args[0])
        .arg(line.trim())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = String::new();
    child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    print!("{}", out);
}
