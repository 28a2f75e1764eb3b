/**
 * Whether a process with this id exists (signal 0 checks without signalling). EPERM: it exists but
 * belongs to another user (the `postgres` user, say). A pid that is not one is not alive.
 */
export function processIsAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
