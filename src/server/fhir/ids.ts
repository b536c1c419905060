// Ids of the FHIR resources an export derives from one Kizuki record (a Kizuki observation
// becomes several FHIR Observations). Name-based UUIDs (RFC 9562 version 5): the same record
// exports under the same ids every time, so a receiving system can update instead of duplicate.
import { createHash } from 'node:crypto';

/** A fixed namespace for Kizuki's derived ids (itself a v5 UUID of "kizuki.jp/fhir"). */
const NAMESPACE = Buffer.from('5b1e4d6ac39a5f0e8b1d2a7c4e9f0b13', 'hex');

export function derivedId(recordId: string, part: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`${recordId}/${part}`, 'utf8').digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50; // version 5
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80; // RFC variant
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const urn = (id: string): string => `urn:uuid:${id}`;
