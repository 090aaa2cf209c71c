import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { AdjustedItem, AssessedCard, ItemResult, ProfileName, RubricSummary, ScoreCard } from '../api/models';
import { GOVERNMENT_LEVEL_LABEL, PROFILE_LABEL, SEVERITY_LABEL, SOURCE_LABEL, STATUS_LABEL, partLabel } from '../labels';
import { HorizontalBars } from './Bars';
import { ReportText } from './ReportText';

interface Props {
  /** a fresh card (self-check) or a stored one with reviewers' overrides and waivers applied */
  card: ScoreCard | AssessedCard;
  /** the extracted text the evidence offsets point into */
  text?: string;
  rubric?: RubricSummary | null;
  /** re-score with another profile (self-check); absent on stored reports */
  onProfile?: (profile: ProfileName) => void;
  /** extra controls on each item (the reviewer's override form) */
  itemActions?: (item: ItemResult) => ComponentChildren;
  busy?: boolean;
}

/** How the grade bands read: 80 分及以上为优秀 … from the rubric, so a new rubric's bands show as they are. */
function bandText(rubric: RubricSummary | null | undefined, grade: string): string {
  if (!rubric) return '';
  const grades = [...rubric.grades].sort((a, b) => b.min - a.min);
  const i = grades.findIndex((g) => g.grade === grade);
  if (i < 0) return '';
  const upper = i > 0 ? grades[i - 1].min : null;
  return upper === null ? `${grades[i].min} 分及以上为“${grade}”` : `${grades[i].min} 分至不足 ${upper} 分为“${grade}”`;
}

/** What an item looked for: its term groups from the rubric, or the missing labels the card names. */
function lookedFor(item: ItemResult, rubric: RubricSummary | null | undefined): string {
  const groups = rubric?.items.find((it) => it.id === item.id)?.groups ?? [];
  const missing = item.missing.length ? item.missing : groups.map((g) => g.label);
  const terms = groups.flatMap((g) => g.terms.slice(0, 3)).slice(0, 8);
  return `${missing.join('、') || item.title}${terms.length ? `（如：${terms.join('、')}）` : ''}`;
}

/** What the card warns about: how the rubric was chosen, text recognised from images. */
function warningsOf(card: ScoreCard): string[] {
  const out: string[] = [];
  if (card.rubric.note) out.push(card.rubric.note);
  const ocr = card.report.ocr;
  if (ocr) out.push(`报告文字由图片识别（${ocr.pages} 页，平均置信度 ${Math.round(ocr.confidence * 100)}%），识别错误可能影响评分，请核对原文。`);
  return out;
}

/** The status word: a waived item says so, whatever status the waiver gives it. */
const statusWord = (item: ItemResult | AdjustedItem): string => ('adjusted' in item && item.adjusted?.kind === 'waiver' ? '已豁免' : STATUS_LABEL[item.status]);

/** Why an item reads as it does when a reviewer changed it: shown under the item and read with it. */
function adjustedNote(item: ItemResult | AdjustedItem): string | null {
  if (!('adjusted' in item) || !item.adjusted) return null;
  const { kind, from, reason } = item.adjusted;
  return kind === 'waiver' ? `豁免理由：${reason}` : `评审更正（原为${STATUS_LABEL[from as keyof typeof STATUS_LABEL] ?? from}）：${reason}`;
}

