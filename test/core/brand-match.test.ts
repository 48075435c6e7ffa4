import { describe, expect, it } from 'vitest';
import { attributeBrands, isBrandAuthor, matchBrand, mentionsBrand, normaliseHandle } from '../../lambdas/core/brand-match.ts';
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

  it('returns the same primary brand whatever the config order', () => {
    const text = 'Acme Air posted the delay on Slack';
    expect(matchBrand([acme, slack], mention(text))?.id).toBe('acme');
    expect(matchBrand([slack, acme], mention(text))?.id).toBe('acme');
  });

  it.each([
    ['.@acmeair why is my bag in Oslo?'],
    ["@AcmeAir's app is down again"],
    ['@ACMEAIR: where is my refund'],
    ['thanks @acmeair.'],
    ['(@acmeair) lost my bag'],
    ['#acmeairofficial is trending'],
    ['see https://x.com/AcmeAir/status/123 for the statement'],
    ['their page twitter.com/acmeair says nothing'],
    ['posted on https://www.instagram.com/acmeairofficial/'],
  ])('matches the handle written as %j', (text) => {
    expect(matchBrand([slack, acme], mention(text))?.id).toBe('acme');
  });

  it.each([
    ['write to press@acmeair.com'],
    ['x.@acmeair'],
    ['@acmeairlines is another company'],
    ['https://x.com/acmeair2 is not them'],
  ])('does not take %j for the handle', (text) => {
    const handleOnly: Brand = { ...acme, keywords: ['acme air'] };
    expect(matchBrand([handleOnly], mention(text))).toBeUndefined();
  });

  it('matches a fediverse account and a link to its profile', () => {
    expect(matchBrand([slack], mention('cc @slack@mastodon.social'))?.id).toBe('slack');
    expect(matchBrand([slack], mention('see https://mastodon.social/@slack for updates'))?.id).toBe('slack');
    expect(matchBrand([slack], mention('see https://mastodon.social/@slackers'))).toBeUndefined();
  });
});

describe('Function: attributeBrands', () => {
  const ids = (brands: Brand[], text: string, handle = 'someone', context?: Brand) =>
    attributeBrands(brands, mention(text, handle), context).map((b) => b.id);

  it('counts a post for every brand it names, in the same order whatever the config order', () => {
    const text = 'switched from Slack to Acme Air chat, both are down';
    expect(ids([slack, acme], text)).toEqual(['slack', 'acme']);
    expect(ids([acme, slack], text)).toEqual(['slack', 'acme']);
  });

  it('puts the addressee (the leading handle) first', () => {
    const text = '@AcmeAir @SlackHQ your app posts to Slack twice';
    expect(ids([slack, acme], text)).toEqual(['acme', 'slack']);
    expect(ids([acme, slack], '.@slackhq acme air is better')).toEqual(['slack', 'acme']);
  });

  it('puts the brand that wrote the post first, then the addressee', () => {
    expect(ids([slack, acme], '@slackhq sorry about that, Slack is back', 'AcmeAir')).toEqual(['acme', 'slack']);
  });

  it("counts the source's brand even when the post does not name it, after the addressee", () => {
    expect(ids([slack, acme], 'great post, but Slack is down', 'jo', acme)).toEqual(['acme', 'slack']);
    expect(ids([slack, acme], '@slackhq down again', 'jo', acme)).toEqual(['slack', 'acme']);
  });

  it('returns nothing for a post about no brand', () => {
    expect(ids([slack, acme], 'lovely weather')).toEqual([]);
  });

  it('does not count a brand whose only mention is an exclusion', () => {
    expect(ids([slack, acme], 'my acme air purifier is in a slack channel')).toEqual(['slack']);
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
