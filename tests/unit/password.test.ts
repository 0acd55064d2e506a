import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from '../../worker/auth/crypto';
import {
  DECOY_PASSWORD_HASH,
  hashPassword,
  PBKDF2_ITERATIONS,
  verifyPassword,
} from '../../worker/auth/password';

describe('password hashing', () => {
  it('verifies the right password and rejects others', async () => {
    const stored = await hashPassword('fieldwall-demo');
    expect(stored.startsWith(`pbkdf2-sha256$${PBKDF2_ITERATIONS}$`)).toBe(true);
    expect(await verifyPassword('fieldwall-demo', stored)).toBe(true);
    expect(await verifyPassword('fieldwall-demO', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash differently', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('keeps working with hashes made with another iteration count', async () => {
    const older = await hashPassword('pw', 1_000);
    expect(await verifyPassword('pw', older)).toBe(true);
  });

  it('treats malformed stored values as a mismatch, not an error', async () => {
    for (const stored of [
      '',
      'plain',
      'pbkdf2-sha256$x$y$z',
      'md5$1$a$b',
      'pbkdf2-sha256$0$AA$AA',
    ]) {
      expect(await verifyPassword('pw', stored)).toBe(false);
    }
  });

  it('has a decoy hash that is well formed and matches nothing', async () => {
    expect(await verifyPassword('fieldwall-demo', DECOY_PASSWORD_HASH)).toBe(false);
  });

  it('compares bytes without depending on where they differ', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
  });
});
