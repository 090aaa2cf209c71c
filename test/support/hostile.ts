/**
 * Hostile inputs for the fuzz suite, drawn from a seeded generator so that a failing run can be repeated
 * (FUZZ_SEED=<the printed seed>). Each kind is something an attacker or a broken client has been seen to send.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import JSZip from 'jszip';
import { ROOT } from './test-app';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export class Rng {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
}

export interface HostileFile {
  kind: string;
  name: string;
  bytes: Buffer;
}

const VARIANTS = path.join(ROOT, 'test/fixtures/variants');
const BAD = path.join(ROOT, 'test/fixtures/bad');
const REPORT = fs.readFileSync(path.join(ROOT, 'test/fixtures/reports/000_461a89b47b0cee9b.txt'), 'utf8');

/** Every extension intake accepts, and a few it should refuse cleanly. */
export const EXTENSIONS = ['txt', 'html', 'htm', 'docx', 'doc', 'wps', 'pdf', 'ofd', 'png', 'jpg', 'zip', 'xlsx', 'exe', ''];

export const HOSTILE_NAMES = [
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '/etc/shadow',
  'C:\\Windows\\System32\\config\\SAM',
  'report\u0000.txt',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  `${'长'.repeat(400)}.txt`,
  '<script>alert(1)</script>.html',
  'CON.txt',
  '.htaccess',
  '__proto__',
  'constructor.prototype.docx',
  ' ',
];

/** Magic numbers, so that random bodies reach each format's parser rather than stopping at the sniffer. */
const MAGIC: Record<string, Buffer> = {
  docx: Buffer.from('504b0304', 'hex'),
  zip: Buffer.from('504b0304', 'hex'),
  ofd: Buffer.from('504b0304', 'hex'),
  pdf: Buffer.from('%PDF-1.7\n'),
  doc: Buffer.from('d0cf11e0a1b11ae1', 'hex'),
  wps: Buffer.from('d0cf11e0a1b11ae1', 'hex'),
  png: Buffer.from('89504e470d0a1a0a', 'hex'),
  jpg: Buffer.from('ffd8ffe0', 'hex'),
  html: Buffer.from('<!DOCTYPE html><html><body>'),
};

