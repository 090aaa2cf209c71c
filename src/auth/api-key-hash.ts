import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The key of an `Authorization: Bearer <key>` header, or null. */
export function bearerKey(header: unknown): string | null {
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  return match ? match[1] : null;
}

/** 32 random bytes (256 bits), base64url, with a recognisable prefix. */
export function generateApiKey(): string {
  return `fzs_${randomBytes(32).toString('base64url')}`;
}

/** Keys are high-entropy, so a plain SHA-256 is enough; a slow KDF would only slow every request. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(hashApiKey(a), 'hex');
  const right = Buffer.from(hashApiKey(b), 'hex');
  return timingSafeEqual(left, right);
}
