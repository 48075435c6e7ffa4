import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceSchema } from '../../lambdas/core/config.ts';
import { ImportError, readImportFile } from '../../lambdas/sources/import.ts';
import { createSource } from '../../lambdas/sources/index.ts';
import { testDeps } from './replay-server.ts';

const DATA_DIR = resolve(import.meta.dirname, '../../..', 'shared/fixtures/data');
const TWCS = join(DATA_DIR, 'twcs_sample.csv');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crisis-desk-import-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, content: string): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, content);
  return p;
}

const jsonl = (...rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe.skipIf(!existsSync(TWCS))('Function: readImportFile, a real customer-support export', () => {
  if (!existsSync(TWCS)) it.skip(`skipped: ${DATA_DIR} is absent`, () => {});

  it('maps the columns, negates "inbound" into isBrand and keeps reply links', async () => {
    const mentions = await readImportFile(TWCS, {
      id: 'tweet_id',
      author: 'author_id',
      isBrand: '!inbound',
      inReplyTo: 'in_response_to_tweet_id',
    }, { sourceId: 'twcs' });
    expect(mentions).toHaveLength(93);
    expect(mentions[0]).toEqual({
      sourceId: 'twcs',
      sourceKind: 'import',
      nativeId: '119237',
      url: '',
      author: { handle: '105834', displayName: '105834', reach: 0, isBrand: false },
      text: '@AppleSupport causing the reply to be disregarded and the tapped notification under the keyboard is opened😡😡😡',
      createdAt: '2017-10-11T06:55:44.000Z',
      engagement: { likes: 0, replies: 0, reposts: 0 },
    });
    expect(mentions[1]).toMatchObject({
      nativeId: '119238',
      author: { handle: 'ChaseSupport', isBrand: true },
      inReplyTo: '119239',
      createdAt: '2017-10-11T13:25:49.000Z',
    });
    expect(mentions.filter((m) => m.author.isBrand)).toHaveLength(44);
  });
});

describe('Function: readImportFile', () => {
  it('reads JSONL shaped like a Mention with no mapping at all', async () => {
    const p = await file('native.jsonl', jsonl({
      id: 'm1',
      text: 'Acme Air lost my bag &amp; my patience',
      createdAt: '2026-11-20T10:00:00Z',
      url: 'https://social.example/m1',
      language: 'en',
      author: { handle: '@dana', displayName: 'Dana', reach: 1200, isBrand: false },
      engagement: { likes: 3, replies: 1, reposts: 2 },
      inReplyTo: 'm0',
    }));
    expect(await readImportFile(p)).toEqual([{
      sourceId: 'import',
      sourceKind: 'import',
      nativeId: 'm1',
      url: 'https://social.example/m1',
      author: { handle: 'dana', displayName: 'Dana', reach: 1200, isBrand: false },
      text: 'Acme Air lost my bag & my patience',
      language: 'en',
      createdAt: '2026-11-20T10:00:00.000Z',
      engagement: { likes: 3, replies: 1, reposts: 2 },
      inReplyTo: 'm0',
    }]);
  });

  it('reads a Windows-1252 (Latin-1) export and says which encoding it used', async () => {
    const p = join(dir, 'latin1.csv');
    // "id,text,created_at\n1,Caf\xe9 \x93cold\x94 food,2026-11-20T10:00:00Z\n"
    await writeFile(p, Buffer.concat([Buffer.from('id,text,created_at\n1,Caf'), Buffer.from([0xe9, 0x20, 0x93]), Buffer.from('cold'), Buffer.from([0x94]), Buffer.from(' food,2026-11-20T10:00:00Z\n')]));
    const said: string[] = [];
    const rows = await readImportFile(p, {}, { onDecoded: (d) => said.push(`${d.encoding}: ${d.description}`) });
    expect(rows[0]!.text).toBe('Café “cold” food');
    expect(said).toEqual(['windows-1252: not valid UTF-8: read as windows-1252 (Latin-1)']);
  });

  it('takes epoch seconds and milliseconds, numbers with separators, and a stable id when none is given', async () => {
    const p = await file('epoch.csv', 'body,when,who,followers\n"hello, acme",1700000000,sam,"12,500"\nbye,1700000000123,kim,\n');
    const rows = await readImportFile(p, { text: 'body', createdAt: 'when', author: 'who' });
    expect(rows.map((r) => [r.createdAt, r.author.reach])).toEqual([
      ['2023-11-14T22:13:20.000Z', 12500],
      ['2023-11-14T22:13:20.123Z', 0],
    ]);
    expect(rows[0]!.nativeId).toMatch(/^[0-9a-f]{24}$/);
    expect((await readImportFile(p, { text: 'body', createdAt: 'when', author: 'who' }))[0]!.nativeId).toBe(rows[0]!.nativeId);
  });

  it.each([
    ['bad-date.csv', 'id,text,created_at\n1,ok,2026-11-20T10:00:00Z\n2,hmm,yesterday\n', {}, /line 3, column "created_at": createdAt is not a date: "yesterday"/],
    ['bad-reach.csv', 'id,text,created_at,reach\n1,ok,2026-11-20T10:00:00Z,lots\n', {}, /line 2, column "reach": reach must be a non-negative number, got "lots"/],
    ['empty-text.csv', 'id,text,created_at\n1,,2026-11-20T10:00:00Z\n', {}, /line 2, column "text": text is empty/],
    ['no-date-column.csv', 'id,text\n1,hello\n', {}, /no column for createdAt/],
    ['bad-quote.csv', 'id,text,created_at\n1,"unclosed,2026-11-20T10:00:00Z\n', {}, /not valid CSV/],
    ['bad-bool.csv', 'id,text,created_at,inbound\n1,x,2026-11-20T10:00:00Z,maybe\n', { isBrand: '!inbound' }, /line 2, column "inbound": isBrand must be true or false/],
    ['bad.jsonl', '{"id":"1","text":"a","createdAt":"2026-11-20T10:00:00Z"}\n{"id":"2","text":"b",\n', {}, /line 2: not valid JSON/],
    ['array.jsonl', '[1,2]\n', {}, /line 1: each line must be a JSON object/],
    ['unknown-field.jsonl', '{}\n', { followers: 'x' }, /unknown field "followers" in the column mapping/],
  ])('names the line and column of a bad value (%s)', async (name, content, mapping, message) => {
    const p = await file(name, content);
    const err = await readImportFile(p, mapping).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain(`file://${p}`);
  });

  it('fails clearly on a missing file', async () => {
    await expect(readImportFile(join(dir, 'nope.jsonl'))).rejects.toThrow(/file: cannot read/);
  });
});

describe('Source: import', () => {
  const rows = jsonl(
    { id: 'a', text: 'first', createdAt: '2026-11-23T08:00:00Z', author: 'dana' },
    { id: 'b', text: 'second', createdAt: '2026-11-23T11:00:00Z', author: 'AcmeAir' },
    { id: 'c', text: 'later', createdAt: '2026-11-23T15:00:00Z', author: 'kim' },
  );

  function importSource(path: string, now: string, maxPages = 5) {
    const { deps } = testDeps({ now });
    const config = SourceSchema.parse({ id: 'social', kind: 'import', brand: 'acme', path, maxPages });
    return createSource(config, { ...deps, brand: { handles: ['@acmeair'] } });
  }

  it('releases rows as the clock reaches them and advances the cursor to the clock', async () => {
    const p = await file('timed.jsonl', rows);
    const first = await importSource(p, '2026-11-23T12:00:00Z').fetch(undefined);
    expect(first.mentions.map((m) => m.nativeId)).toEqual(['a', 'b']);
    expect(first.mentions[1]!.author.isBrand).toBe(true);
    expect(first.cursor).toEqual({ 'import.through': '2026-11-23T12:00:00.000Z' });

    const again = await importSource(p, '2026-11-23T12:00:00Z').fetch(first.cursor);
    expect(again.mentions).toEqual([]);

    const later = await importSource(p, '2026-11-23T16:00:00Z').fetch(first.cursor);
    expect(later.mentions.map((m) => m.nativeId)).toEqual(['c']);
    expect(later.cursor).toEqual({ 'import.through': '2026-11-23T16:00:00.000Z' });
  });

  it('stops at its bound without splitting rows of the same time, and says there is more', async () => {
    const many = Array.from({ length: 1200 }, (_, i) => ({ id: `r${i}`, text: `row ${i}`, createdAt: new Date(Date.parse('2026-11-01T00:00:00Z') + Math.floor(i / 2) * 60_000).toISOString() }));
    const p = await file('many.jsonl', jsonl(...many));
    const first = await importSource(p, '2026-11-23T12:00:00Z', 1).fetch(undefined);
    expect(first.mentions).toHaveLength(500);
    expect(first.more).toBe(true);
    expect(first.cursor['import.through']).toBe(first.mentions[499]!.createdAt);
    const rest = await importSource(p, '2026-11-23T12:00:00Z', 5).fetch(first.cursor);
    expect(rest.mentions).toHaveLength(700);
    expect(rest.more).toBeUndefined();
  });

  it('fails the run on a bad file and returns nothing', async () => {
    const p = await file('broken.jsonl', '{"id":"a","text":"x","createdAt":"2026-11-23T08:00:00Z"}\n{oops\n');
    await expect(importSource(p, '2026-11-23T12:00:00Z').fetch(undefined)).rejects.toThrow(/source social: line 2: not valid JSON/);
  });
});
