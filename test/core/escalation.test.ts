import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, type ConfigInput, type EscalationPolicy } from '../../lambdas/core/config.ts';
import {
  FIRST_POSITION,
  nextPosition,
  quietUntil,
  quietWindowEnd,
  recipientsAt,
  reminderRecipients,
  selectPolicy,
  timeoutSecondsAt,
  type Position,
} from '../../lambdas/core/escalation.ts';
import type { Incident } from '../../lambdas/core/incident.ts';

const BASE: ConfigInput = {
  sender: 'desk@acme.example',
  timeZone: 'Europe/London',
  brands: [
    { id: 'acme', name: 'Acme', keywords: ['acme'] },
    { id: 'zed', name: 'Zed', keywords: ['zed'] },
  ],
  sources: [
    { id: 'blog', kind: 'rss', brand: 'acme', url: 'https://acme.example/feed' },
    { id: 'forum', kind: 'rss', brand: 'acme', url: 'https://forum.acme.example/feed' },
  ],
  owners: [
    { id: 'maya', name: 'Maya', email: 'maya@acme.example' },
    { id: 'sam', name: 'Sam', email: 'sam@acme.example' },
    { id: 'lee', name: 'Lee', email: 'Lee@acme.example' },
  ],
  escalationPolicies: [
    { id: 'default', severities: ['SEV1', 'SEV2', 'SEV3'], levels: [{ owners: ['maya'], timeoutMinutes: 15 }] },
    { id: 'acme-major', severities: ['SEV1', 'SEV2'], brands: ['acme'], levels: [{ owners: ['sam'], timeoutMinutes: 10 }] },
    { id: 'acme-billing', severities: ['SEV1', 'SEV2'], brands: ['acme'], themes: ['billing'], levels: [{ owners: ['lee'], timeoutMinutes: 5 }] },
    { id: 'forum-any', severities: ['SEV3'], sources: ['forum'], levels: [{ owners: ['lee'], timeoutMinutes: 60 }] },
  ],
  report: { recipients: ['boss@acme.example'] },
};

const incident = (patch: Partial<Incident>): Pick<Incident, 'brand' | 'severity' | 'theme' | 'triggerMentionIds' | 'acknowledgedBy'> => ({
  brand: 'acme',
  severity: 'SEV2',
  theme: 'outage',
  triggerMentionIds: ['blog#1'],
  ...patch,
});

const policy = (patch: Partial<EscalationPolicy> = {}): EscalationPolicy => ({
  id: 'p',
  severities: ['SEV1', 'SEV2', 'SEV3'],
  levels: [
    { owners: ['maya'], timeoutMinutes: 15 },
    { owners: ['sam'], timeoutMinutes: 30 },
  ],
  repeat: 1,
  remindMinutes: 60,
  ...patch,
});

describe('Function: selectPolicy', () => {
  const config = parseConfig(BASE);

  it.each([
    ['the most specific match (brand + theme)', incident({ theme: 'billing' }), 'acme-billing'],
    ['a brand policy over the catch-all', incident({}), 'acme-major'],
    ['the catch-all for another brand', incident({ brand: 'zed' }), 'default'],
    ['a source policy when a triggering Mention came from that source', incident({ severity: 'SEV3', triggerMentionIds: ['blog#1', 'forum#9'] }), 'forum-any'],
    ['the catch-all when no Mention came from the source', incident({ severity: 'SEV3' }), 'default'],
  ])('picks %s', (_why, i, expected) => {
    expect(selectPolicy(config, i).id).toBe(expected);
  });

  it('throws a ConfigError when no policy covers the severity', () => {
    expect(() => selectPolicy(config, incident({ severity: 'SEV9' as Incident['severity'] }))).toThrow(ConfigError);
  });
});

