import { useEffect, useState } from 'preact/hooks';
import { api, outcome } from '../api/client';
import type { ItemChange, YearOverYear } from '../api/models';
import { STATUS_LABEL } from '../labels';
import { linkClick } from '../router';

type Loaded = { state: 'loading' } | { state: 'none'; message: string } | { state: 'failed'; message: string } | { state: 'ready'; comparison: YearOverYear };

const signed = (x: number) => (x > 0 ? `+${x}` : x < 0 ? `−${Math.abs(x)}` : '±0');
const trend = (x: number | null) => (x === null ? '' : x > 0 ? 'up' : x < 0 ? 'down' : '');
const percent = (share: number) => `${Math.round(share * 100)}%`;

/** GET /reports/:id/compare, once: 404 means there is no report of the year before (said, not an error). */
export function useComparison(id: string, ready: boolean): Loaded {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    if (!ready) return;
    let live = true;
    void outcome(api.GET('/reports/{id}/compare', { params: { path: { id } } })).then((res) => {
      if (!live) return;
      if (res.ok) setLoaded({ state: 'ready', comparison: res.data });
      else setLoaded(res.status === 404 ? { state: 'none', message: res.message } : { state: 'failed', message: res.message });
    });
    return () => {
      live = false;
    };
  }, [id, ready]);
  return loaded;
}

