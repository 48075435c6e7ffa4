import { describe, expect, it } from 'vitest';
import { parseConfig, type Config, type ConfigInput } from '../../lambdas/core/config.ts';
import { selectPolicy } from '../../lambdas/core/escalation.ts';
import { SEVERITIES } from '../../lambdas/core/incident.ts';
import { responsibilityMap, rowHeading } from '../../lambdas/core/responsibility-map.ts';

const base: ConfigInput = {
  sender: 'desk@acme.test',
  timeZone: 'Europe/London',
  brands: [
    { id: 'acme', name: 'Acme', keywords: ['acme'] },
    { id: 'beta', name: 'Beta', keywords: ['beta'] },
  ],
  sources: [
    { id: 'acme-x', kind: 'x', brand: 'acme', query: 'acme' },
    { id: 'acme-blog', kind: 'rss', brand: 'acme', url: 'https://acme.test/feed' },
  ],
  owners: [
    { id: 'ann', name: 'Ann Lee', email: 'ann@acme.test' },
    { id: 'bo', name: 'Bo Chen', email: 'bo@acme.test' },
    { id: 'cy', name: 'Cy Diaz', email: 'cy@acme.test' },
    { id: 'dee', name: 'Dee Ray', email: 'dee@acme.test' },
  ],
  escalationPolicies: [
    { id: 'major', severities: ['SEV1', 'SEV2'], levels: [{ owners: ['ann'], timeoutMinutes: 15 }, { owners: ['bo'], timeoutMinutes: 30 }], repeat: 1 },
    { id: 'safety', severities: ['SEV1', 'SEV2'], themes: ['safety'], levels: [{ owners: ['cy'], timeoutMinutes: 10 }, { owners: ['cy', 'bo'], timeoutMinutes: 10 }] },
    { id: 'blog', severities: ['SEV2'], sources: ['acme-blog'], levels: [{ owners: ['bo'], timeoutMinutes: 60 }] },
    { id: 'minor', severities: ['SEV3'], brands: ['acme'], levels: [{ owners: ['ann'], timeoutMinutes: 60, quietHours: { start: '22:00', end: '07:00' } }, { owners: ['bo'], timeoutMinutes: 120 }] },
  ],
  report: { recipients: ['boss@acme.test'] },
};
const config = (patch: Partial<ConfigInput> = {}): Config => parseConfig({ ...base, ...patch });

describe('Function: responsibilityMap', () => {
  const map = responsibilityMap(config());

  it('gives each brand, severity and theme the policy the flow would choose', () => {
    // Every row agrees with selectPolicy, the function the escalation flow uses.
    for (const row of map.rows) {
      for (const severity of row.severities) {
        const theme = Array.isArray(row.themes) ? row.themes[0]! : 'billing';
        const ids = row.sources ? row.sources.map((s) => `${s}#1`) : [];
        expect(selectPolicy(config(), { brand: row.brand, severity, theme, triggerMentionIds: ids }).id, rowHeading(row)).toBe(row.policy);
      }
    }
    const acme = map.rows.filter((r) => r.brand === 'acme').map((r) => rowHeading(r));
    expect(acme).toEqual(['SEV1, SEV2 · Safety → safety', 'SEV1, SEV2 · any other theme → major', 'SEV2 · any other theme · from acme-blog → blog', 'SEV3 · any other theme → minor']);
    expect(map.rows.find((r) => r.policy === 'major')!.levels).toEqual([
      { level: 1, people: ['Ann Lee'], timeoutMinutes: 15 },
      { level: 2, people: ['Bo Chen'], timeoutMinutes: 30 },
    ]);
    expect(map.rows.find((r) => r.policy === 'minor')!.levels[0]).toEqual({ level: 1, people: ['Ann Lee'], timeoutMinutes: 60, quietHours: { start: '22:00', end: '07:00' } });
  });

  it('names an incident no policy takes as an error: Beta has no SEV3 policy', () => {
    const errors = map.gaps.filter((g) => g.severity === 'error');
    expect(errors).toEqual([{ kind: 'no-policy', severity: 'error', text: expect.stringMatching(/^A SEV3 incident of Beta matches no escalation policy/) }]);
    expect(map.rows.some((r) => r.brand === 'beta' && r.severities.includes('SEV3'))).toBe(false);
  });

  it('finds the hours when a SEV3 reaches nobody, a person who is every level, an owner on no level, and unnamed brands', () => {
    const text = map.gaps.map((g) => `${g.kind}: ${g.text}`);
    expect(text).toContainEqual(expect.stringMatching(/^quiet-sev3: A SEV3 incident of Acme about any other theme reaches nobody from 22:00 to 07:00 \(Europe\/London\): level 1 of minor \(Ann Lee\)/));
    expect(text).toContainEqual(expect.stringMatching(/^one-person: Cy Diaz is every level of safety/));
    expect(text).toContainEqual(expect.stringMatching(/^one-person: Bo Chen is the only person in blog/));
    expect(text).toContainEqual('no-level: Dee Ray is on no level of any policy: never paged.');
    expect(text).toContainEqual(expect.stringMatching(/^unnamed-brand: No policy names Beta: it follows/));
    expect(text).toContainEqual(expect.stringMatching(/^unnamed-theme: No policy names Billing, Outage, .*: they follow the policies for any theme\.$/));
    expect(map.people.find((p) => p.name === 'Bo Chen')!.roles).toEqual(['major level 2', 'safety level 2', 'blog level 1', 'minor level 2']);
  });

  it('finds no error and no person gap in a well-staffed config', () => {
    const good = responsibilityMap(
      config({
        brands: [{ id: 'acme', name: 'Acme', keywords: ['acme'] }],
        owners: [
          { id: 'ann', name: 'Ann Lee', email: 'ann@acme.test' },
          { id: 'bo', name: 'Bo Chen', email: 'bo@acme.test' },
        ],
        escalationPolicies: [
          { id: 'all', severities: [...SEVERITIES], levels: [{ owners: ['ann'], timeoutMinutes: 15 }, { owners: ['bo'], timeoutMinutes: 15 }] },
        ],
      }),
    );
    expect(good.rows.map((r) => rowHeading(r))).toEqual(['SEV1, SEV2, SEV3 · any theme → all']);
    expect(good.gaps.map((g) => g.kind)).toEqual(['unnamed-theme']);
  });
});
