/**
 * One process at a time on a persisted local database: LevelDB allows a single writer, and
 * dynalite fails on a locked folder with an uncaught "Database is closed". This says what is wrong.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';

export class DatabaseInUseError extends Error {
  constructor(readonly path: string, readonly pid: number) {
    super(`the local database ${path} is in use by another crisis-desk command (pid ${pid}); stop it first`);
    this.name = 'DatabaseInUseError';
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Takes `<path>.lock` for this process; a lock left by a dead process is taken over. Returns the release. */
export async function lockDatabase(path: string): Promise<() => Promise<void>> {
  const lock = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lock, String(process.pid), { flag: 'wx' });
      return () => rm(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw new DatabaseInUseError(path, pid);
      await rm(lock, { force: true });
    }
  }
  throw new DatabaseInUseError(path, Number.NaN);
}
