/**
 * The validated config, inlined into each Lambda bundle at synth time (esbuild `define`),
 * so it is neither an environment variable (4 KB cap, visible in the console) nor a fetch.
 */
import { parseConfig, type Config } from '../core/config.ts';
import { requireEnv } from './env.ts';

let cached: Config | undefined;

export function loadBundledConfig(): Config {
  cached ??= parseConfig(JSON.parse(requireEnv('CRISIS_DESK_CONFIG')), 'bundled config');
  return cached;
}
