// Memory hidden in a child: a second node process fills 3x the memory limit
// in Buffers (outside the V8 heap cap) while the parent waits for its message.
// stdin: the memory limit in MiB.
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');

if (process.argv[2] === 'worker') {
  const mb = Number(process.argv[3]);
  const held = [];
  for (let i = 0; i < 3 * mb; i++) held.push(Buffer.alloc(1 << 20, 1));
  process.stdout.write(`child holds ${held.length} MiB\n`);
  setTimeout(() => process.exit(0), 300);
} else {
  const mb = readFileSync(0, 'utf8').trim();
  const child = spawn(process.execPath, [__filename, 'worker', mb], { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.pipe(process.stdout);
}
