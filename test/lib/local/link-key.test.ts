import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localLinkSecret } from '../../../lib/local/link-key.ts';

describe('Function: localLinkSecret', () => {
  it('makes a random key per install on first use, keeps it, and lets only its owner read it', async () => {
    const a = await mkdtemp(join(tmpdir(), 'key-'));
    const b = await mkdtemp(join(tmpdir(), 'key-'));
    const [first, again] = await Promise.all([localLinkSecret(a, {}), localLinkSecret(a, {})]);
    expect(first).toBe(again);
    expect(await localLinkSecret(a, {})).toBe(first);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(await localLinkSecret(b, {})).not.toBe(first);
    expect(first).not.toBe('crisis-desk-local-development-link-key');
    expect((await stat(join(a, 'link-key'))).mode & 0o077).toBe(0);
  });

  it('takes CRISIS_DESK_LINK_SECRET when it is set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'key-'));
    expect(await localLinkSecret(dir, { CRISIS_DESK_LINK_SECRET: 'shared-key-0123456789abcdef' })).toBe('shared-key-0123456789abcdef');
  });
});
