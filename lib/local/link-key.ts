/**
 * The key local runs sign action links with: random per install, made on first use in the working
 * folder (`<dir>/link-key`, readable by its owner only), so a link signed on one machine is worth
 * nothing on another. CRISIS_DESK_LINK_SECRET overrides it (several machines sharing one outbox).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LINK_KEY_FILE = 'link-key';

export async function localLinkSecret(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.CRISIS_DESK_LINK_SECRET) return env.CRISIS_DESK_LINK_SECRET;
  const file = join(dir, LINK_KEY_FILE);
  await mkdir(dir, { recursive: true });
  try {
    // Exclusive create: two commands starting at once end up with the same key, the first one's.
    await writeFile(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  for (let attempt = 0; ; attempt++) {
    const key = (await readFile(file, 'utf8')).trim();
    // The creator may not have written it yet: a moment later it has.
    if (key.length >= 16 || attempt >= 20) {
      if (key.length < 16) throw new Error(`${file} holds no usable link key: delete it and run again`);
      return key;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
