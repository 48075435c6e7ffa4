import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../lambdas/core/config.ts';

const example = () => parse(readFileSync(resolve(import.meta.dirname, '../../config/example.yaml'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test data edited freely

/** The issues parseConfig reports for the example config changed by `edit`. */
function issuesOf(edit: (config: ReturnType<typeof example>) => void): { path: string; message: string }[] {
  const config = example();
  edit(config);
  try {
    parseConfig(config, 'acme.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  return [];
}

describe('Function: parseConfig', () => {
  it('accepts the shipped configs', () => {
    expect(issuesOf(() => {})).toEqual([]);
    expect(() => parseConfig(parse(readFileSync(resolve(import.meta.dirname, '../../config/demo.yaml'), 'utf8')))).not.toThrow();
  });

  it.each<[string, (c: ReturnType<typeof example>) => void, { path: string; message: RegExp }]>([
    ['a misspelt top-level field', (c) => void (c.retentionDay = 30), { path: 'retentionDay', message: /^unknown field; did you mean "retentionDays"\?$/ }],
    ['brand: for brands: in a policy', (c) => void (c.escalationPolicies[0].brand = ['acme']), { path: 'escalationPolicies.0.brand', message: /did you mean "brands"/ }],
    ['a misspelt source field', (c) => void (c.sources[0].folowComments = true), { path: 'sources.0.folowComments', message: /did you mean "followComments"/ }],
    ['a misspelt detection field', (c) => void (c.detection = { sigmaa: 4 }), { path: 'detection.sigmaa', message: /did you mean "sigma"/ }],
    ['a field in a level', (c) => void (c.escalationPolicies[0].levels[0].timeout = 5), { path: 'escalationPolicies.0.levels.0.timeout', message: /did you mean "timeoutMinutes"/ }],
    ['a password in a source', (c) => void (c.sources[0].password = 'hunter2'), { path: 'sources.0.password', message: /credentials never go in the config file/ }],
    ['a misspelt tracing field', (c) => void (c.tracing = { sdkCall: true }), { path: 'tracing.sdkCall', message: /did you mean "sdkCalls"/ }],
    ['a password in smtp', (c) => void (c.smtp = { host: 'mail.acme.example', password: 'hunter2' }), { path: 'smtp.password', message: /SMTP_PASSWORD/ }],
  ])('rejects %s with its path and a suggestion', (_name, edit, expected) => {
    const issues = issuesOf(edit);
    expect(issues).toContainEqual({ path: expected.path, message: expect.stringMatching(expected.message) });
  });

  it('tells a missing field from an invalid one', () => {
    const renamed = issuesOf((c) => {
      c.senderAddress = c.sender;
      delete c.sender;
    });
    expect(renamed).toContainEqual({ path: 'sender', message: expect.stringMatching(/^missing \(required/) });
    expect(renamed).toContainEqual({ path: 'senderAddress', message: expect.stringMatching(/did you mean "sender"/) });
    expect(issuesOf((c) => void (c.sender = 'crisis-desk'))).toEqual([{ path: 'sender', message: 'must be an email address' }]);
    expect(issuesOf((c) => void delete c.brands)).toEqual([{ path: 'brands', message: 'missing (required: a list)' }]);
  });

  it('names an unknown source kind plainly, with the kinds there are', () => {
    expect(issuesOf((c) => void (c.sources[0].kind = 'tiktok'))).toEqual([
      { path: 'sources.0.kind', message: 'unknown kind "tiktok"; the kinds are: rss, import, x, reddit, mastodon, bluesky, hackernews, facebook, linkedin' },
    ]);
    expect(issuesOf((c) => void delete c.sources[1].kind)[0]).toEqual({ path: 'sources.1.kind', message: expect.stringMatching(/^missing; one of rss, import/) });
  });

  it('says what a wrong value should be, in plain words', () => {
    const issues = issuesOf((c) => {
      c.retentionDays = 'thirty';
      c.analyzer = 'gpt';
      c.detection = { sigma: 0 };
      c.sources[0].url = 'not a url';
      c.brands[0].keywords = [];
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'retentionDays', message: 'must be a number, got "thirty"' },
        { path: 'analyzer', message: 'must be one of lexicon, comprehend, got "gpt"' },
        { path: 'detection.sigma', message: 'must be at least 1, got 0' },
        { path: 'sources.0.url', message: 'must be a URL (https://...), got "not a url"' },
        { path: 'brands.0.keywords', message: 'name at least one keyword' },
      ]),
    );
    expect(issues.every((i) => !/Invalid input|expected .* received/.test(i.message))).toBe(true);
  });

  it('checks schedules field by field, naming the Unix-cron mistake', () => {
    expect(issuesOf((c) => void (c.report.schedule = 'cron(0 9 * * MON)'))).toEqual([
      { path: 'report.schedule', message: expect.stringMatching(/as Unix cron does.*cron\(0 9 \? \* MON \*\)/) },
    ]);
    expect(issuesOf((c) => void (c.sources[0].schedule = 'cron(61 99 ? * FOO *)'))).toEqual([
      { path: 'sources.0.schedule', message: 'cron minutes "61": 61 is out of range 0-59' },
    ]);
  });

  it('takes an smtp block for local runs, with its defaults', () => {
    const config = example();
    config.smtp = { host: 'mail.acme.example' };
    expect(parseConfig(config).smtp).toEqual({ host: 'mail.acme.example', security: 'starttls', secret: 'smtp' });
  });

  it('traces AWS SDK calls only when the config says so', () => {
    const config = example();
    delete config.tracing;
    expect(parseConfig(config).tracing).toEqual({ sdkCalls: false });
    config.tracing = { sdkCalls: true };
    expect(parseConfig(config).tracing).toEqual({ sdkCalls: true });
  });
});
