/**
 * The score card as a terminal reader sees it (`scorecard check` without --json). Plain text unless `color`,
 * so it can be piped into a file or an email to the agency.
 */
import type { ItemStatus, ScoreCard } from './score-card.types';
import { STATUS_LABEL } from './messages';

export interface RenderOptions {
  color?: boolean;
  /** bar width in cells (default 20) */
  width?: number;
}

const SYMBOL: Record<ItemStatus, string> = { met: '✔', partial: '◐', missing: '✘', not_applicable: '–' };
export function renderScoreCardText(card: ScoreCard, options: RenderOptions = {}): string {
  const color = options.color === true;
  const width = options.width ?? 20;
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const statusColor: Record<ItemStatus, string> = { met: '32', partial: '33', missing: '31', not_applicable: '90' };
  const lines: string[] = [];

  const r = card.report;
  lines.push(paint('1', r.title ?? '（无标题）'));
  const meta = [r.issuer, r.year ? `${r.year}年度` : null, r.publishedAt ? `发布 ${r.publishedAt}` : null, `${r.chars}字`].filter(Boolean);
  lines.push(meta.join(' · '));
  lines.push(`评分标准 ${card.rubric.id}@${card.rubric.version} · 类型 ${card.profile}`);
  if (card.rubric.note) lines.push(card.rubric.note);
  lines.push('');
  lines.push(paint('1', `总分 ${card.total.toFixed(1)} / 100  ${card.grade}`));
  lines.push('');

  lines.push(paint('1', '分项得分'));
  for (const p of card.parts) {
    if (p.max <= 0) continue;
    const share = p.score / p.max;
    const filled = Math.round(share * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const name = p.title ?? String(p.part);
    lines.push(`  ${padEnd(name, 24)} ${bar} ${fmt(p.score)}/${fmt(p.max)}`);
  }
  lines.push('');

  lines.push(paint('1', '检查项'));
  for (const it of card.items) {
    const sym = paint(statusColor[it.status], SYMBOL[it.status]);
    const pts = it.status === 'not_applicable' ? '' : ` ${fmt(it.score)}/${fmt(it.max)}`;
    lines.push(`  ${sym} ${padEnd(it.id, 5)} ${it.title}${pts}${it.plannedOnly ? '（仅见于计划/问题部分）' : ''}`);
  }
  lines.push('');

  if (card.gaps.length) {
    lines.push(paint('1', `差距清单（${card.gaps.length}项）`));
    const byId = new Map(card.items.map((it) => [it.id, it]));
    card.gaps.forEach((g, i) => {
      const it = byId.get(g.itemId);
      const status = it ? STATUS_LABEL[it.status] : '';
      lines.push(`  ${i + 1}. [${g.severity}] ${g.itemId} ${status}：${g.message}`);
      if (it && it.status === 'partial') {
        for (const e of it.evidence) lines.push(paint('90', `       “${e.quote}” [${e.start}–${e.end}]`));
      }
    });
  } else {
    lines.push('差距清单：无');
  }
  return lines.join('\n') + '\n';
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, '');
}

/** Pads by display width: CJK characters take two terminal cells. */
function padEnd(s: string, cells: number): string {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w >= cells ? s : s + ' '.repeat(cells - w);
}
