import { describe, expect, it } from 'vitest';
import { languageOf } from '../../lambdas/sources/text.ts';

describe('Function: languageOf', () => {
  it.each([
    ['en', 'en'],
    ['EN', 'en'],
    ['en-US', 'en'],
    ['pt_BR', 'pt'],
    ['ja', 'ja'],
    ['zh', 'zh'],
    ['zh-CN', 'zh'],
    ['zh-Hans', 'zh'],
    ['zh-TW', 'zh-TW'],
    ['zh-Hant-HK', 'zh-TW'],
    ['zh-hk', 'zh-TW'],
    ['in', 'id'],
    ['iw', 'he'],
    ['fil', 'fil'],
  ])('reads %s as %s', (tag, language) => {
    expect(languageOf(tag)).toBe(language);
  });

  it.each([undefined, null, '', '  ', 'und', 'zxx', 'mul', 'qme', 'qht', 'english', 'e', '12'])('reads %j as no language', (tag) => {
    expect(languageOf(tag)).toBeUndefined();
  });
});
