import { useEffect, useState } from 'preact/hooks';
import { api, formData, outcome } from '../api/client';
import type { ReportList, ReportListItem } from '../api/models';
import type { Role } from '../api/session';
import { ASSESSMENT_STATUS, PROFILE_LABEL, dateText } from '../labels';
import { REPORT_FORMATS } from '../pages/SelfCheck';
import { linkClick } from '../router';
import { useSorted } from './useSorted';
import { Alert, LevelSelect } from '../components/Controls';

/** A list row: the report with its latest assessment's figures flattened, so each column sorts. */
interface Row extends Omit<ReportListItem, 'assessment'> {
  total: number | null;
  grade: string | null;
  status: string;
}

const row = (report: ReportListItem): Row => {
  const { assessment, ...rest } = report;
  return { ...rest, total: assessment?.total ?? null, grade: assessment?.grade ?? null, status: assessment?.status ?? 'none' };
};

export function Reports({ role }: { role: Role }) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState('');
  const [query, setQuery] = useState('');
  const [level, setLevel] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [submitting, setSubmitting] = useState('');
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    void (async () => {
      // one request: each report comes with its latest assessment's status, total and grade
      const page = await outcome(api.GET('/reports', { params: { query: { page: 1, limit: 200 } } }));
      if (!live) return;
      if (!page.ok) return setError(page.message);
      setTotal(page.data.total);
      setRows(page.data.items.map(row));
    })();
    return () => {
      live = false;
    };
  }, [reload]);

  const shown = (rows ?? []).filter(
    (r) => (!level || r.level === level) && (!query || `${r.issuer ?? ''}${r.title ?? ''}${r.filename ?? ''}${r.year ?? ''}`.includes(query.trim())),
  );
  const { sorted, header } = useSorted(shown, 'createdAt');

  async function submit(e: Event) {
    e.preventDefault();
    setError('');
    if (!files.length) return setError('请选择要提交的报告文件。');
    const failures: string[] = [];
    for (const [i, file] of files.entries()) {
      setSubmitting(`正在提交 ${i + 1}/${files.length}：${file.name}`);
      const res = await outcome(api.POST('/reports', { body: {}, bodySerializer: (body) => formData(body, { file }) }));
      if (!res.ok) failures.push(`${file.name}：${res.message}`);
    }
    setSubmitting('');
    setFiles([]);
    if (failures.length) setError(`有 ${failures.length} 个文件未能提交：${failures.join('；')}`);
    setReload(reload + 1);
  }

  return (
    <>
      <h1>报告</h1>
      <p class="hint">{role === 'agency' ? '本单位提交的报告。' : '可见范围内各单位提交的报告。'}评分在后台排队进行，完成后刷新即可看到得分。</p>
      <form class="panel toolbar" onSubmit={submit}>
        <label for="submit-files">提交报告文件</label>
        <input id="submit-files" type="file" multiple accept={REPORT_FORMATS} onChange={(e) => setFiles([...((e.target as HTMLInputElement).files ?? [])])} />
        <button type="submit" disabled={!!submitting}>
          提交
        </button>
        <span aria-live="polite">{submitting}</span>
      </form>
      <Alert message={error} />
      <div class="toolbar">
        <label>
          筛选 <input type="search" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} placeholder="单位、标题或年度" />
        </label>
        <LevelSelect label="层级" value={level} onChange={setLevel} />
        <button type="button" onClick={() => setReload(reload + 1)}>
          刷新
        </button>
        <span class="hint">{rows ? `共 ${total} 份，显示 ${sorted.length} 份` : '正在加载……'}</span>
      </div>
      <div class="table-wrap">
        <table data-testid="reports">
          <thead>
            <tr>
              {header('issuer', '报告单位')}
              {header('title', '标题')}
              {header('year', '年度', true)}
              {header('level', '层级')}
              {header('total', '总分', true)}
              {header('grade', '等级')}
              {header('status', '状态')}
              {header('createdAt', '提交时间')}
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.id} data-report-id={r.id}>
                <td>{r.issuer ?? '未识别'}</td>
                <td>
                  <a href={`/console/reports/${r.id}`} onClick={linkClick}>
                    {r.title ?? r.filename ?? r.id}
                  </a>
                </td>
                <td class="num">{r.year ?? '—'}</td>
                <td>{r.level ? (PROFILE_LABEL[r.level] ?? r.level) : '—'}</td>
                <td class="num">{r.total ?? '—'}</td>
                <td>{r.grade ?? '—'}</td>
                <td>{ASSESSMENT_STATUS[r.status] ?? r.status}</td>
                <td>{dateText(r.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
