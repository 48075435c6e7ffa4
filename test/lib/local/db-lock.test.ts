import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseInUseError, lockDatabase } from '../../../lib/local/db-lock.ts';
import { startEmbeddedDynamo } from '../../../lib/local/embedded-dynamo.ts';

describe('Function: lockDatabase', () => {
  it('lets one process in, names the holder to the next, and frees the lock on release', async () => {
    const db = join(await mkdtemp(join(tmpdir(), 'lock-')), 'db');
    const release = await lockDatabase(db);
    await expect(lockDatabase(db)).rejects.toThrow(new DatabaseInUseError(db, process.pid).message);
    await release();
    const again = await lockDatabase(db);
    await again();
  });

  it('takes over a lock left behind by a process that is gone', async () => {
    const db = join(await mkdtemp(join(tmpdir(), 'lock-')), 'db');
    await writeFile(`${db}.lock`, '999999999');
    const release = await lockDatabase(db);
    await release();
  });
});

describe('Function: lockDatabase, under contention', () => {
  it('lets exactly one of many concurrent contenders in, even one that reads the lock before it is written', async () => {
    const db = join(await mkdtemp(join(tmpdir(), 'lock-')), 'db');
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => lockDatabase(db)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof DatabaseInUseError)).toBe(true);
    await (won[0] as PromiseFulfilledResult<() => Promise<void>>).value();
  });

  it('treats a lock file still being written (empty, just created) as held', async () => {
    const db = join(await mkdtemp(join(tmpdir(), 'lock-')), 'db');
    await writeFile(`${db}.lock`, '');
    await expect(lockDatabase(db)).rejects.toBeInstanceOf(DatabaseInUseError);
  });

  it('releases only its own lock, not one another process holds now', async () => {
    const db = join(await mkdtemp(join(tmpdir(), 'lock-')), 'db');
    const release = await lockDatabase(db);
    // Another process took the database over (say this one was thought dead).
    const theirs = JSON.stringify({ pid: 1, token: 'someone-else' });
    await writeFile(`${db}.lock`, theirs);
    await release();
    expect(await readFile(`${db}.lock`, 'utf8')).toBe(theirs);
  });
});

describe('Function: startEmbeddedDynamo on a folder another process has open', () => {
  it('fails with a clear error instead of an uncaught "Database is closed"', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'lock-')), 'db');
    const first = await startEmbeddedDynamo({ path: dir });
    try {
      await expect(startEmbeddedDynamo({ path: dir })).rejects.toThrow(/in use by another process/);
    } finally {
      await first.stop();
    }
  });
});
