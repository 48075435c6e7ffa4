/**
 * Turns the schema's issues into plain messages a person can act on: an unknown field is named
 * with its path and the field it probably meant, a missing field says "missing" (not what a
 * value would have to look like), an unknown source kind lists the kinds there are.
 *
 * The known fields are read from the schema itself, so a field added to the schema is known here
 * with no second list to keep.
 */
import { distance } from 'fastest-levenshtein';
import type { z } from 'zod';

export interface PlainIssue {
  path: string;
  message: string;
}

/** Keys that hold credentials: they never belong in the file (it is inlined into every Lambda bundle). */
const CREDENTIAL_KEY = /^(pass(word)?|secret(key|value)?|token|access[-_]?token|api[-_]?key|bearer[-_]?token|client[-_]?secret|app[-_]?password|user(name)?|auth)$/i;

export function plainIssues(schema: z.ZodType, data: unknown, issues: readonly z.core.$ZodIssue[]): PlainIssue[] {
  const out: PlainIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p.description) : p));
    const value = valueAt(data, path);
    if (issue.code === 'unrecognized_keys') {
      const known = fieldsAt(schema, data, path);
      for (const key of issue.keys) out.push({ path: join([...path, key]), message: unknownField(key, known, path) });
      continue;
    }
    out.push({ path: join(path), message: message(issue, value) });
  }
  return out;
}

function unknownField(key: string, known: string[], path: (string | number)[]): string {
  if (CREDENTIAL_KEY.test(key) && (path.at(-2) === 'sources' || path[0] === 'smtp'))
    return path[0] === 'smtp'
      ? 'credentials never go in the config file: set SMTP_USER and SMTP_PASSWORD in the environment (or name another prefix with smtp.secret)'
      : 'credentials never go in the config file: name a secret with `secret:` (Secrets Manager in AWS, environment variables locally)';
  const guess = closest(key, known);
  return `unknown field${guess ? `; did you mean "${guess}"?` : known.length ? ` (known here: ${known.join(', ')})` : ''}`;
}

/** The known field nearest to a misspelt one, when it is near enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: { candidate: string; d: number } | undefined;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const d = c === lower ? 0 : c.startsWith(lower) || lower.startsWith(c) ? 1 : distance(lower, c);
    if (!best || d < best.d) best = { candidate, d };
  }
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.candidate : undefined;
}

function message(issue: z.core.$ZodIssue, value: unknown): string {
  // A missing field is "missing", whatever its schema would say about a wrong value.
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union')) {
    if (issue.code === 'invalid_union' && 'options' in issue) return `missing; one of ${list(issue.options as unknown[])}`;
    if (issue.code === 'invalid_value') return `missing; one of ${list(issue.values)}`;
    const expected = issue.code === 'invalid_type' ? issue.expected : undefined;
    const own = !issue.message.startsWith('Invalid input') ? `; ${issue.message}` : expected ? `: ${article(expected)}` : '';
    return `missing (required${own})`;
  }
  switch (issue.code) {
    case 'invalid_union':
      if ('discriminator' in issue && 'options' in issue)
        return `unknown ${String(issue.discriminator)} ${JSON.stringify(value)}; the ${String(issue.discriminator)}s are: ${list(issue.options as unknown[])}`;
      return 'is not any of the accepted forms';
    case 'invalid_value':
      return `must be one of ${list(issue.values)}, got ${JSON.stringify(value)}`;
    case 'invalid_type':
      // A schema's own message ("must be an email address") beats the generic one.
      return issue.message.startsWith('Invalid input') ? `must be ${article(issue.expected)}, got ${describe(value)}` : issue.message;
    case 'too_small':
      if (!issue.message.startsWith('Too small')) return issue.message;
      return issue.origin === 'array'
        ? `needs at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`
        : issue.origin === 'string'
          ? 'must not be empty'
          : `must be at least ${issue.minimum}${issue.inclusive ? '' : ' (exclusive)'}, got ${describe(value)}`;
    case 'too_big':
      if (!issue.message.startsWith('Too big')) return issue.message;
      return issue.origin === 'array'
        ? `takes at most ${issue.maximum} items`
        : `must be at most ${issue.maximum}${issue.inclusive ? '' : ' (exclusive)'}, got ${describe(value)}`;
    case 'invalid_format':
      return issue.message.startsWith('Invalid') ? `must be ${issue.format === 'url' ? 'a URL (https://...)' : `a valid ${issue.format}`}, got ${describe(value)}` : issue.message;
    default:
      return issue.message;
  }
}

const list = (values: readonly unknown[]): string => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
const article = (type: string): string => (type === 'array' ? 'a list' : type === 'object' ? 'a mapping (key: value)' : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : JSON.stringify(value);
const join = (path: (string | number)[]): string => path.map(String).join('.');

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let v = data;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[key] : undefined;
  return v;
}

/** The field names the schema accepts for the object at `path` (the data picks a union's branch). */
export function fieldsAt(schema: z.ZodType, data: unknown, path: (string | number)[]): string[] {
  let node: z.core.$ZodType | undefined = unwrap(schema as unknown as z.core.$ZodType, data);
  let value = data;
  for (const key of path) {
    if (!node) return [];
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
    const def = node._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === 'object') node = (def.shape as Record<string, z.core.$ZodType>)[String(key)];
    else if (def.type === 'array') node = def.element as z.core.$ZodType;
    else if (def.type === 'record') node = def.valueType as z.core.$ZodType;
    else return [];
    node = node && unwrap(node, value);
  }
  const def = node?._zod.def as unknown as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** Through optional, default, pipe and friends to the schema that parses the value; a union's branch by its discriminator. */
function unwrap(node: z.core.$ZodType, value: unknown): z.core.$ZodType | undefined {
  for (let i = 0; i < 20; i++) {
    const def = node._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.innerType) node = def.innerType as z.core.$ZodType;
    else if (def.type === 'pipe') node = def.in as z.core.$ZodType;
    else if (def.type === 'lazy') node = (def.getter as () => z.core.$ZodType)();
    else if (def.type === 'union') {
      const options = def.options as z.core.$ZodType[];
      const key = def.discriminator as string | undefined;
      const wanted = key && value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      const match = options.find((o) => {
        const shape = (o._zod.def as unknown as { shape?: Record<string, z.core.$ZodType> }).shape;
        const literal = key && shape?.[key] ? ((shape[key]!._zod.def as unknown as { values?: unknown[] }).values ?? []) : [];
        return literal.includes(wanted);
      });
      if (!match) return undefined;
      node = match;
    } else return node;
  }
  return node;
}