async function zipOf(entries: Record<string, Buffer | string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, bytes] of Object.entries(entries)) zip.file(name, bytes, { createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Files built once per run (zip bombs and deep markup take a moment to make). */
export async function craftedFiles(): Promise<HostileFile[]> {
  const real = fs.readdirSync(VARIANTS).map((f) => ({ name: f, bytes: fs.readFileSync(path.join(VARIANTS, f)) }));
  const bomb = fs.readFileSync(path.join(BAD, 'bomb.docx'));
  const zeros = Buffer.alloc(64 * 1024 * 1024);
  const deepXml = `<w:document xmlns:w="w"><w:body>${'<w:p>'.repeat(60_000)}</w:body></w:document>`;
  return [
    ...real.map((f) => ({ kind: 'real', ...f })),
    { kind: 'zip bomb (docx)', name: 'bomb.docx', bytes: bomb },
    { kind: 'zip bomb (64 MB of zeros)', name: 'zeros.zip', bytes: await zipOf({ 'a.txt': zeros }) },
    { kind: 'zip bomb in a batch zip', name: 'season.zip', bytes: await zipOf({ 'a.docx': bomb, 'b.txt': zeros }) },
    { kind: 'zip with traversal entries', name: 'season.zip', bytes: await zipOf({ '../../../etc/passwd.txt': REPORT, '/abs/report.txt': REPORT, 'a\u0000.txt': 'x' }) },
    { kind: 'zip of zips', name: 'nested.zip', bytes: await zipOf({ 'inner.zip': await zipOf({ 'x.txt': REPORT }) }) },
    { kind: 'deep HTML', name: 'deep.html', bytes: Buffer.from(`<html><body>${'<div>'.repeat(100_000)}${REPORT}</body></html>`) },
    { kind: 'deep XML docx', name: 'deep.docx', bytes: await zipOf({ '[Content_Types].xml': '<Types/>', 'word/document.xml': deepXml }) },
    { kind: 'OFD without pages', name: 'x.ofd', bytes: await zipOf({ 'OFD.xml': '<ofd:OFD xmlns:ofd="o"><ofd:DocBody><ofd:DocRoot>../../../etc/passwd</ofd:DocRoot></ofd:DocBody></ofd:OFD>' }) },
    { kind: 'docx with entity expansion', name: 'lol.docx', bytes: await zipOf({ 'word/document.xml': `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "${'a'.repeat(1000)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>&c;&c;&c;&c;</w:t></w:r></w:p></w:body></w:document>` }) },
    ...['scanned.pdf', 'corrupt.docx', 'corrupt.pdf', 'garbage.bin', 'other.zip', 'english.txt', 'whitespace.txt'].map((f) => ({ kind: 'bad fixture', name: f, bytes: fs.readFileSync(path.join(BAD, f)) })),
  ];
}

/** One hostile file: a crafted one, a real one cut short, random bytes behind a format's magic number, broken text. */
export function hostileFile(rng: Rng, crafted: HostileFile[]): HostileFile {
  const ext = rng.pick(EXTENSIONS);
  const name = rng.chance(0.25) ? rng.pick(HOSTILE_NAMES) + (rng.chance(0.5) ? `.${ext}` : '') : `report.${ext}`;
  switch (rng.int(6)) {
    case 0: {
      const f = rng.pick(crafted);
      return rng.chance(0.3) ? { ...f, name } : f;
    }
    case 1: {
      const f = rng.pick(crafted.filter((c) => c.kind === 'real'));
      return { kind: `truncated ${path.extname(f.name)}`, name: f.name, bytes: f.bytes.subarray(0, 1 + rng.int(f.bytes.length - 1)) };
    }
    case 2:
      return { kind: `random .${ext}`, name, bytes: Buffer.concat([MAGIC[ext] ?? Buffer.alloc(0), rng.bytes(1 + rng.int(4096))]) };
    case 3: {
      // invalid UTF-8 and NUL bytes through a real report
      const text = Buffer.from(REPORT.slice(0, 200 + rng.int(2000)));
      for (let i = 0; i < 1 + rng.int(40); i++) text[rng.int(text.length)] = rng.pick([0x00, 0xff, 0xc0, 0x80, 0xed]);
      return { kind: 'invalid UTF-8 and NUL', name, bytes: text };
    }
    case 4:
      return { kind: 'empty', name, bytes: Buffer.alloc(rng.int(3)) };
    default:
      return { kind: 'UTF-16 / BOM soup', name, bytes: Buffer.concat([Buffer.from('fffe', 'hex'), Buffer.from('efbbbf', 'hex'), rng.bytes(rng.int(512))]) };
  }
}

export const HOSTILE_IDS = [
  'not-a-uuid',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%00',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '1e308',
  '-1',
  '99999999999999999999999999',
  "'%20OR%201%3D1%20--",
  '%3Cscript%3E',
  '__proto__',
  'constructor',
  'x'.repeat(2000),
  'outline-2021-2025%40..%2F..%2Fx',
  '%E2%80%AE',
  '%FF%FE',
];

export const HOSTILE_QUERIES = [
  'page=1000000000000000000',
  'page=-1&limit=0',
  'limit=1e309',
  'page=1&page=2',
  '__proto__[polluted]=1',
  'constructor[prototype][polluted]=1',
  'version=..%2F..%2Fetc',
  'version=1.0.0%00',
  'level=%00',
  'format=xlsx&format=csv',
  'format=../../x',
  `q=${'%E5%BC%BA'.repeat(3000)}`,
  'includeText=maybe',
  'status=%FF',
  'page=0x10',
  'limit=NaN',
];

const HUGE = [1e308, -1e308, 9007199254740993, -0, 1.7976931348623157e308, 123456789012345678901234567890];
const STRINGS = ['', ' ', '\u0000', '\ud800', '🙂'.repeat(1000), 'x'.repeat(100_000), '../../etc/passwd', "'; DROP TABLE reports; --", '<img src=x onerror=alert(1)>', '${7*7}', '%s%s%s%n'];
const FIELDS = ['text', 'title', 'issuer', 'level', 'year', 'publishedAt', 'profile', 'rubric', 'includeText', 'role', 'org', 'parentOrg', 'name', 'itemId', 'status', 'reason', 'reportId', 'items', 'rubricVersion', 'files'];

function hostileValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 2 ? 4 : 7)) {
    case 0:
      return rng.pick(STRINGS);
    case 1:
      return rng.pick(HUGE);
    case 2:
      return rng.pick([null, true, false, 0, -1]);
    case 3:
      return REPORT.slice(0, rng.int(500)) + rng.pick(STRINGS);
    case 4:
      return Array.from({ length: rng.int(5) }, () => hostileValue(rng, depth + 1));
    case 5:
      return { __proto__: { admin: true }, constructor: { prototype: { polluted: 1 } }, [rng.pick(FIELDS)]: hostileValue(rng, depth + 1) };
    default:
      return Object.fromEntries(Array.from({ length: 1 + rng.int(4) }, () => [rng.pick(FIELDS), hostileValue(rng, depth + 1)]));
  }
}

/** A JSON body as raw bytes: deep, wide, polluting, oddly typed, or not JSON at all. */
export function hostileJson(rng: Rng): { kind: string; body: Buffer } {
  switch (rng.int(8)) {
    case 0:
      return { kind: 'deep JSON', body: Buffer.from(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`) };
    case 1:
      return { kind: 'deep arrays', body: Buffer.from(`${'['.repeat(50_000)}${']'.repeat(50_000)}`) };
    case 2:
      return { kind: 'many keys', body: Buffer.from(`{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`) };
    case 3:
      return { kind: 'prototype pollution', body: Buffer.from(`{"__proto__":{"role":"admin","polluted":1},"constructor":{"prototype":{"polluted":1}},"${rng.pick(FIELDS)}":${JSON.stringify(hostileValue(rng))}}`) };
    case 4:
      return { kind: 'invalid UTF-8 in JSON', body: Buffer.concat([Buffer.from('{"text":"'), Buffer.from(REPORT.slice(0, 300)), Buffer.from([0xff, 0xfe, 0xc0, 0x00]), Buffer.from('"}')]) };
    case 5:
      return { kind: 'not JSON', body: rng.chance(0.5) ? rng.bytes(1 + rng.int(300)) : Buffer.from(rng.pick(['{', '{"text":', 'null', '[]', '"text"', '1e999', '{"text":"\\ud800"}'])) };
    default:
      return { kind: 'odd types', body: Buffer.from(JSON.stringify(hostileValue(rng))) };
  }
}

/** The Authorization header: none, malformed, unknown, or a valid key (so the hostile body reaches the handler). */
export function hostileToken(rng: Rng, valid: string[]): string | undefined {
  if (rng.chance(0.6)) return `Bearer ${rng.pick(valid)}`;
  return rng.pick([
    undefined,
    'Bearer ',
    'Bearer',
    `Bearer ${rng.bytes(24).toString('hex')}`,
    `Bearer ${'a'.repeat(8000)}`,
    'Basic YWRtaW46YWRtaW4=',
    `Bearer ${valid[0]}x`,
    "Bearer ' OR '1'='1",
    'bearer  ',
    'Bearer %00',
  ]);
}
