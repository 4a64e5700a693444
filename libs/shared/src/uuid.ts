import { createHash } from 'node:crypto';

/** Namespace for every id this service derives (a fixed, random UUID). */
const NAMESPACE = Buffer.from('7d3f0c1e9a8b4d2f8e6a5b4c3d2e1f00', 'hex');

/**
 * RFC 4122 version-5 UUID: the same name always gives the same id. Event ids are derived from the
 * command id this way, so a retried command produces the same events.
 */
export function uuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
