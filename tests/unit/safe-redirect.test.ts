import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from '../../worker/platform/http/request';

describe('safe redirect after sign-in and the language switch', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    expect(safeRedirectPath('/customers?q=a#list')).toBe('/customers?q=a#list');
    expect(safeRedirectPath('/manager/wall')).toBe('/manager/wall');
    expect(safeRedirectPath('/a/../rep')).toBe('/rep');
  });

  it.each([
    ['protocol-relative', '//evil.example/x'],
    ['backslash host', '/\\evil.example'],
    ['tab the browser strips', '/\t/evil.example'],
    ['newline', '/\n/evil.example'],
    ['carriage return and line feed', '/x\r\nSet-Cookie: a=b'],
    ['encoded CR LF', '/x%0d%0aSet-Cookie:%20a=b'],
    ['NUL', '/x\u0000y'],
    ['encoded backslash', '/%5cevil.example'],
    ['absolute URL', 'https://evil.example/'],
    ['javascript:', 'javascript:alert(1)'],
    ['relative path', 'rep'],
    ['empty', ''],
  ])('refuses %s', (_name, next) => {
    expect(safeRedirectPath(next)).toBeNull();
  });

  it('refuses a missing value', () => {
    expect(safeRedirectPath(undefined)).toBeNull();
    expect(safeRedirectPath(null)).toBeNull();
  });
});
