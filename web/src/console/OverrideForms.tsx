import { useState } from 'preact/hooks';
import { api, outcome } from '../api/client';
import type { ItemResult, ItemStatus, OverrideRequest } from '../api/models';
import { STATUS_LABEL } from '../labels';
import { Alert } from '../components/Controls';

const STATUSES = Object.keys(STATUS_LABEL) as ItemStatus[];

/** A reviewer changes one item's status; the reason is required and goes into the audit trail. */
export function OverrideForm({ reportId, item, onDone }: { reportId: string; item: ItemResult; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<ItemStatus>(item.status);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <button type="button" class="link override-open no-print" onClick={() => setOpen(true)} aria-label={`更正 ${item.id}`}>
        更正
      </button>
    );
  return (
    <form
      class="override-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setError('');
        if (reason.trim().length < 2) return setError('请填写更正理由（至少 2 个字）。');
        if (status === item.status) return setError('更正后的评定与当前相同。');
        setBusy(true);
        const body: OverrideRequest = { itemId: item.id, status, reason: reason.trim() };
        const res = await outcome(api.POST('/reports/{id}/overrides', { params: { path: { id: reportId } }, body }));
        setBusy(false);
        if (!res.ok) return setError(res.message);
        setOpen(false);
        setReason('');
        onDone();
      }}
    >
      <label>
        更正为{' '}
        <select aria-label={`${item.id} 更正为`} value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value as ItemStatus)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      </label>
      <input type="text" aria-label={`${item.id} 更正理由`} placeholder="更正理由（必填）" aria-required="true" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
      <button type="submit" disabled={busy}>
        保存更正
      </button>
      <button type="button" class="link" onClick={() => setOpen(false)}>
        取消
      </button>
      <Alert message={error} />
    </form>
  );
}

/** An item that does not apply to this issuer (e.g. no legislative power) until a date. */
export function WaiverForm({ reportId, issuer, items, onDone }: { reportId: string; issuer: string | null; items: ItemResult[]; onDone: () => void }) {
  const [itemId, setItemId] = useState(items[0]?.id ?? '');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  if (!issuer) return null;
  return (
    <section class="panel no-print" aria-labelledby="waiver-h">
      <h2 id="waiver-h">豁免条目</h2>
      <p class="hint">对“{issuer}”标记某一条目不适用，至指定日期止；该单位此后的评分都按此计算。</p>
      <form
        class="toolbar"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!until || reason.trim().length < 2) return setMessage({ ok: false, text: '请选择条目、填写理由和截止日期。' });
          const res = await outcome(api.POST('/waivers', { body: { reportId, issuer, itemId, reason: reason.trim(), expiresAt: until } }));
          setMessage(res.ok ? { ok: true, text: '已豁免。' } : { ok: false, text: res.message });
          if (res.ok) onDone();
        }}
      >
        <label>
          条目{' '}
          <select value={itemId} onChange={(e) => setItemId((e.target as HTMLSelectElement).value)}>
            {items.map((it) => (
              <option key={it.id} value={it.id}>
                {it.id} {it.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          理由 <input type="text" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          截止日期 <input type="date" value={until} onInput={(e) => setUntil((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">豁免</button>
      </form>
      {message ? <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'ok' : 'error'}>{message.text}</p> : null}
    </section>
  );
}
