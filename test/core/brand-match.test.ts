import { describe, expect, it } from 'vitest';
import { isBrandAuthor, matchBrand, mentionsBrand, normaliseHandle } from '../../lambdas/core/brand-match.ts';
import type { Brand } from '../../lambdas/core/config.ts';

const slack: Brand = {
  id: 'slack',
  name: 'Slack',
  handles: ['@SlackHQ', '@slack@mastodon.social'],
  keywords: ['slack', '#slackdown'],
  exclusions: ['slack adjuster', 'slack water'],
};
const acme: Brand = {
  id: 'acme',
  name: 'Acme Air',
  handles: ['@acmeair', 'u/AcmeAirOfficial'],
  keywords: ['acme air', 'acmeair', '#acmeair'],
  exclusions: ['acme air purifier'],
};
const mention = (text: string, handle = 'someone') => ({ text, author: { handle } });

describe('Function: matchBrand', () => {
  it.each([
    ['Slack is down again', 'slack'],
    ['is SLACK down for anyone?', 'slack'],
    ["Slack's status page says all good, it is not", 'slack'],
    ['ugh #SlackDown', 'slack'],
    ['@slackhq please fix notifications', 'slack'],
    ['flew Acme Air today, lost my bag', 'acme'],
    ['acme\nair lost my bag', 'acme'],
    ['#AcmeAir never again', 'acme'],
    ['Ａｃｍｅ Ａｉｒ strikes again', 'acme'],
  ])('matches %j to %s', (text, brand) => {
    expect(matchBrand([slack, acme], mention(text))?.id).toBe(brand);
  });

  it.each([
    ['our slack adjusters need replacing'],
    ['the Slack Adjuster on my bike is broken'],
    ['the slack water at the harbour'],
    ['slackline in the park'],
    ['the slacks I bought'],
    ['email me at team@slackhq.com'],
    ['#slackdownunder is a different tag'],
  ])('does not match %j', (text) => {
    expect(matchBrand([slack], mention(text))).toBeUndefined();
  });

  it('still matches the brand named outside an excluded phrase', () => {
    expect(matchBrand([slack], mention('slack adjusters are fine, but Slack itself is down'))?.id).toBe('slack');
  });

  it('does not let an exclusion of one brand hide another brand', () => {
    expect(matchBrand([acme, slack], mention('my acme air purifier is in a slack channel'))?.id).toBe('slack');
  });

  it('matches a reply by the brand account that does not name the brand', () => {
    expect(matchBrand([acme], mention("We're sorry to hear that, please DM us", 'AcmeAir'))?.id).toBe('acme');
  });

  it('returns the first brand in config order when several match', () => {
    expect(matchBrand([acme, slack], mention('Acme Air posted the delay on Slack'))?.id).toBe('acme');
  });
});

describe('Function: mentionsBrand', () => {
  it('ignores blank keywords and exclusions', () => {
    expect(mentionsBrand({ handles: [], keywords: ['  ', 'acme'], exclusions: [' '] }, 'ACME rocks')).toBe(true);
  });

  it('treats regex characters in keywords literally', () => {
    const b = { handles: [], keywords: ['c++ builder', 'a.b'], exclusions: [] };
    expect(mentionsBrand(b, 'the C++ Builder crashed')).toBe(true);
    expect(mentionsBrand(b, 'axb')).toBe(false);
  });
});

describe('Function: isBrandAuthor', () => {
  it.each([
    ['acmeair', true],
    ['@ACMEAIR', true],
    ['AcmeAirOfficial', true],
    ['/u/acmeairofficial', true],
    ['acmeair2', false],
    ['', false],
  ])('%j is the brand: %s', (handle, expected) => {
    expect(isBrandAuthor(acme, handle)).toBe(expected);
  });

  it('matches a fediverse handle only with its instance', () => {
    expect(isBrandAuthor(slack, 'slack@mastodon.social')).toBe(true);
    expect(isBrandAuthor(slack, 'slack@evil.example')).toBe(false);
  });

  it('normalises handle decorations', () => {
    expect(normaliseHandle(' @Foo ')).toBe('foo');
    expect(normaliseHandle('u/Bar')).toBe('bar');
  });
});