describe('Function: nextPosition', () => {
  it('walks the ladder, repeats it, then pages everyone and stays there as reminders', () => {
    const p = policy({ repeat: 1 });
    const seen: Position[] = [];
    let at: Position = FIRST_POSITION;
    for (let i = 0; i < 6; i++) {
      seen.push(at);
      at = nextPosition(p, at);
    }
    expect(seen.map((s) => [s.level, s.round, s.everyone, s.reminder ?? false])).toEqual([
      [1, 0, false, false],
      [2, 0, false, false],
      [1, 1, false, false],
      [2, 1, false, false],
      [2, 1, true, false],
      [2, 1, true, true],
    ]);
  });

  it('goes to everyone straight after the last level when repeat is 0', () => {
    expect(nextPosition(policy({ repeat: 0 }), { level: 2, round: 0, everyone: false })).toEqual({ level: 2, round: 0, everyone: true, severity: undefined });
  });
});

describe('Function: recipientsAt', () => {
  const config = parseConfig(BASE);
  const p = policy({ levels: [{ owners: ['maya', 'lee'], timeoutMinutes: 5 }, { owners: ['sam', 'maya'], timeoutMinutes: 5 }] });

  it("names a level's owners", () => {
    expect(recipientsAt(config, p, { level: 2, round: 0, everyone: false })).toEqual([
      { name: 'Sam', email: 'sam@acme.example' },
      { name: 'Maya', email: 'maya@acme.example' },
    ]);
  });

  it('names everyone in the policy once each', () => {
    expect(recipientsAt(config, p, { level: 2, round: 0, everyone: true }).map((r) => r.email)).toEqual([
      'maya@acme.example',
      'Lee@acme.example',
      'sam@acme.example',
    ]);
  });

  it('reminds whoever acknowledged, else the level', () => {
    const at = { level: 1, round: 0, everyone: false };
    expect(reminderRecipients(config, p, at, { acknowledgedBy: 'lee@acme.example' })).toEqual([{ name: 'Lee', email: 'Lee@acme.example' }]);
    expect(reminderRecipients(config, p, at, { acknowledgedBy: 'outsider@else.example' })).toEqual([
      { name: 'outsider@else.example', email: 'outsider@else.example' },
    ]);
    expect(reminderRecipients(config, p, at, {}).map((r) => r.email)).toEqual(['maya@acme.example', 'Lee@acme.example']);
  });
});

describe('Function: timeoutSecondsAt', () => {
  it("uses the level's timeout, and the last level's for everyone", () => {
    const p = policy();
    expect(timeoutSecondsAt(p, { level: 1, round: 0, everyone: false })).toBe(900);
    expect(timeoutSecondsAt(p, { level: 2, round: 1, everyone: true })).toBe(1800);
  });
});

describe('Function: quietWindowEnd', () => {
  const night = { start: '22:00', end: '07:00' };

  it.each([
    ['late evening', '2026-03-10T23:30:00Z', '2026-03-11T07:00:00.000Z'],
    ['after midnight', '2026-03-11T03:00:00Z', '2026-03-11T07:00:00.000Z'],
    ['the first quiet minute', '2026-03-10T22:00:00Z', '2026-03-11T07:00:00.000Z'],
  ])('ends the window when it is %s in London (GMT)', (_when, now, end) => {
    expect(quietWindowEnd(night, new Date(now), 'Europe/London')?.toISOString()).toBe(end);
  });

  it.each([['the morning', '2026-03-10T07:00:00Z'], ['the afternoon', '2026-03-10T15:00:00Z'], ['just before', '2026-03-10T21:59:00Z']])(
    'is undefined in %s',
    (_when, now) => {
      expect(quietWindowEnd(night, new Date(now), 'Europe/London')).toBeUndefined();
    },
  );

  it("reads the clock in the policy's time zone, across a daylight-saving change", () => {
    // 29 March 2026: London moves to BST at 01:00 GMT. 00:30 GMT is quiet; 07:00 BST is 06:00 UTC.
    expect(quietWindowEnd(night, new Date('2026-03-29T00:30:00Z'), 'Europe/London')?.toISOString()).toBe('2026-03-29T06:00:00.000Z');
    // 23:00 UTC is 18:00 in New York: not quiet there.
    expect(quietWindowEnd(night, new Date('2026-03-10T23:00:00Z'), 'America/New_York')).toBeUndefined();
  });

  it('handles a window inside one day', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(quietWindowEnd(lunch, new Date('2026-07-01T11:15:00Z'), 'Europe/London')?.toISOString()).toBe('2026-07-01T12:30:00.000Z');
  });
});

