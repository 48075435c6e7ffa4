import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseInUseError, lockDatabase } from '../../../lib/local/db-lock.ts';

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
