/** Reads the config file (YAML or JSON) from disk and validates it. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ConfigError, parseConfig, type Config } from '../lambdas/core/config.ts';

export function loadConfigFile(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([{ path: '', message: `cannot read ${path}: ${(err as Error).message}` }], path);
  }
  let data: unknown;
  try {
    data = parse(text, { prettyErrors: true });
  } catch (err) {
    throw new ConfigError([{ path: '', message: `not valid YAML: ${(err as Error).message}` }], path);
  }
  return parseConfig(data, path);
}
