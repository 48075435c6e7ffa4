/**
 * Reading credentials: Secrets Manager in AWS, environment variables locally.
 *
 * Local mapping (EnvSecretReader): a secret name becomes an env var prefix, upper-cased with every
 * other character turned into "_", and each JSON key becomes the upper snake case of its camelCase:
 *   secret "x-api", key "bearerToken"       <->  X_API_BEARER_TOKEN
 *   secret "reddit", key "clientSecret"     <->  REDDIT_CLIENT_SECRET
 *   getText("link-signing") (a plain secret) <->  LINK_SIGNING
 * `secretEnvVar(name, key)` computes the variable a user must set.
 *
 * No error here carries a secret value, not even in `cause` (JSON.parse errors quote their input).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock } from '../core/ports.ts';
import { systemClock } from './system-clock.ts';

export interface SecretReader {
  /** A JSON-object secret as string keys and values. */
  get(name: string): Promise<Record<string, string>>;
  /** A plain-string secret (e.g. the generated link-signing key). */
  getText(name: string): Promise<string>;
}

export class SecretFormatError extends Error {
  constructor(readonly secretName: string, why: string) {
    super(`secret "${secretName}" ${why}`);
    this.name = 'SecretFormatError';
  }
}

export class SecretNotFoundError extends Error {
  constructor(readonly secretName: string, where: string) {
    super(`secret "${secretName}" is not set (${where})`);
    this.name = 'SecretNotFoundError';
  }
}

/** Parses a JSON-object secret; scalar values become strings, nested values are refused. */
export function parseSecretJson(name: string, text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SecretFormatError(name, 'is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SecretFormatError(name, 'is not a JSON object');
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
    else throw new SecretFormatError(name, `has a non-scalar value under key "${key}"`);
  }
  return out;
}

export interface SecretsManagerReaderProps {
  client: SecretsManagerClient;
  /** How long a value is reused within one container. @default 5 minutes */
  ttlMs?: number;
  clock?: Clock;
}

/** Reads secrets once per name per TTL, so a warm Lambda does not call Secrets Manager on every event. */
export class SecretsManagerReader implements SecretReader {
  readonly #client: SecretsManagerClient;
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #cache = new Map<string, { at: number; text: Promise<string> }>();

  constructor(props: SecretsManagerReaderProps) {
    this.#client = props.client;
    this.#ttlMs = props.ttlMs ?? 5 * 60_000;
    this.#clock = props.clock ?? systemClock;
  }

  async get(name: string): Promise<Record<string, string>> {
    return parseSecretJson(name, await this.getText(name));
  }

  getText(name: string): Promise<string> {
    const now = this.#clock.now().getTime();
    const cached = this.#cache.get(name);
    if (cached && now - cached.at < this.#ttlMs) return cached.text;
    // The promise is cached, so concurrent first reads make one call; a failure is not cached.
    const text = this.#fetch(name);
    this.#cache.set(name, { at: now, text });
    text.catch(() => {
      if (this.#cache.get(name)?.text === text) this.#cache.delete(name);
    });
    return text;
  }

  async #fetch(name: string): Promise<string> {
    const { SecretString } = await this.#client.send(new GetSecretValueCommand({ SecretId: name }));
    if (SecretString === undefined) throw new SecretFormatError(name, 'has no string value (binary secrets are not supported)');
    return SecretString;
  }
}

const envPrefix = (name: string): string => `${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
const toSnake = (key: string): string => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
const toCamel = (snake: string): string => snake.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The env var EnvSecretReader reads for a key of a secret, e.g. ("x-api", "bearerToken") -> X_API_BEARER_TOKEN. */
export const secretEnvVar = (name: string, key?: string): string =>
  key === undefined ? envPrefix(name) : `${envPrefix(name)}_${toSnake(key)}`;

/** Local runs: secrets from environment variables (see the mapping at the top of this file). */
export class EnvSecretReader implements SecretReader {
  readonly #env: NodeJS.ProcessEnv;

  constructor(props: { env?: NodeJS.ProcessEnv } = {}) {
    this.#env = props.env ?? process.env;
  }

  /** Every `<PREFIX>_<KEY>` variable, keys in camelCase; an empty object when none is set. */
  async get(name: string): Promise<Record<string, string>> {
    const prefix = `${envPrefix(name)}_`;
    const out: Record<string, string> = {};
    for (const [variable, value] of Object.entries(this.#env)) {
      if (variable.startsWith(prefix) && variable.length > prefix.length && value) {
        out[toCamel(variable.slice(prefix.length))] = value;
      }
    }
    return out;
  }

  async getText(name: string): Promise<string> {
    const variable = envPrefix(name);
    const value = this.#env[variable];
    if (!value) throw new SecretNotFoundError(name, `environment variable ${variable}`);
    return value;
  }
}
