/**
 * A structural check of an image before it is stored for recognition: a scan sent to POST /reports is stored at
 * once and recognised later, so a damaged file must be refused here (422, nothing stored), not fail in the OCR
 * job. It walks the container (PNG chunks, JPEG segments, the TIFF directory) without decoding pixels, so it
 * costs microseconds on the intake thread; what it cannot see (a damaged compressed stream inside a whole
 * container) still fails in recognition, with the report's own message.
 */
import { IntakeError } from './intake.types';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Throws 422 naming what is wrong when the image container is incomplete or damaged. */
export function checkImage(bytes: Buffer): void {
  const problem = bytes.subarray(0, 8).equals(PNG_SIGNATURE)
    ? pngProblem(bytes)
    : bytes[0] === 0xff && bytes[1] === 0xd8
      ? jpegProblem(bytes)
      : tiffProblem(bytes);
  if (problem) throw new IntakeError(422, `图片文件已损坏或不完整（${problem}），无法识别文字。请重新扫描或导出图片后上传。`);
}

function pngProblem(bytes: Buffer): string | undefined {
  let at = 8;
  let first = true;
  let sawData = false;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) return 'PNG 数据块类型无效';
    if (at + 12 + length > bytes.length) return `PNG 数据块 ${type} 被截断`;
    if (first) {
      if (type !== 'IHDR' || length !== 13) return 'PNG 缺少图像头 IHDR';
      if (bytes.readUInt32BE(at + 8) === 0 || bytes.readUInt32BE(at + 12) === 0) return 'PNG 图像宽或高为 0';
      first = false;
    }
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') return sawData ? undefined : 'PNG 没有图像数据';
    at += 12 + length;
  }
  return 'PNG 文件不完整，缺少结束块 IEND';
}

function jpegProblem(bytes: Buffer): string | undefined {
  let at = 2;
  let frame = false;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return 'JPEG 段标记无效';
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    const length = bytes.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > bytes.length) return 'JPEG 段被截断';
    // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC): the frame header with the picture's size
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 8 || bytes.readUInt16BE(at + 5) === 0 || bytes.readUInt16BE(at + 7) === 0) return 'JPEG 图像宽或高为 0';
      frame = true;
    }
    if (marker === 0xda) {
      if (!frame) return 'JPEG 缺少帧头';
      // the entropy-coded data runs to the end-of-image marker
      return bytes.lastIndexOf(Buffer.from([0xff, 0xd9])) > at + 2 + length ? undefined : 'JPEG 文件不完整，缺少结束标记';
    }
    at += 2 + length;
  }
  return 'JPEG 文件不完整，没有图像数据';
}

const TIFF_TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };

function tiffProblem(bytes: Buffer): string | undefined {
  if (bytes.length < 8) return 'TIFF 文件头不完整';
  const little = bytes[0] === 0x49;
  const u16 = (at: number) => (little ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number) => (little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const ifd = u32(4);
  if (ifd < 8 || ifd + 2 > bytes.length) return 'TIFF 目录位置超出文件';
  const count = u16(ifd);
  if (count === 0 || ifd + 2 + count * 12 > bytes.length) return 'TIFF 目录被截断';
  const tags = new Map<number, { type: number; count: number; at: number }>();
  for (let i = 0; i < count; i++) {
    const at = ifd + 2 + i * 12;
    tags.set(u16(at), { type: u16(at + 2), count: u32(at + 4), at: at + 8 });
  }
  const value = (tag: number, index = 0): number | undefined => {
    const t = tags.get(tag);
    const size = t && TIFF_TYPE_SIZES[t.type];
    if (!t || !size || index >= t.count) return undefined;
    const where = t.count * size <= 4 ? t.at + index * size : u32(t.at) + index * size;
    if (where + size > bytes.length) return undefined;
    return size === 2 ? u16(where) : size === 4 ? u32(where) : bytes[where];
  };
  if (!value(256) || !value(257)) return 'TIFF 缺少图像宽或高';
  const offsets = tags.has(273) ? 273 : tags.has(324) ? 324 : undefined;
  const lengths = offsets === 273 ? 279 : 325;
  if (!offsets) return 'TIFF 没有图像数据';
  for (let i = 0; i < (tags.get(offsets)?.count ?? 0); i++) {
    const start = value(offsets, i);
    const size = value(lengths, i);
    if (start === undefined || size === undefined || start + size > bytes.length) return 'TIFF 图像数据被截断';
  }
  return undefined;
}
