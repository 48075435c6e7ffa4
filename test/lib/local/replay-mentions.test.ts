import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayCommand } from '../../../bin/commands/replay.ts';

const CONFIG = `
sender: desk@example.com
timeZone: Europe/London
analyzer: lexicon
brands:
  - { id: acme, name: Acme Air, handles: ["@acmeair"], keywords: ["acme air"], industry: airline }
  - { id: globex, name: Globex, handles: ["@globex"], keywords: [globex] }
owners: [{ id: o, name: O, email: o@example.com }]
escalationPolicies: [{ id: all, severities: [SEV1, SEV2, SEV3], levels: [{ owners: [o], timeoutMinutes: 15 }] }]
report: { recipients: [lead@example.com] }
`;

const ROWS = [
  ['1', '2026-11-20T10:00:00Z', '.@Globex your app lost my booking, Acme Air never does this'],
  ['2', '2026-11-20T10:05:00Z', '@acmeair الخدمة مقرفة في كل الفروع وما أحد يرد'],
  ['3', '2026-11-20T10:10:00Z', "@acmeair this price is murder, can't wait to fly anyway"],
  ['4', '2026-11-20T10:15:00Z', '@acmeair I got food poisoning from the meal on flight AA12, spent the night in hospital'],
  ['5', '2026-11-20T10:20:00Z', 'lovely weather in Lisbon'],
];

describe('Command: replay --mentions', () => {
  it('writes every analysed Mention with its brands, language, sentiment, signals, risk verdicts and theme', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'replay-mentions-'));
    await writeFile(join(dir, 'config.yaml'), CONFIG);
    const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
    await writeFile(join(dir, 'export.csv'), ['id,created_at,text', ...ROWS.map((r) => [r[0], r[1], quote(r[2]!)].join(','))].join('\n'));
    const lines: string[] = [];
    const out = join(dir, 'mentions.jsonl');
    const code = await replayCommand([join(dir, 'export.csv'), '--config', join(dir, 'config.yaml'), '--mentions', out], (l) => lines.push(l));
    expect(code).toBe(0);
    expect(lines.join('\n')).toMatch(/read as valid UTF-8/);
    expect(lines.join('\n')).toMatch(/4 analysed mentions written to/);
    const records = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const byId = new Map(records.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual(['1', '2', '3', '4']);

    // Both brands, the addressee first, whatever the config order.
    expect(byId.get('1')).toMatchObject({ brands: ['globex', 'acme'], language: 'en', negative: true, complaint: true });
    expect(byId.get('2')).toMatchObject({ brands: ['acme'], language: 'ar', unsupported: 'language not supported locally', negative: false, sentiment: 'NEUTRAL' });
    expect(byId.get('3')).toMatchObject({ risks: [{ risk: 'safety:murder', accepted: false, rule: 'figure-of-speech' }] });
    expect(byId.get('4')).toMatchObject({
      brands: ['acme'], negative: true, theme: 'safety', themeLabel: 'Safety',
      risks: expect.arrayContaining([{ risk: 'safety:food poisoning', accepted: true, rule: 'first-person' }]),
    });
    expect(byId.get('4')!.signals).toEqual(expect.any(Array));
  }, 120_000);
});
