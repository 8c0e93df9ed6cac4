/**
 * A fresh random id in the RFC 9562 version 4 form (122 random bits). Built on `getRandomValues`, which
 * every page has: `crypto.randomUUID` exists only in secure contexts, so a page served over plain http from
 * a host other than localhost would throw.
 */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
