// The probe's launcher in JavaScript: runs bash with the probe script (PROBE_SH, replaced by the test) and
// exits with its status; node stays the parent, which the probe leaves out of its count.
const { spawnSync } = require('node:child_process');

const r = spawnSync('/bin/bash', ['-c', PROBE_SH], { stdio: 'inherit' });
process.exit(r.status ?? 111);
