/**
 * Logger for local runs: one line per entry, `LEVEL message {"key":value}`. Attributes are JSON so a
 * value with a line break (hostile Mention text, a stack) cannot forge a second log line.
 */
import type { Logger } from '../core/ports.ts';

type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface ConsoleLoggerProps {
  /** Only warnings and errors (the demo prints its own progress). @default false */
  quiet?: boolean;
  /** Lowest level written when not quiet. @default 'info' */
  level?: Level;
  /** Where lines go. @default process.stderr */
  write?: (line: string) => void;
}

/** Errors become { name, message }: JSON.stringify would print {} and a stack is noise locally. */
const replacer = (_key: string, value: unknown): unknown =>
  value instanceof Error ? { name: value.name, message: value.message } : typeof value === 'bigint' ? String(value) : value;

export class ConsoleLogger implements Logger {
  readonly #min: number;
  readonly #write: (line: string) => void;

  constructor(props: ConsoleLoggerProps = {}) {
    this.#min = props.quiet ? RANK.warn : RANK[props.level ?? 'info'];
    this.#write = props.write ?? ((line) => process.stderr.write(`${line}\n`));
  }

  debug(message: string, attributes?: Record<string, unknown>): void {
    this.#log('debug', message, attributes);
  }

  info(message: string, attributes?: Record<string, unknown>): void {
    this.#log('info', message, attributes);
  }

  warn(message: string, attributes?: Record<string, unknown>): void {
    this.#log('warn', message, attributes);
  }

  error(message: string, attributes?: Record<string, unknown>): void {
    this.#log('error', message, attributes);
  }

  #log(level: Level, message: string, attributes?: Record<string, unknown>): void {
    if (RANK[level] < this.#min) return;
    const oneLine = message.replace(/\r?\n|\r/g, '\\n');
    let attrs = '';
    if (attributes && Object.keys(attributes).length > 0) {
      try {
        attrs = ` ${JSON.stringify(attributes, replacer)}`;
      } catch {
        attrs = ' {"unserialisable":true}';
      }
    }
    this.#write(`${level.toUpperCase().padEnd(5)} ${oneLine}${attrs}`);
  }
}
