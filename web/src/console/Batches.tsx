import { useEffect, useState } from 'preact/hooks';
import { api, formData, outcome } from '../api/client';
import type { BatchView } from '../api/models';
import { BATCH_STATUS, dateText } from '../labels';
import { REPORT_FORMATS } from '../pages/SelfCheck';
import { linkClick, navigate } from '../router';
import { Alert } from '../components/Controls';


export function Batches() {
  const [batches, setBatches] = useState<BatchView[] | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [manifest, setManifest] = useState<File | undefined>();
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void outcome(api.GET('/batches', { params: { query: { page: 1, limit: 100 } } })).then((res) => (res.ok ? setBatches(res.data.items) : setError(res.message)));
  }, []);

  return (
    <>
      <h1>批次评审</h1>
      <form
        class="panel"
        onSubmit={async (e) => {
          e.preventDefault();
          setError('');
          if (!files.length) return setError('请选择这一批的报告文件（可多选，或一个 .zip 压缩包）。');
          setBusy(true);
          const res = await outcome(
            api.POST('/batches', { body: { name: name.trim() || undefined }, bodySerializer: (body) => formData(body, { files, manifest }) }),
          );
          setBusy(false);
          if (!res.ok) return setError(res.message);
          navigate(`/console/batches/${res.data.id}`);
        }}
      >
        <h2>新建批次</h2>
        <div class="toolbar">
          <label for="batch-files">上传批次文件</label>
          <input id="batch-files" type="file" multiple accept={`${REPORT_FORMATS},.zip`} onChange={(e) => setFiles([...((e.target as HTMLInputElement).files ?? [])])} />
          <span class="hint">{files.length ? `已选 ${files.length} 个文件` : '多个报告文件，或一个含文件夹的 .zip'}</span>
        </div>
        <div class="toolbar">
          <label for="batch-manifest">清单（可选，CSV）</label>
          <input id="batch-manifest" type="file" accept=".csv,text/csv" onChange={(e) => setManifest((e.target as HTMLInputElement).files?.[0])} />
          <label for="batch-name">批次名称</label>
          <input id="batch-name" type="text" value={name} placeholder="例如：2024年度区直部门报告" onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </div>
        <button type="submit" class="primary" disabled={busy}>
          创建批次
        </button>
      </form>
      <Alert message={error} />
      <h2>已有批次</h2>
      {batches === null ? (
        <p role="status">正在加载……</p>
      ) : batches.length === 0 ? (
        <p>还没有批次。</p>
      ) : (
        <table data-testid="batches">
          <thead>
            <tr>
              <th scope="col">名称</th>
              <th scope="col">状态</th>
              <th scope="col" class="num">进度</th>
              <th scope="col" class="num">失败</th>
              <th scope="col">创建时间</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => (
              <tr key={b.id}>
                <td>
                  <a href={`/console/batches/${b.id}`} onClick={linkClick}>
                    {b.name ?? b.id}
                  </a>
                </td>
                <td>{BATCH_STATUS[b.status] ?? b.status}</td>
                <td class="num">
                  {b.done + b.failed}/{b.total}
                </td>
                <td class="num">{b.failed}</td>
                <td>{dateText(b.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
