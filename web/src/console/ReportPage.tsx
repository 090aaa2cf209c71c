import { useEffect, useState } from 'preact/hooks';
import { api, outcome } from '../api/client';
import { saveDownload } from '../api/download';
import type { Assessment, AssessmentOrNone, AssessmentSummary, ItemResult, ItemStatus, OverrideRow, ReportCopies, ReportDetail, RubricSummary } from '../api/models';
import type { Role } from '../api/session';
import { ScoreCardView } from '../components/ScoreCardView';
import { ASSESSMENT_STATUS, STATUS_LABEL, dateText } from '../labels';
import { linkClick } from '../router';
import { OverrideForm, WaiverForm } from './OverrideForms';
import { Alert } from '../components/Controls';
import { CopiedPassages } from './CopiedPassages';
import { ComparisonSummary, useComparison } from './YearComparison';

const POLL_MS = 1000;

export function ReportPage({ id, role }: { id: string; role: Role }) {
  const [report, setReport] = useState<ReportDetail | null>(null);
  const [assessment, setAssessment] = useState<AssessmentOrNone | null>(null);
  const [history, setHistory] = useState<AssessmentSummary[]>([]);
  const [overrides, setOverrides] = useState<OverrideRow[]>([]);
  const [rubric, setRubric] = useState<RubricSummary | null>(null);
  const [copies, setCopies] = useState<ReportCopies | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [version, setVersion] = useState(0);
  const reviewer = role === 'admin' || role === 'reviewer';

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const path = { params: { path: { id } } };
    void (async () => {
      const r = await outcome(api.GET('/reports/{id}', path));
      if (!live) return;
      if (!r.ok) return setError(r.status === 404 ? '没有找到这份报告，或当前密钥无权查看。' : r.message);
      setReport(r.data);
      const poll = async () => {
        const a = await outcome(api.GET('/reports/{id}/assessment', path));
        if (!live) return;
        if (!a.ok) return setError(a.message);
        setAssessment(a.data);
        if (a.data.status === 'queued' || a.data.status === 'running') timer = setTimeout(poll, POLL_MS);
        else if (a.data.status !== 'none') {
          const [h, o] = await Promise.all([outcome(api.GET('/reports/{id}/assessments', path)), outcome(api.GET('/reports/{id}/overrides', path))]);
          if (!live) return;
          if (h.ok) setHistory(h.data);
          if (o.ok) setOverrides(o.data);
          const [rubricId, rubricVersion] = a.data.rubric.split('@');
          if (!rubric) {
            const rs = await outcome(api.GET('/rubrics/{id}', { params: { path: { id: rubricId }, query: { version: rubricVersion } } }));
            if (live && rs.ok) setRubric(rs.data);
          }
        }
      };
      await poll();
      // passages found in the organisation's other reports, whether or not this one came in a batch
      const c = await outcome(api.GET('/reports/{id}/copies', path));
      if (live && c.ok) setCopies(c.data);
    })();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [id, version]);

  const comparison = useComparison(id, assessment?.status === 'done');
  if (error)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  if (!report || !assessment) return <p role="status">正在加载……</p>;
  const scored = assessment.status === 'none' ? null : assessment;
  const card = scored?.card;

  const itemActions = reviewer
    ? (item: ItemResult) => <OverrideForm reportId={id} item={item} onDone={() => setVersion(version + 1)} />
    : undefined;

  return (
    <>
      <p class="no-print">
        <a href="/console/reports" onClick={linkClick}>
          ← 返回报告列表
        </a>
      </p>
      <h1>{report.title ?? report.filename ?? '报告'}</h1>
      <p class="hint">
        {report.filename ? `文件：${report.filename}；` : ''}提交于 {dateText(report.createdAt)}；评分状态：{ASSESSMENT_STATUS[assessment.status] ?? assessment.status}
        {scored?.error ? `（${scored.error}）` : ''}
      </p>
      {card ? (
        <>
          <p class="toolbar no-print">
            <button type="button" onClick={async () => setNotice((await saveDownload(api.GET('/reports/{id}/feedback.docx', { params: { path: { id } }, parseAs: 'blob' }), 'feedback.docx')) ?? '')}>
              下载反馈意见（Word）
            </button>
            <button type="button" onClick={() => window.print()}>
              打印
            </button>
          </p>
          <Alert message={notice} />
          {card.totalWithoutOverrides !== undefined && card.totalWithoutOverrides !== card.total ? (
            <p class="ok" data-testid="override-note">
              已按评审更正计分：原始总分 {card.totalWithoutOverrides}，更正后 {card.total}。
            </p>
          ) : null}
          <ScoreCardView
            card={card}
            text={report.text}
            rubric={rubric}
            itemActions={itemActions}
            onProfile={async (profile) => {
              const res = await outcome(api.POST('/reports/{id}/rescore', { params: { path: { id } }, body: { profile } }));
              if (res.ok) setVersion(version + 1);
              else setNotice(res.message);
            }}
          />
        </>
      ) : (
        <p role="status" aria-live="polite">
          {assessment.status === 'failed' ? '评分失败。' : '正在评分，请稍候……'}
        </p>
      )}

      <section class="panel" aria-labelledby="audit-h">
        <h2 id="audit-h">更正记录</h2>
        {overrides.length === 0 ? (
          <p>没有更正。</p>
        ) : (
          <table data-testid="audit">
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">条目</th>
                <th scope="col">更正</th>
                <th scope="col" class="num">总分</th>
                <th scope="col">理由</th>
                <th scope="col">操作人</th>
              </tr>
            </thead>
            <tbody>
              {overrides.map((o) => (
                <tr key={o.id}>
                  <td>{dateText(o.createdAt)}</td>
                  <td>{o.itemId}</td>
                  <td>
                    {STATUS_LABEL[o.before.status as ItemStatus] ?? o.before.status} → {STATUS_LABEL[o.status]}
                    {o.needsReview ? '（评分细则已更新，需复核）' : ''}
                  </td>
                  <td class="num">
                    {o.before.total} → {o.after.total}
                  </td>
                  <td>{o.reason}</td>
                  <td>{o.actor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {reviewer && card ? <WaiverForm reportId={id} issuer={report.issuer} items={card.items} onDone={() => setVersion(version + 1)} /> : null}

      <section class="panel" aria-labelledby="compare-h" data-testid="compare">
        <h2 id="compare-h">与上年度比较</h2>
        {comparison.state === 'ready' ? <ComparisonSummary id={id} comparison={comparison.comparison} /> : null}
        {comparison.state === 'none' ? <p>{comparison.message}</p> : null}
        {comparison.state === 'failed' ? <Alert message={comparison.message} /> : null}
        {comparison.state === 'loading' ? <p>{card ? '正在比较……' : '评分完成后与上年度报告比较。'}</p> : null}
      </section>

      {card?.planFulfilment ? (
        <section class="panel" aria-labelledby="plan-h">
          <h2 id="plan-h">上年计划完成情况</h2>
          <p>
            {card.planFulfilment.previousYear ?? '上一'}年度报告中的工作计划 {card.planFulfilment.planned} 项，本年报告中可见落实 {card.planFulfilment.done.length} 项（
            {Math.round(card.planFulfilment.share * 100)}%）。
            <a href={`/console/reports/${card.planFulfilment.previousReportId}`} onClick={linkClick}>
              查看上年报告
            </a>
          </p>
          {card.planFulfilment.silent.length ? (
            <>
              <h3>未见落实的计划</h3>
              <ul>
                {card.planFulfilment.silent.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      {copies ? <CopiedPassages copies={copies} /> : null}

      <section class="panel" aria-labelledby="history-h">
        <h2 id="history-h">评分历史</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">评分细则</th>
              <th scope="col">类别</th>
              <th scope="col">状态</th>
              <th scope="col" class="num">总分</th>
              <th scope="col">等级</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.id}>
                <td>{dateText(h.createdAt)}</td>
                <td>{h.rubric}</td>
                <td>{h.profile}</td>
                <td>{ASSESSMENT_STATUS[h.status] ?? h.status}</td>
                <td class="num">{h.total ?? '—'}</td>
                <td>{h.grade ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