describe('Function: quietUntil', () => {
  const p = policy({ levels: [{ owners: ['maya'], timeoutMinutes: 15, quietHours: { start: '22:00', end: '07:00' } }, { owners: ['sam'], timeoutMinutes: 15 }] });
  const night = new Date('2026-03-10T23:30:00Z');

  it('holds a SEV3 page for a quiet level', () => {
    expect(quietUntil(p, FIRST_POSITION, 'SEV3', night, 'Europe/London')?.toISOString()).toBe('2026-03-11T07:00:00.000Z');
  });

  it.each(['SEV1', 'SEV2'] as const)('never holds a %s page', (severity) => {
    expect(quietUntil(p, FIRST_POSITION, severity, night, 'Europe/London')).toBeUndefined();
  });

  it('does not hold a level without quiet hours, and holds everyone while any level is quiet', () => {
    expect(quietUntil(p, { level: 2, round: 0, everyone: false }, 'SEV3', night, 'Europe/London')).toBeUndefined();
    expect(quietUntil(p, { level: 2, round: 0, everyone: true }, 'SEV3', night, 'Europe/London')).toBeDefined();
  });

  it("prefers the policy's own time zone", () => {
    expect(quietUntil({ ...p, timeZone: 'America/New_York' }, FIRST_POSITION, 'SEV3', night, 'Europe/London')).toBeUndefined();
  });
});

describe('Schema: escalation policy validation', () => {
  const withPolicy = (patch: Record<string, unknown>, level: Record<string, unknown> = {}) => ({
    ...BASE,
    escalationPolicies: [{ id: 'p', severities: ['SEV1', 'SEV2', 'SEV3'], levels: [{ owners: ['maya'], timeoutMinutes: 15, ...level }], ...patch }],
  });
  const issue = (data: unknown): string => {
    try {
      parseConfig(data);
    } catch (err) {
      return (err as Error).message;
    }
    return '';
  };

  it('defaults the reminder interval to an hour', () => {
    expect(parseConfig(withPolicy({})).escalationPolicies[0]!.remindMinutes).toBe(60);
  });

  it.each([
    ['an empty level', withPolicy({}, { owners: [] }), 'escalationPolicies.0.levels.0.owners'],
    ['a timeout beyond a day', withPolicy({}, { timeoutMinutes: 24 * 60 + 1 }), 'escalationPolicies.0.levels.0.timeoutMinutes'],
    ['an unknown owner', withPolicy({}, { owners: ['nobody'] }), 'unknown owner "nobody"'],
    ['a bad quiet-hours time', withPolicy({}, { quietHours: { start: '25:00', end: '07:00' } }), 'escalationPolicies.0.levels.0.quietHours.start'],
    ['an empty quiet window', withPolicy({}, { quietHours: { start: '07:00', end: '07:00' } }), 'start and end must differ'],
    ['a reminder interval under 5 minutes', withPolicy({ remindMinutes: 1 }), 'escalationPolicies.0.remindMinutes'],
    ['an unknown source', withPolicy({ sources: ['tiktok'] }), 'unknown source "tiktok"'],
    ['a bad time zone', withPolicy({ timeZone: 'Mars/Olympus' }), 'escalationPolicies.0.timeZone'],
  ])('refuses %s, naming the field', (_what, data, expected) => {
    expect(issue(data)).toContain(expected);
  });

  it('refuses quiet hours on a policy that covers no SEV3', () => {
    const data = {
      ...BASE,
      escalationPolicies: [
        ...BASE.escalationPolicies,
        { id: 'loud', severities: ['SEV1'], levels: [{ owners: ['maya'], timeoutMinutes: 5, quietHours: { start: '22:00', end: '07:00' } }] },
      ],
    };
    expect(issue(data)).toContain('quiet hours apply to SEV3 only');
  });

  it('refuses a recipient whose address is not valid', () => {
    expect(issue({ ...BASE, owners: [...BASE.owners, { id: 'bad', name: 'Bad', email: 'not-an-address' }] })).toContain('owners.3.email');
  });
});
