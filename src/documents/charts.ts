/**
 * Charts for the season report, drawn on the server with @napi-rs/canvas (Skia, prebuilt, no system cairo)
 * and embedded as PNG. Chinese labels need a CJK font: WenQuanYi (fonts-wqy-microhei) or Noto CJK is
 * registered when installed; without one the labels come out as boxes, but the chart is still drawn.
 */
import * as fs from 'node:fs';
import type { SKRSContext2D } from '@napi-rs/canvas';

/**
 * @napi-rs/canvas, loaded on the first chart: Skia and the system fonts it maps at load were about 12 MB of every
 * process that imports the documents module (the queue workers too), which never draw one.
 */
function canvas(): typeof import('@napi-rs/canvas') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
}

export interface Chart {
  png: Buffer;
  width: number;
  height: number;
}

const CJK_FONTS = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
];
const FAMILY = 'ScorecardCJK';
let fontState: 'unknown' | 'registered' | 'none' = 'unknown';

/** Registers the first CJK font found, once; returns the family to draw with. */
export function chartFont(): string {
  if (fontState === 'unknown') {
    fontState = 'none';
    for (const file of CJK_FONTS) {
      try {
        if (fs.existsSync(file) && canvas().GlobalFonts.registerFromPath(file, FAMILY)) {
          fontState = 'registered';
          break;
        }
      } catch {
        // an unreadable font file: try the next
      }
    }
  }
  return fontState === 'registered' ? `${FAMILY}, sans-serif` : 'sans-serif';
}

const W = 1200;
const INK = '#222222';
const BAR = '#8b1a1a'; // the red of official documents, printable in grey
const GRID = '#d0d0d0';

function frame(height: number): { ctx: SKRSContext2D; done: () => Chart } {
  const surface = canvas().createCanvas(W, height);
  const ctx = surface.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, height);
  return { ctx, done: () => ({ png: surface.toBuffer('image/png'), width: W, height }) };
}

function text(ctx: SKRSContext2D, value: string, x: number, y: number, size: number, align: 'left' | 'right' | 'center' = 'left'): void {
  ctx.font = `${size}px ${chartFont()}`;
  ctx.fillStyle = INK;
  ctx.textAlign = align;
  ctx.textBaseline = 'middle';
  ctx.fillText(value, x, y);
}

/** Column chart of totals in ten-point buckets. */
export function histogramChart(buckets: Array<{ from: number; to: number; count: number }>, caption = ''): Chart {
  const H = 620;
  const { ctx, done } = frame(H);
  const left = 90;
  const right = W - 40;
  const top = 80;
  const bottom = H - 90;
  if (caption) text(ctx, caption, W / 2, 36, 34, 'center');
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const step = Math.max(1, Math.ceil(max / 5));
  ctx.strokeStyle = GRID;
  ctx.lineWidth = 1;
  for (let v = 0; v <= max + step - 1; v += step) {
    const y = bottom - ((bottom - top) * v) / (Math.ceil(max / step) * step);
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(right, y);
    ctx.stroke();
    text(ctx, String(v), left - 12, y, 24, 'right');
  }
  const slot = (right - left) / buckets.length;
  const scaleMax = Math.ceil(max / step) * step;
  buckets.forEach((b, i) => {
    const h = ((bottom - top) * b.count) / scaleMax;
    const x = left + i * slot + slot * 0.15;
    ctx.fillStyle = BAR;
    ctx.fillRect(x, bottom - h, slot * 0.7, h);
    if (b.count > 0) text(ctx, String(b.count), x + slot * 0.35, bottom - h - 18, 24, 'center');
    text(ctx, `${b.from}–${b.to}`, left + i * slot + slot / 2, bottom + 28, 22, 'center');
  });
  text(ctx, '总分区间（分）', W / 2, H - 24, 26, 'center');
  return done();
}

/** Horizontal bars: how many reports miss or only partly meet each of the most frequent gaps. */
export function gapBarsChart(rows: Array<{ label: string; count: number }>, total: number, caption = ''): Chart {
  const rowH = 56;
  const H = 110 + Math.max(1, rows.length) * rowH;
  const { ctx, done } = frame(H);
  if (caption) text(ctx, caption, W / 2, 36, 34, 'center');
  const left = 430;
  const right = W - 110;
  const max = Math.max(1, total, ...rows.map((r) => r.count));
  rows.forEach((r, i) => {
    const y = 90 + i * rowH;
    const label = r.label.length > 16 ? `${r.label.slice(0, 16)}…` : r.label;
    text(ctx, label, left - 16, y + rowH / 2, 26, 'right');
    const w = ((right - left) * r.count) / max;
    ctx.fillStyle = BAR;
    ctx.fillRect(left, y + 10, w, rowH - 20);
    text(ctx, `${r.count}份`, left + w + 12, y + rowH / 2, 24);
  });
  if (rows.length === 0) text(ctx, '无差距项', W / 2, 90 + rowH / 2, 28, 'center');
  return done();
}
