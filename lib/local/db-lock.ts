/**
 * One process at a time on a persisted local database: LevelDB allows a single writer, and
 * dynalite fails on a locked folder with an uncaught "Database is closed". This says what is wrong.
 *
 * The lock is `<path>.lock`, holding `{ pid, token }`. It is taken atomically: the content is
 * written to a file of its own first, then hard-linked to the lock's name, so nobody ever sees a
 * lock without its holder. A lock whose process is gone is moved aside, checked to be that very
 * lock, and removed; a release removes the lock only while it still carries its own token.
 */
import { randomUUID } from 'node:crypto';
import { link, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';

export class DatabaseInUseError extends Error {
  constructor(readonly path: string, readonly pid: number) {
    super(`the local database ${path} is in use by another crisis-desk command (pid ${Number.isNaN(pid) ? 'unknown' : pid}); stop it first`);
    this.name = 'DatabaseInUseError';
  }
}

interface Holder {
  pid: number;
  /** Absent in a lock written by an older version (the pid alone). */
  token?: string;
}

/** A lock file this young with no readable holder is being written by a contender of an older version. */
const UNREADABLE_GRACE_MS = 10_000;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const code = (err: unknown): string | undefined => (err as NodeJS.ErrnoException).code;

async function readHolder(file: string): Promise<Holder | undefined> {
  const text = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (/^\d+$/.test(text)) return { pid: Number(text) };
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    return typeof h.pid === 'number' && Number.isInteger(h.pid) && h.pid > 0 ? { pid: h.pid, ...(typeof h.token === 'string' && { token: h.token }) } : undefined;
  } catch {
    return undefined;
  }
}

/** Takes `<path>.lock` for this process; a lock left by a dead process is taken over. Returns the release. */
export async function lockDatabase(path: string): Promise<() => Promise<void>> {
  const lock = `${path}.lock`;
  const token = randomUUID();
  const mine = `${lock}.${token}`;
  await writeFile(mine, JSON.stringify({ pid: process.pid, token }), { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(mine, lock);
        return () => release(lock, token);
      } catch (err) {
        if (code(err) !== 'EEXIST') throw err;
      }
      const holder = await readHolder(lock);
      if (!holder) {
        const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
        if (age < UNREADABLE_GRACE_MS) throw new DatabaseInUseError(path, Number.NaN);
      } else if (alive(holder.pid)) {
        throw new DatabaseInUseError(path, holder.pid);
      }
      await removeStale(path, lock, holder, token);
    }
    throw new DatabaseInUseError(path, Number.NaN);
  } finally {
    await rm(mine, { force: true });
  }
}

/** Moves the stale lock aside and removes it, unless what was moved is not the lock that was judged stale. */
async function removeStale(path: string, lock: string, stale: Holder | undefined, token: string): Promise<void> {
  const aside = `${lock}.stale-${token}`;
  try {
    await rename(lock, aside);
  } catch (err) {
    if (code(err) === 'ENOENT') return;
    throw err;
  }
  const moved = await readHolder(aside);
  const same = stale === undefined ? moved === undefined : moved?.pid === stale.pid && moved?.token === stale.token;
  if (!same && moved) {
    // A contender took the lock between the read and the move: give it back.
    await link(aside, lock).catch(() => undefined);
    await rm(aside, { force: true });
    throw new DatabaseInUseError(path, moved.pid);
  }
  await rm(aside, { force: true });
}

async function release(lock: string, token: string): Promise<void> {
  const holder = await readHolder(lock);
  if (holder?.token === token) await rm(lock, { force: true });
}
