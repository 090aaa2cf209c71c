import * as fs from 'node:fs';
import * as path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { checkImage } from './image-check';

const SCAN_PNG = fs.readFileSync(path.join(__dirname, '../../test/fixtures/documents/scan.png'));

/** A real JPEG of a small page with text on it, encoded here. */
function jpeg(): Buffer {
  const canvas = createCanvas(120, 60);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 120, 60);
  ctx.fillStyle = '#000';
  ctx.fillText('法治政府', 10, 30);
  return canvas.encodeSync('jpeg', 90);
}

/** An uncompressed 2×2 grey TIFF (one strip), little- or big-endian, written by the rules of TIFF 6.0. */
function tiff(little: boolean): Buffer {
  const entries: Array<[number, number, number]> = [
    [256, 3, 2], // width
    [257, 3, 2], // height
    [258, 3, 8], // bits per sample
    [259, 3, 1], // no compression
    [262, 3, 1], // black is zero
    [273, 4, 8], // strip offset: the pixels right after the header
    [277, 3, 1], // samples per pixel
    [278, 3, 2], // rows per strip
    [279, 4, 4], // strip byte count
  ];
  const ifd = 12;
  const out = Buffer.alloc(ifd + 2 + entries.length * 12 + 4);
  const w16 = (v: number, at: number) => (little ? out.writeUInt16LE(v, at) : out.writeUInt16BE(v, at));
  const w32 = (v: number, at: number) => (little ? out.writeUInt32LE(v, at) : out.writeUInt32BE(v, at));
  out.write(little ? 'II' : 'MM', 0, 'latin1');
  w16(42, 2);
  w32(ifd, 4);
  out.set([0x00, 0x80, 0xff, 0x40], 8);
  w16(entries.length, ifd);
  entries.forEach(([tag, type, value], i) => {
    const at = ifd + 2 + i * 12;
    w16(tag, at);
    w16(type, at + 2);
    w32(1, at + 4);
    if (type === 3) w16(value, at + 8);
    else w32(value, at + 8);
  });
  return out;
}

describe('checkImage: a damaged image is refused before it is stored for recognition', () => {
  it('accepts whole images: the committed scan, a JPEG and TIFFs in both byte orders', () => {
    for (const image of [SCAN_PNG, jpeg(), tiff(true), tiff(false)]) expect(() => checkImage(image)).not.toThrow();
  });

  it('refuses a PNG cut anywhere, and one whose end block is missing', () => {
    for (const cut of [16, 40, Math.floor(SCAN_PNG.length / 2), SCAN_PNG.length - 13]) {
      expect(() => checkImage(SCAN_PNG.subarray(0, cut))).toThrow(expect.objectContaining({ status: 422, message: expect.stringMatching(/图片文件已损坏或不完整（PNG/) }));
    }
    const header = Buffer.concat([SCAN_PNG.subarray(0, 8), Buffer.from('garbage that is not a chunk at all')]);
    expect(() => checkImage(header)).toThrow(/PNG/);
  });

  it('refuses a JPEG cut in its header or its picture data', () => {
    const whole = jpeg();
    for (const cut of [4, 30, Math.floor(whole.length / 2), whole.length - 2]) expect(() => checkImage(whole.subarray(0, cut))).toThrow(/JPEG/);
  });

  it('refuses a TIFF whose directory or pixels are cut off', () => {
    const whole = tiff(true);
    for (const cut of [6, 10, 20, whole.length - 8]) expect(() => checkImage(whole.subarray(0, cut))).toThrow(/TIFF/);
    const pixelsElsewhere = Buffer.from(whole);
    pixelsElsewhere.writeUInt32LE(10_000, 12 + 2 + 5 * 12 + 8); // strip offset past the end
    expect(() => checkImage(pixelsElsewhere)).toThrow(/TIFF 图像数据被截断/);
  });
});
