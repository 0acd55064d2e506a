/**
 * The chat platforms' callback cryptography, from their documentation, pinned by their
 * published vectors (tests/unit/chat-crypto.test.ts).
 */
import { constantTimeEqualText } from '../auth/crypto';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const toHex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

async function digestHex(algorithm: 'SHA-1' | 'SHA-256', text: string): Promise<string> {
  return toHex(await crypto.subtle.digest(algorithm, encoder.encode(text)));
}

async function hmacBase64(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return toBase64(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message))));
}

export const verifyHex = (offered: string | undefined, expected: string) =>
  offered !== undefined && constantTimeEqualText(offered.toLowerCase(), expected);
export const verifyText = (offered: string | undefined, expected: string) =>
  offered !== undefined && constantTimeEqualText(offered, expected);

// ---------------------------------------------------------------- Feishu / Lark

/** Encrypt Key decryption: key = SHA-256(encrypt key), IV = the first 16 bytes of the data. */
export async function feishuDecrypt(encryptKey: string, encrypted: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    await crypto.subtle.digest('SHA-256', encoder.encode(encryptKey)),
    'AES-CBC',
    false,
    ['decrypt'],
  );
  const raw = fromBase64(encrypted);
  if (raw.length < 32 || raw.length % 16 !== 0)
    throw new Error('encrypted data has the wrong length');
  return decoder.decode(
    await crypto.subtle.decrypt({ name: 'AES-CBC', iv: raw.slice(0, 16) }, key, raw.slice(16)),
  );
}

/** `X-Lark-Signature`: hex SHA-256 of timestamp + nonce + encrypt key + raw body. */
export function feishuSignature(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  body: string,
): Promise<string> {
  return digestHex('SHA-256', timestamp + nonce + encryptKey + body);
}

// ---------------------------------------------------------------- DingTalk

/** Robot callbacks and custom robots: base64 HMAC-SHA256, keyed by the app secret, of "timestamp\nsecret". */
export function dingtalkSign(secret: string, timestampMs: string): Promise<string> {
  return hmacBase64(secret, `${timestampMs}\n${secret}`);
}

// ---------------------------------------------------------------- Feishu custom bots (outbound)

/** Feishu custom bot signing: base64 HMAC-SHA256 keyed by "timestamp\nsecret" over an empty message. */
export async function feishuBotSign(secret: string, timestampSeconds: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(`${timestampSeconds}\n${secret}`),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return toBase64(new Uint8Array(await crypto.subtle.sign('HMAC', key, new Uint8Array(0))));
}

// ---------------------------------------------------------------- WeCom

/** `msg_signature`: hex SHA-1 of token, timestamp, nonce and the encrypted text, sorted and joined. */
export function wecomSignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypted: string,
): Promise<string> {
  return digestHex('SHA-1', [token, timestamp, nonce, encrypted].sort().join(''));
}

/**
 * Decrypts without padding checks. WebCrypto's AES-CBC insists on 16-byte PKCS#7 padding, but
 * WeCom pads to 32 bytes; appending one block crafted to decrypt to a full padding block
 * (E = AES(0x10…10 XOR last ciphertext block), made by encrypting 0x10…10 with the last block as
 * IV) lets WebCrypto strip only that, leaving the raw plaintext.
 */
async function aesCbcDecryptRaw(
  keyBytes: Uint8Array<ArrayBuffer>,
  iv: Uint8Array<ArrayBuffer>,
  ciphertext: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', keyBytes, 'AES-CBC', false, [
    'encrypt',
    'decrypt',
  ]);
  const last = ciphertext.slice(ciphertext.length - 16);
  const crafted = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-CBC', iv: last }, key, new Uint8Array(16).fill(16)),
  ).slice(0, 16);
  const extended = new Uint8Array(ciphertext.length + 16);
  extended.set(ciphertext);
  extended.set(crafted, ciphertext.length);
  return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv }, key, extended));
}

/**
 * WeCom message decryption: key = base64(EncodingAESKey + "="), IV = its first 16 bytes;
 * plaintext = 16 random bytes, 4-byte big-endian length, message, receive id, PKCS#7 to 32 bytes.
 */
export async function wecomDecrypt(
  encodingAesKey: string,
  encrypted: string,
): Promise<{ message: string; receiveId: string }> {
  const keyBytes = fromBase64(`${encodingAesKey}=`);
  if (keyBytes.length !== 32) throw new Error('EncodingAESKey must be 43 characters');
  const ciphertext = fromBase64(encrypted);
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0)
    throw new Error('encrypted data has the wrong length');
  const padded = await aesCbcDecryptRaw(keyBytes, keyBytes.slice(0, 16), ciphertext);
  const padding = padded[padded.length - 1]!;
  if (padding < 1 || padding > 32 || padding > padded.length) throw new Error('bad padding');
  const plain = padded.slice(0, padded.length - padding);
  const length = new DataView(plain.buffer, plain.byteOffset + 16, 4).getUint32(0);
  if (20 + length > plain.length) throw new Error('bad message length');
  return {
    message: decoder.decode(plain.slice(20, 20 + length)),
    receiveId: decoder.decode(plain.slice(20 + length)),
  };
}
