// Memory hidden in a child: the program runs itself again as a worker that
// fills 3x the memory limit and holds it while the parent reads its report.
// stdin: the memory limit in MiB.
use std::io::Read;
use std::process::{Command, Stdio};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() > 1 {
        let mb: usize = args[1].parse().unwrap();
        let v = vec![1u8; 3 * mb << 20];
        println!("child holds {} MiB", v.len() >> 20);
        std::thread::sleep(std::time::Duration::from_millis(300));
        std::process::exit(if v[v.len() - 1] == 1 { 0 } else { 5 });
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
