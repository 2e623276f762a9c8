/** The environment under which wrangler makes no outside calls. */
export function wranglerOfflineEnv(configHome: string): Record<string, string>;
