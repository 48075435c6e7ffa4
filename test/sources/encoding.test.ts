import { describe, expect, it } from 'vitest';
import { decodeText } from '../../lambdas/sources/encoding.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
/** What Excel writes for "Latin-1": one byte a character, Windows-1252 for curly quotes and €. */
const cp1252 = (bytes: number[]) => Uint8Array.from(bytes);

describe('Function: decodeText', () => {
  it('reads valid UTF-8 as UTF-8 and says so', () => {
    expect(decodeText(utf8('café £5 😡'))).toMatchObject({ text: 'café £5 😡', encoding: 'utf-8', repaired: 0, description: 'valid UTF-8' });
  });

  it('reads bytes that are not UTF-8 as Windows-1252 (Latin-1) and says so', () => {
    // "caf\xe9 \x93ok\x94 \x805": café “ok” €5
    const d = decodeText(cp1252([0x63, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x6f, 0x6b, 0x94, 0x20, 0x80, 0x35]));
    expect(d).toMatchObject({ text: 'café “ok” €5', encoding: 'windows-1252' });
    expect(d.description).toMatch(/not valid UTF-8.*windows-1252 \(Latin-1\)/);
  });

  it('puts back UTF-8 that was read as Latin-1 and saved again', () => {
    const d = decodeText(utf8('MacBook (Â£949) at the CafÃ© â€“ ok'));
    expect(d.text).toBe('MacBook (£949) at the Café – ok');
    expect(d.repaired).toBe(3);
    expect(d.description).toMatch(/3 double-encoded \(Latin-1\) runs repaired/);
  });

  it('leaves a run that does not decode as it was', () => {
    expect(decodeText(utf8('VerrÃ_ckt')).text).toBe('VerrÃ_ckt');
  });

  it('honours a byte-order mark and a configured encoding', () => {
    expect(decodeText(Uint8Array.from([0xff, 0xfe, 0x68, 0, 0x69, 0]))).toMatchObject({ text: 'hi', encoding: 'utf-16le' });
    expect(decodeText(cp1252([0xe9]), 'latin1')).toMatchObject({ text: 'é', encoding: 'windows-1252' });
  });
});
