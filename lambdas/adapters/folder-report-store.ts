/** ReportStore for local runs: files under one folder. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReportStore } from '../core/ports.ts';

export class ReportKeyError extends Error {
  constructor(readonly key: string) {
    super(`report key ${JSON.stringify(key)} leaves the reports folder`);
    this.name = 'ReportKeyError';
  }
}

export interface FolderReportStoreProps {
  dir: string;
}

export class FolderReportStore implements ReportStore {
  readonly #dir: string;

  constructor(props: FolderReportStoreProps) {
    this.#dir = path.resolve(props.dir);
  }

  /** Writes dir/key (creating sub-folders) and returns the absolute file path. The content type is implied by the key's extension. */
  async put(key: string, body: string | Uint8Array, _contentType: string): Promise<string> {
    const file = path.resolve(this.#dir, key);
    const relative = path.relative(this.#dir, file);
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) throw new ReportKeyError(key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, body);
    return file;
  }
}
