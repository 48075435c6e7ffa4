import { afterEach, describe, expect, it, vi } from 'vitest';
import { powertools } from '../../lambdas/adapters/powertools.ts';

/** Powertools writes JSON lines to stdout through its own console; capture what it prints. */
const captureStdout = () => {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  return () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
};

describe('Function: powertools', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('logs structured JSON with the service name and attributes', () => {
    vi.stubEnv('POWERTOOLS_DEV', 'false');
    const read = captureStdout();
    const { logger } = powertools('fetch-mentions');
    logger.info('stored', { sourceId: 'blog', count: 2 });
    const entry = read().find((e) => e.message === 'stored');
    expect(entry).toMatchObject({ level: 'INFO', service: 'fetch-mentions', sourceId: 'blog', count: 2 });
  });

  it('emits each count at once as EMF in the CrisisDesk namespace with its dimensions', () => {
    const read = captureStdout();
    const { metrics } = powertools('fetch-mentions');
    metrics.count('MentionsStored', 5, { brand: 'acme' });
    const emf = read().find((e) => 'MentionsStored' in e);
    expect(emf).toMatchObject({ MentionsStored: 5, brand: 'acme', service: 'fetch-mentions' });
    const directive = (emf?._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] }).CloudWatchMetrics[0]!;
    expect(directive.Namespace).toBe('CrisisDesk');
    expect(directive.Dimensions[0]).toEqual(expect.arrayContaining(['service', 'brand']));
  });
});
