/** The rules every Prometheus of the judge loads. */
export const RULES_FILE: string;

/** A Prometheus config (JSON, which Prometheus reads as YAML) scraping the given nodes and worker metrics ports. */
export function prometheusConfig(opts: {
  api?: string[];
  workers?: string[];
  scrapeIntervalS?: number;
  region?: string;
}): Record<string, unknown>;

export interface RunningPrometheus {
  url: string;
  dir: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts Debian's prometheus on 127.0.0.1:port with the config and the judge's rules. */
export function startPrometheus(opts: {
  config: Record<string, unknown>;
  port: number;
  log?: (line: string) => void;
  binary?: string;
}): Promise<RunningPrometheus>;
