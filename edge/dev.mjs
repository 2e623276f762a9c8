// `npm run dev -w edge`: wrangler dev, with no outside calls, on 127.0.0.1:8787 in front of the judge
// node at http://127.0.0.1:3000 (wrangler.jsonc), its secret from .dev.vars.example. JUDGE_EDGE_PORT
// and JUDGE_NODE_URL put it and its node elsewhere.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wranglerOfflineEnv } from './offline-env.mjs';

const EDGE_DIR = dirname(fileURLToPath(import.meta.url));
const bin = createRequire(join(EDGE_DIR, 'package.json')).resolve('wrangler/bin/wrangler.js');
const port = process.env.JUDGE_EDGE_PORT || '8787';
const args = [bin, 'dev', '--ip', '127.0.0.1', '--port', port, '--env-file', '.dev.vars.example'];
if (process.env.JUDGE_NODE_URL) {
  const regions = [{ id: 'local', url: process.env.JUDGE_NODE_URL, lat: 0, lon: 0 }];
  args.push('--var', `REGIONS:${JSON.stringify(regions)}`);
}
const child = spawn(process.execPath, args, {
  cwd: EDGE_DIR,
  stdio: 'inherit',
  env: { ...process.env, ...wranglerOfflineEnv(join(EDGE_DIR, '.wrangler', 'config')) },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
