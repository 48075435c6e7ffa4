/**
 * Colour for the CLI's own output, only where a person reads it: never when NO_COLOR is set
 * (no-color.org), never into a pipe or a file, always with FORCE_COLOR (except FORCE_COLOR=0).
 */
export interface Colors {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const SGR = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;

export function colorEnabled(stream: { isTTY?: boolean; hasColors?: () => boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  if (env.FORCE_COLOR !== undefined) return true;
  return Boolean(stream.isTTY && (stream.hasColors?.() ?? true));
}

export function colors(enabled: boolean): Colors {
  const paint = (name: keyof typeof SGR) => (text: string) => (enabled ? `\u001b[${SGR[name][0]}m${text}\u001b[${SGR[name][1]}m` : text);
  return {
    enabled,
    bold: paint('bold'),
    dim: paint('dim'),
    red: paint('red'),
    green: paint('green'),
    yellow: paint('yellow'),
    cyan: paint('cyan'),
  };
}

/** No colour: for tests and for output into files. */
export const plain: Colors = colors(false);
