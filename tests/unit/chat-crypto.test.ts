import { describe, expect, it } from 'vitest';
import {
  dingtalkSign,
  feishuDecrypt,
  feishuSignature,
  wecomDecrypt,
  wecomSignature,
} from '../../worker/webhooks/chat-crypto';

describe('Feishu / Lark', () => {
  it('decrypts the documented Encrypt Key example', async () => {
    expect(await feishuDecrypt('test key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe(
      'hello world',
    );
  });

  it('fails to decrypt with another key', async () => {
    await expect(
      feishuDecrypt('other key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk='),
    ).rejects.toThrow();
  });

  it('signs as sha256(timestamp + nonce + encrypt key + body)', async () => {
    const expected = [
      ...new Uint8Array(
        await crypto.subtle.digest(
          'SHA-256',
          new TextEncoder().encode('1700000000nonce1test key{"a":1}'),
        ),
      ),
    ]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
    expect(await feishuSignature('1700000000', 'nonce1', 'test key', '{"a":1}')).toBe(expected);
  });
});

// WeCom's official sample (developer.work.weixin.qq.com, "加解密方案说明" / WXBizMsgCrypt samples).
const WECOM = {
  token: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corpId: 'wx5823bf96d3bd56c7',
};

describe('WeCom', () => {
  it('verifies and decrypts the official URL-verification sample', async () => {
    const echostr =
      'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
    expect(await wecomSignature(WECOM.token, '1409659589', '263014780', echostr)).toBe(
      '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    );
    expect(await wecomDecrypt(WECOM.encodingAesKey, echostr)).toEqual({
      message: '1616140317555161061',
      receiveId: WECOM.corpId,
    });
  });

  it('verifies and decrypts the official message sample (padding longer than one AES block)', async () => {
    const encrypted =
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';
    expect(await wecomSignature(WECOM.token, '1409659813', '1372623149', encrypted)).toBe(
      '477715d11cdb4164915debcba66cb864d751f3e6',
    );
    const { message, receiveId } = await wecomDecrypt(WECOM.encodingAesKey, encrypted);
    expect(receiveId).toBe(WECOM.corpId);
    expect(message).toMatch(
      /^<xml>.*<ToUserName><!\[CDATA\[wx5823bf96d3bd56c7\]\]><\/ToUserName>.*<\/xml>$/s,
    );
    expect(message).toContain('<MsgType><![CDATA[text]]></MsgType>');
  });

  it('refuses a key of the wrong length; a tampered message fails its signature (CBC itself has no integrity)', async () => {
    await expect(wecomDecrypt('short', 'AAAA')).rejects.toThrow();
    const tampered =
      'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqR==';
    expect(await wecomSignature(WECOM.token, '1409659589', '263014780', tampered)).not.toBe(
      '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    );
  });
});

describe('DingTalk', () => {
  it('signs "timestamp\\nsecret" with HMAC-SHA256 keyed by the secret, base64', async () => {
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode('SECxyz'),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const mac = new Uint8Array(
      await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('1700000000000\nSECxyz')),
    );
    expect(await dingtalkSign('SECxyz', '1700000000000')).toBe(btoa(String.fromCharCode(...mac)));
  });
});
