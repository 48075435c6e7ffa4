import { describe, expect, it } from 'vitest';
import { ConsoleLogger } from '../../lambdas/adapters/console-logger.ts';

const capture = (props: ConstructorParameters<typeof ConsoleLogger>[0] = {}) => {
  const lines: string[] = [];
  return { lines, logger: new ConsoleLogger({ ...props, write: (l) => lines.push(l) }) };
};

describe('Class: ConsoleLogger', () => {
  it('writes one line per entry with the attributes as JSON', () => {
    const { lines, logger } = capture();
    logger.info('stored mentions', { sourceId: 'blog', count: 3 });
    logger.error('fetch failed', { err: new TypeError('bad feed') });
    expect(lines).toEqual([
      'INFO  stored mentions {"sourceId":"blog","count":3}',
      'ERROR fetch failed {"err":{"name":"TypeError","message":"bad feed"}}',
    ]);
  });

  it('keeps hostile line breaks from forging a second line', () => {
    const { lines, logger } = capture();
    logger.warn('odd\nINFO  forged', { text: 'a\r\nERROR forged' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/[\r\n]/);
  });

  it('drops debug by default and everything below warn when quiet', () => {
    const normal = capture();
    normal.logger.debug('d');
    normal.logger.info('i');
    expect(normal.lines).toEqual(['INFO  i']);
    const quiet = capture({ quiet: true });
    quiet.logger.info('i');
    quiet.logger.warn('w');
    expect(quiet.lines).toEqual(['WARN  w']);
    const verbose = capture({ level: 'debug' });
    verbose.logger.debug('d');
    expect(verbose.lines).toEqual(['DEBUG d']);
  });

  it('survives attributes that JSON cannot serialise', () => {
    const { lines, logger } = capture();
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    logger.info('loop', loop);
    expect(lines).toEqual(['INFO  loop {"unserialisable":true}']);
  });
});