function Changes({ title, rows, testId }: { title: string; rows: ItemChange[]; testId: string }) {
  return (
    <section aria-labelledby={`${testId}-h`} data-testid={testId}>
      <h3 id={`${testId}-h`}>
        {title}（{rows.length} 项）
      </h3>
      {rows.length ? (
        <ul>
          {rows.map((c) => (
            <li key={c.itemId} data-item={c.itemId}>
              {c.itemId} {c.title}：{STATUS_LABEL[c.from as keyof typeof STATUS_LABEL] ?? c.from} → {STATUS_LABEL[c.to as keyof typeof STATUS_LABEL] ?? c.to}
              {c.outlineRef ? <span class="outline-ref">纲要依据：{c.outlineRef}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>无。</p>
      )}
    </section>
  );
}

/** The headline: last year's total, this year's, the delta, and how many items moved either way. */
export function ComparisonSummary({ id, comparison }: { id: string; comparison: YearOverYear }) {
  const { previous, current, totalDelta, newlyMet, regressed } = comparison;
  return (
    <p data-testid="compare-summary">
      {previous.year ?? '上'}年度 {previous.total} 分（{previous.grade}）→ 本年度 {current.total} 分（{current.grade}），
      <span class={trend(totalDelta)} data-testid="compare-delta">
        {signed(totalDelta)}
      </span>{' '}
      分；新达标 {newlyMet.length} 项，退步 {regressed.length} 项。{' '}
      <a href={`/console/reports/${id}/compare`} onClick={linkClick}>
        查看同比详情
      </a>
    </p>
  );
}

/** The whole comparison: totals, parts, items that moved, last year's plan, text carried over. */
export function YearComparison({ id, comparison }: { id: string; comparison: YearOverYear }) {
  const { previous, current, totalDelta, parts, newlyMet, regressed, stillMissing, planFulfilment, carriedOver } = comparison;
  return (
    <div class="compare">
      <section class="panel" aria-labelledby="compare-total-h">
        <h2 id="compare-total-h">总分变化</h2>
        <div class="table-wrap">
        <table data-testid="compare-totals">
          <thead>
            <tr>
              <th scope="col">年度</th>
              <th scope="col" class="num">总分</th>
              <th scope="col">等级</th>
              <th scope="col">评分细则</th>
              <th scope="col">报告</th>
            </tr>
          </thead>
          <tbody>
            {[
              ['上年度', previous],
              ['本年度', current],
            ].map(([label, side]) => {
              const s = side as YearOverYear['previous'];
              return (
                <tr key={label as string}>
                  <th scope="row">
                    {label as string}（{s.year ?? '未识别'}）
                  </th>
                  <td class="num">{s.total}</td>
                  <td>{s.grade}</td>
                  <td>{s.rubric}</td>
                  <td>
                    {s.reportId && s.reportId !== id ? (
                      <a href={`/console/reports/${s.reportId}`} onClick={linkClick}>
                        打开上年度报告
                      </a>
                    ) : (
                      '本报告'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </div>
        <p class="total-line">
          变化{' '}
          <span class={`delta ${trend(totalDelta)}`} data-testid="compare-delta">
            {signed(totalDelta)}
          </span>{' '}
          分
        </p>
      </section>

      <section class="panel" aria-labelledby="compare-parts-h">
        <h2 id="compare-parts-h">各部分变化</h2>
        <div class="table-wrap">
          <table data-testid="compare-parts">
            <thead>
              <tr>
                <th scope="col">部分</th>
                <th scope="col" class="num">上年度</th>
                <th scope="col" class="num">本年度</th>
                <th scope="col" class="num">满分</th>
                <th scope="col" class="num">变化</th>
              </tr>
            </thead>
            <tbody>
              {parts.map((p) => (
                <tr key={String(p.part)}>
                  <th scope="row">{p.label}</th>
                  <td class="num">{p.previous ?? '—'}</td>
                  <td class="num">{p.current ?? '—'}</td>
                  <td class="num">{p.max}</td>
                  <td class={`num ${trend(p.delta)}`}>{p.delta === null ? '—' : signed(p.delta)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section class="panel" aria-labelledby="compare-items-h">
        <h2 id="compare-items-h">条目变化</h2>
        <div class="changes-grid">
          <Changes title="新达标" rows={newlyMet} testId="compare-newly-met" />
          <Changes title="退步" rows={regressed} testId="compare-regressed" />
          <Changes title="仍未达标" rows={stillMissing} testId="compare-still-missing" />
        </div>
      </section>

      <section class="panel" aria-labelledby="compare-plan-h" data-testid="compare-plan">
        <h2 id="compare-plan-h">上年计划完成情况</h2>
        <p>
          {planFulfilment.previousYear ?? '上'}年度报告中的工作计划 {planFulfilment.planned} 项，本年度报告中可见落实 {planFulfilment.done.length} 项（{percent(planFulfilment.share)}）。
        </p>
        {planFulfilment.done.length ? (
          <>
            <h3>已见落实</h3>
            <ul>
              {planFulfilment.done.map((d) => (
                <li key={d.item}>
                  {d.item}
                  <blockquote class="quote">{d.evidence.quote}</blockquote>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {planFulfilment.silent.length ? (
          <>
            <h3>未见落实</h3>
            <ul>
              {planFulfilment.silent.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section class="panel" aria-labelledby="compare-carried-h">
        <h2 id="compare-carried-h">沿用上年文字</h2>
        <p data-testid="compare-carried">
          本年度报告约 {percent(carriedOver.share)} 的文字（{carriedOver.copiedChars} 字）与上年度报告相同（套话不计）。
        </p>
        {carriedOver.passages.map((p, i) => (
          <div class="pairs" key={i}>
            <blockquote aria-label="本年度">{p.a}</blockquote>
            <blockquote aria-label="上年度">{p.b}</blockquote>
          </div>
        ))}
      </section>
    </div>
  );
}

/** /console/reports/:id/compare: the comparison as a page of its own. */
export function ComparePage({ id }: { id: string }) {
  const loaded = useComparison(id, true);
  return (
    <>
      <p class="no-print">
        <a href={`/console/reports/${id}`} onClick={linkClick}>
          ← 返回报告
        </a>
      </p>
      <h1>与上年度比较</h1>
      {loaded.state === 'loading' ? <p role="status">正在加载……</p> : null}
      {loaded.state === 'none' ? <p role="status">{loaded.message}</p> : null}
      {loaded.state === 'failed' ? (
        <p role="alert" class="error">
          {loaded.message}
        </p>
      ) : null}
      {loaded.state === 'ready' ? (
        <>
          <p class="hint">{loaded.comparison.issuer ?? ''}两个年度的报告按同一评分细则计分，评审更正和豁免已计入。</p>
          <YearComparison id={id} comparison={loaded.comparison} />
        </>
      ) : null}
    </>
  );
}
