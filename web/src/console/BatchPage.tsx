import { useEffect, useState } from 'preact/hooks';
import { api, outcome } from '../api/client';
import { saveDownload } from '../api/download';
import type { BatchResults, BatchView } from '../api/models';
import { HorizontalBars, Histogram } from '../components/Bars';
import { BATCH_STATUS, PROFILE_LABEL, dateText } from '../labels';
import { linkClick } from '../router';
import { useSorted } from './useSorted';
import { Alert, LevelSelect } from '../components/Controls';

const POLL_MS = 1000;
type Format = 'xlsx' | 'csv' | 'json';

function Ranking({ results }: { results: BatchResults }) {
  const [level, setLevel] = useState('');
  const rows = results.ranking.filter((r) => !level || r.level === level);
  const { sorted, header } = useSorted(rows, 'rank', 1);
  return (
    <section class="panel" aria-labelledby="ranking-h">
      <h2 id="ranking-h">排名</h2>
      <div class="toolbar">
        <LevelSelect label="按层级筛选" value={level} onChange={setLevel} />
      </div>
      <div class="table-wrap">
        <table data-testid="ranking">
          <thead>
            <tr>
              {header('rank', '名次', true)}
              {header('issuer', '报告单位')}
              {header('file', '文件')}
              {header('year', '年度', true)}
              {header('level', '层级')}
              {header('total', '总分', true)}
              {header('grade', '等级')}
              {header('gapCount', '问题数', true)}
              <th scope="col">主要问题</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.reportId ?? r.file}>
                <td class="num">{r.rank}</td>
                <td>{r.reportId ? <a href={`/console/reports/${r.reportId}`} onClick={linkClick}>{r.issuer ?? '未识别'}</a> : (r.issuer ?? '未识别')}</td>
                <td>{r.file}</td>
                <td class="num">{r.year ?? '—'}</td>
                <td>{r.level ? PROFILE_LABEL[r.level] : '—'}</td>
                <td class="num">{r.total}</td>
                <td>{r.grade}</td>
                <td class="num">{r.gapCount}</td>
                <td>
                  {r.topGaps.map((g) => `${g.itemId} ${g.title}`).join('；')}
                  {r.duplicates.length ? <span class="severity">疑似雷同</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function BatchPage({ id }: { id: string }) {
  const [batch, setBatch] = useState<BatchView | null>(null);
  const [results, setResults] = useState<BatchResults | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const res = await outcome(api.GET('/batches/{id}', { params: { path: { id } } }));
      if (!live) return;
      if (!res.ok) return setError(res.status === 404 ? '没有找到这个批次，或当前密钥无权查看。' : res.message);
      setBatch(res.data);
      if (res.data.status !== 'done') {
        timer = setTimeout(poll, POLL_MS);
        return;
      }
      const r = await outcome(api.GET('/batches/{id}/results', { params: { path: { id } } }));
      if (!live) return;
      if (r.ok) setResults(r.data);
      else setError(r.message);
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [id]);

  if (!batch)
    return error ? (
      <p role="alert" class="error">
        {error}
      </p>
    ) : (
      <p role="status">正在加载……</p>
    );
  const processed = batch.done + batch.failed;
  return (
    <>
      <p class="no-print">
        <a href="/console/batches" onClick={linkClick}>
          ← 返回批次列表
        </a>
      </p>
      <h1>{batch.name ?? '批次'}</h1>
      <section class="panel" aria-labelledby="progress-h">
        <h2 id="progress-h">进度</h2>
        <div
          data-testid="batch-progress"
          role="progressbar"
          aria-label="批次评分进度"
          aria-valuemin={0}
          aria-valuemax={batch.total}
          aria-valuenow={processed}
          aria-valuetext={`${processed}/${batch.total}`}
          class="batch-progress"
        >
          <div class="batch-progress-bar" style={{ width: `${batch.total ? (100 * processed) / batch.total : 0}%` }} />
          <span class="batch-progress-text">
            {processed}/{batch.total}
          </span>
        </div>
        <p aria-live="polite" role="status">
          {BATCH_STATUS[batch.status] ?? batch.status}：已处理 {processed}/{batch.total}
          {batch.failed ? `，其中 ${batch.failed} 份失败` : ''}
          {batch.status !== 'done' && batch.eta ? `，预计 ${dateText(String(batch.eta))} 完成` : ''}
          {batch.status === 'done' && !results ? '，正在汇总结果……' : ''}
        </p>
      </section>
      <Alert message={error} />
      {results ? (
        <>
          <div class="toolbar no-print" role="group" aria-label="导出">
            {(
              [
                ['xlsx', '导出Excel'],
                ['csv', '导出CSV'],
                ['json', '导出JSON'],
              ] as [Format, string][]
            ).map(([format, label]) => (
              <button
                key={format}
                type="button"
                onClick={async () => setError((await saveDownload(api.GET('/batches/{id}/export', { params: { path: { id }, query: { format } }, parseAs: 'blob' }), `batch.${format}`)) ?? '')}
              >
                {label}
              </button>
            ))}
            <button type="button" onClick={async () => setError((await saveDownload(api.GET('/batches/{id}/report.docx', { params: { path: { id } }, parseAs: 'blob' }), 'report.docx')) ?? '')}>
              下载评估情况报告（Word）
            </button>
          </div>
          {results.failed.length ? (
            <section class="panel" aria-labelledby="failed-h">
              <h2 id="failed-h">未能评分的文件</h2>
              <ul data-testid="batch-failures">
                {results.failed.map((f) => (
                  <li key={f.file}>
                    {f.file}：{f.error}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <Ranking results={results} />
          <div class="charts">
            <section class="panel" aria-labelledby="gapfreq-h">
              <h2 id="gapfreq-h">最常见的问题</h2>
              <HorizontalBars
                title="最常见的问题（缺失或部分达标的报告数）"
                bars={results.gapFrequency.slice(0, 10).map((g) => ({ label: `${g.itemId} ${g.title}`.slice(0, 14), value: g.count, max: results.distribution.count, note: `${g.count} 份` }))}
              />
            </section>
            <section class="panel" aria-labelledby="hist-h">
              <h2 id="hist-h">总分分布</h2>
              <Histogram title="总分分布（份数）" buckets={results.distribution.buckets} />
              <p class="hint">
                平均 {results.distribution.mean ?? '—'} 分，中位数 {results.distribution.median ?? '—'} 分；
                {results.distribution.byGrade.map((g) => `${g.grade} ${g.count} 份`).join('，')}
              </p>
            </section>
          </div>
          {results.copies.length ? (
            <section class="panel" aria-labelledby="copy-h">
              <h2 id="copy-h">疑似雷同</h2>
              {results.copies.map((c) => (
                <div key={`${c.a.reportId}-${c.b.reportId}`} class="copy-pair">
                  <h3>
                    {c.a.issuer ?? c.a.file} ↔ {c.b.issuer ?? c.b.file}
                    {c.earlier ? '（往年报告）' : ''}：{Math.round(c.shareA * 100)}% / {Math.round(c.shareB * 100)}%
                  </h3>
                  {c.passages.slice(0, 3).map((p, i) => (
                    <div class="pairs" key={i}>
                      <blockquote aria-label={`${c.a.file ?? ''} 的段落`}>{p.a}</blockquote>
                      <blockquote aria-label={`${c.b.file ?? ''} 的段落`}>{p.b}</blockquote>
                    </div>
                  ))}
                </div>
              ))}
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}
