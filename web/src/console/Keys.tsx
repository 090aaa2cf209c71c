import { useEffect, useState } from 'preact/hooks';
import { api, outcome } from '../api/client';
import type { ApiKeyRequest, ApiKeyRow, CreatedApiKey } from '../api/models';
import { ROLE_LABEL, dateText } from '../labels';
import { Alert } from '../components/Controls';

type KeyRole = ApiKeyRequest['role'];

/** Admins: create (the key is shown once), list, revoke. */
export function Keys() {
  const [keys, setKeys] = useState<ApiKeyRow[]>([]);
  const [form, setForm] = useState<ApiKeyRequest>({ role: 'agency' });
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [error, setError] = useState('');
  const [reload, setReload] = useState(0);

  useEffect(() => {
    void outcome(api.GET('/api-keys')).then((res) => (res.ok ? setKeys(res.data) : setError(res.message)));
  }, [reload]);

  const field = (name: 'org' | 'parentOrg' | 'name', label: string) => (
    <label>
      {label}{' '}
      <input type="text" value={form[name] ?? ''} onInput={(e) => setForm({ ...form, [name]: (e.target as HTMLInputElement).value || undefined })} />
    </label>
  );

  return (
    <>
      <h1>API 密钥</h1>
      <form
        class="panel"
        onSubmit={async (e) => {
          e.preventDefault();
          setError('');
          setCreated(null);
          if (form.role === 'agency' && !form.org) return setError('报告单位的密钥需要填写单位名称。');
          const res = await outcome(api.POST('/api-keys', { body: form }));
          if (!res.ok) return setError(res.message);
          setCreated(res.data);
          setReload(reload + 1);
        }}
      >
        <h2>新建密钥</h2>
        <div class="toolbar">
          <label>
            角色{' '}
            <select value={form.role} onChange={(e) => setForm({ ...form, role: (e.target as HTMLSelectElement).value as KeyRole })}>
              {(['agency', 'reviewer', 'admin'] as KeyRole[]).map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </select>
          </label>
          {field('org', '单位')}
          {field('parentOrg', '上级单位')}
          {field('name', '备注')}
          <button type="submit" class="primary">
            新建密钥
          </button>
        </div>
      </form>
      {created ? (
        <section class="panel" role="status" aria-labelledby="created-h">
          <h2 id="created-h">新密钥（只显示这一次，请立即妥善保存）</h2>
          <p class="key-shown" data-testid="new-key">
            {created.key}
          </p>
          <p>
            {ROLE_LABEL[created.role] ?? created.role}
            {created.org ? ` · ${created.org}` : ''}
          </p>
        </section>
      ) : null}
      <Alert message={error} />
      <div class="table-wrap">
        <table data-testid="keys">
          <thead>
            <tr>
              <th scope="col">前缀</th>
              <th scope="col">角色</th>
              <th scope="col">单位</th>
              <th scope="col">备注</th>
              <th scope="col">创建</th>
              <th scope="col">最近使用</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{ROLE_LABEL[k.role] ?? k.role}</td>
                <td>{k.org ?? '—'}</td>
                <td>{k.name ?? '—'}</td>
                <td>{dateText(k.createdAt)}</td>
                <td>{dateText(k.lastUsedAt)}</td>
                <td>
                  {k.revokedAt ? (
                    `已吊销（${dateText(k.revokedAt)}）`
                  ) : (
                    <button
                      type="button"
                      aria-label={`吊销 ${k.prefix}`}
                      onClick={async () => {
                        if (!confirm(`确定吊销密钥 ${k.prefix}…？吊销后不能恢复。`)) return;
                        const res = await outcome(api.DELETE('/api-keys/{id}', { params: { path: { id: k.id } } }));
                        if (!res.ok) setError(res.message);
                        setReload(reload + 1);
                      }}
                    >
                      吊销
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
