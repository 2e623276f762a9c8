// A judge node for the benchmark in a process of its own, so that the CPU it uses is its own (the benchmark reads it
// from the node's /metrics). The settings arrive as JSON in argv[2]; the first line on stdout is {url, workers}.
import { NodeConfigSchema } from '../node/config.js';
import { startNode } from '../node/node.js';

const config = NodeConfigSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
const node = await startNode(config, { role: 'serve' });
process.stdout.write(
  `${JSON.stringify({ url: node.url, workers: node.slots, concurrency: node.calibration?.concurrency, factor: node.calibration?.factor })}\n`,
);
const stop = () => void node.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
