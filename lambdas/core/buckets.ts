/** Time buckets for counters: fixed-size, aligned to the epoch (so UTC-aligned for sizes dividing a day). */

export function bucketStart(at: Date | string, bucketMinutes: number): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  const size = bucketMinutes * 60_000;
  return new Date(Math.floor(ms / size) * size).toISOString();
}

export const addMinutes = (at: Date, minutes: number): Date => new Date(at.getTime() + minutes * 60_000);
