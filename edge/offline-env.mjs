// The environment under which wrangler makes no outside calls, for
// the scripts that start it from Node; package.json's scripts set the same.
/** @param {string} configHome a private XDG_CONFIG_HOME */
export function wranglerOfflineEnv(configHome) {
  return {
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
    XDG_CONFIG_HOME: configHome,
  };
}
