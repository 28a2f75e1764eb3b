import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { assert } from '../shared/assert';
import { sha256Pattern, type AttachmentStorage } from './attachment-storage';

/**
 * Attachments on the local disk, under `<directory>/<first two hex digits>/<sha256>`. A file is
 * written to a temporary name and renamed into place, so a reader never sees half a file; reads
 * check the content against its name.
 */
export class LocalDiskStorage implements AttachmentStorage {
  readonly driver = 'local' as const;

  constructor(private readonly directory: string) {}

  async put(object: { sha256: string; body: Buffer }): Promise<void> {
    const target = this.pathOf(object.sha256);
    assert(sha256Of(object.body) === object.sha256, 'LocalDiskStorage.put: content does not match its hash');
    if (await exists(target)) return;
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${crypto.randomBytes(6).toString('hex')}.partial`;
    try {
      await fs.writeFile(temporary, object.body, { flag: 'wx', mode: 0o640 });
      await fs.rename(temporary, target);
    } finally {
      await fs.rm(temporary, { force: true });
    }
  }

  async get(sha256: string): Promise<Buffer | null> {
    let body: Buffer;
    try {
      body = await fs.readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    if (sha256Of(body) !== sha256) throw new Error(`attachment ${sha256} is corrupt on disk`);
    return body;
  }

  async delete(sha256: string): Promise<void> {
    await fs.rm(this.pathOf(sha256), { force: true });
  }

  async close(): Promise<void> {}

  private pathOf(sha256: string): string {
    assert(sha256Pattern.test(sha256), 'storage keys are SHA-256 hex digests');
    return path.join(this.directory, sha256.slice(0, 2), sha256);
  }
}

function sha256Of(body: Buffer): string {
  return crypto.createHash('sha256').update(body).digest('hex');
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
