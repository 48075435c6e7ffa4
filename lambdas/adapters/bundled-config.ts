/**
 * The config, inlined into each Lambda bundle at synth time (esbuild `define` replaces the literal
 * expression `process.env.CRISIS_DESK_CONFIG`), so it is neither a runtime environment variable
 * (4 KB cap, visible in the console) nor a fetch. It is the schema's own output, validated when
 * the stack was synthesized, so it is not parsed again here: that keeps the schema library out
 * of every bundle.
 */
import type { Config } from '../core/config.ts';
import { MissingEnvError } from './env.ts';

let cached: Config | undefined;

export function loadBundledConfig(): Config {
  // Must stay the literal expression for esbuild's define to replace it.
  const json = process.env.CRISIS_DESK_CONFIG;
  if (!json) throw new MissingEnvError('CRISIS_DESK_CONFIG');
  cached ??= JSON.parse(json) as Config;
  return cached;
}
