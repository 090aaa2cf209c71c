import { useState } from 'preact/hooks';
import { api, outcome } from '../api/client';
import { session, type Role } from '../api/session';
import { Alert } from '../components/Controls';

/**
 * The role is not asked: it is what the API allows the key (admins may list keys, agencies may not see batches).
 * The key is kept in sessionStorage, so it is gone when the tab closes.
 */
async function roleOf(key: string): Promise<{ role: Role } | { message: string }> {
  const headers = { Authorization: `Bearer ${key}` };
  const reports = await outcome(api.GET('/reports', { params: { query: { page: 1, limit: 1 } }, headers }));
  if (!reports.ok) return { message: reports.status === 401 ? '密钥无效或已被吊销，请检查后重试。' : reports.message };
  if ((await outcome(api.GET('/api-keys', { headers }))).ok) return { role: 'admin' };
  const batches = await outcome(api.GET('/batches', { params: { query: { page: 1, limit: 1 } }, headers }));
  return { role: batches.ok ? 'reviewer' : 'agency' };
}

export function Login({ onLogin }: { onLogin: (role: Role) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" class="login">
      <h1>评审控制台</h1>
      <p class="lead">请使用本单位的 API 密钥登录。密钥只保存在当前浏览器标签页中，关闭标签页即失效。</p>
      <form
        class="panel login-form"
        onSubmit={async (e) => {
          e.preventDefault();
          setError('');
          if (!key.trim()) return setError('请输入 API 密钥。');
          setBusy(true);
          const result = await roleOf(key.trim());
          setBusy(false);
          if ('message' in result) return setError(result.message);
          session.set(key.trim(), result.role);
          onLogin(result.role);
        }}
      >
        <label for="api-key">API 密钥</label>
        <input id="api-key" type="password" autoComplete="off" value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} />
        <button type="submit" class="primary" disabled={busy}>
          登录
        </button>
      </form>
      <Alert message={error} />
    </main>
  );
}