export function ScoreCardView({ card, text, rubric, onProfile, itemActions, busy }: Props) {
  const [selected, setSelected] = useState<string | null>(null);
  const item = card.items.find((it) => it.id === selected) ?? null;
  // the engine gives the gaps in priority order (severity, then what is missing, then weight)
  const gaps = card.gaps;
  const sources = card.report.sources ?? {};
  const source = (field: keyof typeof sources) => (sources[field] ? `（${SOURCE_LABEL[sources[field]!] ?? sources[field]}）` : '');
  const profileTitle = rubric?.profiles[card.profile]?.title ?? PROFILE_LABEL[card.profile] ?? card.profile;
  const titles = new Map(card.items.map((it) => [it.id, it]));
  const band = bandText(rubric, card.grade);
  const warnings = warningsOf(card as ScoreCard);

  return (
    <div class="card">
      <section class="summary" aria-label="总分">
        <p class="total-line">
          总分 <span class="total" data-testid="total">{card.total}</span> <span class="unit">分</span>
          <span class={`grade grade-${card.grade}`}>{card.grade}</span>
        </p>
        {band && <p class="band">{band}；满分 100 分，按纲要各部分和报告要素加权计算。</p>}
        <dl class="meta">
          <dt>报告单位</dt>
          <dd>
            {card.report.issuer ?? '未识别'}
            {source('issuer')}
          </dd>
          <dt>报告年度</dt>
          <dd>
            {card.report.year ?? '未识别'}
            {source('year')}
          </dd>
          <dt>层级</dt>
          <dd>
            {card.report.governmentLevel ? GOVERNMENT_LEVEL_LABEL[card.report.governmentLevel] : card.report.level ? PROFILE_LABEL[card.report.level] : '未识别'}
            {source('level')}
          </dd>
          <dt>评分细则</dt>
          <dd>
            {card.rubric.id}@{card.rubric.version}
          </dd>
        </dl>
        <p class="profile">
          <label>
            按“{profileTitle}”评分，可更改：
            {onProfile ? (
              <select aria-label="评分类别" value={card.profile} disabled={busy} onChange={(e) => onProfile((e.target as HTMLSelectElement).value as ProfileName)}>
                {/* the profiles the card's rubric declares; the fixed list only until the rubric has loaded */}
                {((rubric?.profiles ? Object.keys(rubric.profiles) : Object.keys(PROFILE_LABEL)) as ProfileName[]).map((p) => (
                  <option value={p} key={p}>
                    {rubric?.profiles[p]?.title ?? PROFILE_LABEL[p]}
                  </option>
                ))}
              </select>
            ) : null}
          </label>
        </p>
        {warnings.length ? (
          <ul class="warnings" aria-label="提示">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="parts-h">
        <h2 id="parts-h">各部分得分</h2>
        <HorizontalBars title="各部分得分" bars={card.parts.map((p) => ({ label: p.title ?? partLabel(p.part), value: p.score, max: p.max }))} />
      </section>

      <div class="columns">
        <section aria-labelledby="items-h" class="items">
          <h2 id="items-h">评分条目</h2>
          <p class="hint">选择一个条目，在右侧原文中标出它的依据。</p>
          <ul class="item-list">
            {card.items.map((it) => (
              <li key={it.id} data-testid={`item-${it.id}`} data-status={it.status} class={`item status-${it.status}${selected === it.id ? ' selected' : ''}`}>
                <button type="button" class="item-button" aria-pressed={selected === it.id} onClick={() => setSelected(selected === it.id ? null : it.id)}>
                  <span class="item-id">{it.id}</span>
                  <span class="item-title">{it.title}</span>
                  <span class="status-word">{statusWord(it)}</span>
                  <span class="item-score">
                    {it.score}/{it.max}
                  </span>
                </button>
                {adjustedNote(it) ? <p class="adjusted-note">{adjustedNote(it)}</p> : null}
                {itemActions?.(it)}
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="text-h" class="text-pane">
          <h2 id="text-h">原文与依据</h2>
          {item ? (
            <p class="evidence-note" aria-live="polite">
              {item.id} {item.title}：{statusWord(item)}
              {item.evidence.length ? `，原文中标出 ${item.evidence.length} 处依据` : `。原文中没有找到依据；查找的是：${lookedFor(item, rubric)}`}
              {item.plannedOnly ? '（只在下一年计划或问题部分提到）' : ''}
            </p>
          ) : (
            <p class="evidence-note">未选择条目。</p>
          )}
          {text !== undefined ? <ReportText text={text} evidence={item?.evidence ?? []} label="报告原文" /> : <p>原文不可用。</p>}
        </section>
      </div>

      <section aria-labelledby="gaps-h" class="gaps">
        <h2 id="gaps-h">问题清单（按优先级）</h2>
        {gaps.length === 0 ? (
          <p>没有发现问题。</p>
        ) : (
          <ol class="gap-list">
            {gaps.map((g) => {
              const it = titles.get(g.itemId);
              return (
                <li key={`${g.itemId}-${g.message.slice(0, 12)}`} class={`gap severity-${g.severity}`}>
                  <p class="gap-head">
                    <span class="severity">优先级{SEVERITY_LABEL[g.severity] ?? g.severity}</span> {it ? `${g.itemId} ${it.title}` : g.itemId === 'profile' ? '报告单位类型' : g.itemId}
                    {g.outlineRef ? <span class="outline-ref">纲要依据：{g.outlineRef}</span> : null}
                  </p>
                  <p class="gap-message">{g.message}</p>
                  {it && it.evidence.length === 0 ? <p class="looked-for">查找的是：{lookedFor(it, rubric)}</p> : null}
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </div>
  );
}
