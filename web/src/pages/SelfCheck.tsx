import { useEffect, useState } from 'preact/hooks';
import { api, formData, outcome } from '../api/client';
import type { CheckRequest, CheckedCard, ProfileName, RubricSummary, ScoreCard } from '../api/models';
import { ScoreCardView } from '../components/ScoreCardView';
import { STATUS_LABEL } from '../labels';
import { Alert } from '../components/Controls';

/** Every format intake reads (the API says which it could not). */
export const REPORT_FORMATS = '.txt,.html,.htm,.docx,.doc,.wps,.pdf,.ofd,.png,.jpg,.jpeg,.tif,.tiff,.zip';

interface Source {
  text?: string;
  file?: File;
}

/** What moved since the previous check in this tab: kept in the page only. */
function Changes({ before, after }: { before: ScoreCard; after: ScoreCard }) {
  const delta = Math.round((after.total - before.total) * 10) / 10;
  const old = new Map(before.items.map((it) => [it.id, it]));
  const moved = after.items.filter((it) => old.has(it.id) && old.get(it.id)!.status !== it.status);
  return (
    <section class="changes" aria-label="与上次检查相比" data-testid="changes">
      <h2>与上次检查相比</h2>
      <p>
        总分 {before.total} → {after.total}（<span class={delta > 0 ? 'up' : delta < 0 ? 'down' : ''}>{delta > 0 ? `+${delta}` : delta}</span>）
      </p>
      {moved.length ? (
        <ul>
          {moved.map((it) => (
            <li key={it.id}>
              {it.id} {it.title}：{STATUS_LABEL[old.get(it.id)!.status]} → {STATUS_LABEL[it.status]}
            </li>
          ))}
        </ul>
      ) : (
        <p>没有条目的评定发生变化。</p>
      )}
    </section>
  );
}

export function SelfCheck() {
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [card, setCard] = useState<CheckedCard | null>(null);
  const [previous, setPrevious] = useState<CheckedCard | null>(null);
  const [rubric, setRubric] = useState<RubricSummary | null>(null);
  const [dragging, setDragging] = useState(false);

  async function check(source: Source, profile?: ProfileName) {
    setError('');
    if (!source.file && !source.text?.trim()) {
      setError('请粘贴报告全文，或选择一个报告文件。');
      return;
    }
    setBusy(true);
    const fields: CheckRequest = { profile, includeText: true };
    const result = await outcome(
      source.file
        ? api.POST('/check', { body: fields, bodySerializer: (body) => formData(body, { file: source.file }) })
        : api.POST('/check', { body: { ...fields, text: source.text } }),
    );
    setBusy(false);
    if (!result.ok) {
      setError(`无法检查这份报告：${result.message}`);
      return;
    }
    if (card && !profile) setPrevious(card);
    setCard(result.data);
    if (!rubric || `${rubric.id}@${rubric.version}` !== `${result.data.rubric.id}@${result.data.rubric.version}`) {
      const r = await outcome(api.GET('/rubrics/{id}', { params: { path: { id: result.data.rubric.id }, query: { version: result.data.rubric.version } } }));
      if (r.ok) setRubric(r.data);
    }
  }

  const source = (): Source => (file ? { file } : { text });

  useEffect(() => {
    // drop a file anywhere on the page
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) {
        e.preventDefault();
        setDragging(true);
      }
    };
    const leave = () => setDragging(false);
    const drop = (e: DragEvent) => {
      const dropped = e.dataTransfer?.files?.[0];
      setDragging(false);
      if (!dropped) return;
      e.preventDefault();
      setFile(dropped);
      void check({ file: dropped });
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  });

  return (
    <main id="main" class={`self-check${dragging ? ' dragging' : ''}`}>
      <h1>年度报告自查</h1>
      <p class="lead no-print">
        粘贴或上传本单位法治政府建设年度报告草稿，立即得到评分、问题清单和原文依据。草稿只用于本次检查，不会保存。
      </p>
      <form
        class="check-form no-print"
        onSubmit={(e) => {
          e.preventDefault();
          void check(source());
        }}
      >
        <label for="report-text-input">报告全文</label>
        <textarea id="report-text-input" rows={10} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} placeholder="在此粘贴报告全文……" />
        <div class="file-row">
          <label for="report-file-input">上传报告文件</label>
          <input
            id="report-file-input"
            type="file"
            accept={REPORT_FORMATS}
            onChange={(e) => {
              const chosen = (e.target as HTMLInputElement).files?.[0] ?? null;
              setFile(chosen);
            }}
          />
          {file ? (
            <button type="button" class="link" onClick={() => setFile(null)}>
              改用粘贴的文字
            </button>
          ) : null}
          <span class="hint">支持 .txt .docx .doc .wps .pdf .ofd .html 及扫描图片，也可以把文件拖到本页。</span>
        </div>
        <button type="submit" class="primary" disabled={busy}>
          开始检查
        </button>
      </form>
      <div aria-live="polite" class="no-print">
        {busy ? (
          <p class="progress" role="status">
            <progress aria-label="检查进度" /> 正在检查{file ? `“${file.name}”` : ''}……扫描件需要文字识别，可能需要一两分钟。
          </p>
        ) : null}
      </div>
      <Alert message={error} />
      {card && previous ? <Changes before={previous} after={card} /> : null}
      {card ? <ScoreCardView card={card} text={card.text} rubric={rubric} busy={busy} onProfile={(p) => void check(source(), p)} /> : null}
    </main>
  );
}
