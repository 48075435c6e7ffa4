import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colors } from '../../bin/color.ts';
import { main } from '../../bin/cli.ts';
import type { CommandIo } from '../../bin/command.ts';

function io(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), color: colors(false) };
}

const gapped = {
  sender: 'desk@acme.test',
  timeZone: 'Europe/London',
  brands: [
    { id: 'acme', name: 'Acme', keywords: ['acme'] },
    { id: 'beta', name: 'Beta', keywords: ['beta'] },
  ],
  owners: [{ id: 'ann', name: 'Ann Lee', email: 'ann@acme.test' }],
  escalationPolicies: [
    { id: 'major', severities: ['SEV1', 'SEV2'], levels: [{ owners: ['ann'], timeoutMinutes: 15 }] },
    { id: 'minor', severities: ['SEV3'], brands: ['acme'], levels: [{ owners: ['ann'], timeoutMinutes: 60, quietHours: { start: '22:00', end: '07:00' } }] },
  ],
  report: { recipients: ['boss@acme.test'] },
};

describe('Command: roles', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crisis-desk-roles-'));
    await writeFile(join(dir, 'gapped.yaml'), stringify(gapped));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints the demo config as brand, severity, theme → policy → levels → people, and exits 0', async () => {
    const out = io();
    expect(await main(['roles', '--config', 'config/demo.yaml'], out)).toBe(0);
    const text = out.stdout.join('\n');
    expect(text).toContain('SEV1, SEV2 · any theme → major');
    expect(text).toMatch(/level 1 {2}Maya Ortiz \(community\) +15 min/);
    expect(text).toMatch(/level 3 {2}Lee Chen \(head of comms\) +30 min/);
    expect(text).toContain('Sam Okafor (support lead) <sam@nimbus.example>: major level 2, minor level 2');
  });

  it('exits 1 when an incident would match no policy, and names every gap', async () => {
    const out = io();
    expect(await main(['roles', '--config', join(dir, 'gapped.yaml')], out)).toBe(1);
    const text = out.stdout.join('\n');
    expect(text).toMatch(/error {2}A SEV3 incident of Beta matches no escalation policy/);
    expect(text).toMatch(/warning {2}A SEV3 incident of Acme reaches nobody from 22:00 to 07:00/);
    expect(text).toMatch(/warning {2}Ann Lee is the only person in major/);
    expect(text).toContain('quiet 22:00–07:00');
  });

  it('prints the same map as JSON', async () => {
    const out = io();
    expect(await main(['roles', '--config', join(dir, 'gapped.yaml'), '--json'], out)).toBe(1);
    const json = JSON.parse(out.stdout.join('\n')) as { file: string; rows: { policy: string; severities: string[] }[]; gaps: { kind: string }[] };
    expect(json.file).toBe(join(dir, 'gapped.yaml'));
    expect(json.rows.map((r) => [r.policy, r.severities])).toEqual([
      ['major', ['SEV1', 'SEV2']],
      ['minor', ['SEV3']],
      ['major', ['SEV1', 'SEV2']],
    ]);
    expect(json.gaps.map((g) => g.kind)).toContain('no-policy');
  });

  it('is a usage error without --config', async () => {
    const out = io();
    expect(await main(['roles'], out)).toBe(2);
    expect(out.stderr.join('\n')).toMatch(/--config/);
  });
});
