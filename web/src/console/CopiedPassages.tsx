import type { ReportCopies } from '../api/models';
import { linkClick } from '../router';

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** GET /reports/:id/copies: each report passages were found in, and the passages side by side. */
export function CopiedPassages({ copies }: { copies: ReportCopies }) {
  return (
    <section class="panel" aria-labelledby="copies-h" data-testid="copies">
      <h2 id="copies-h">与其他报告雷同的段落</h2>
      <p class="hint">
        与本单位其他 {copies.compared} 份报告比较{copies.limited ? '（只比较了最近提交的报告）' : ''}；各单位共用的套话不计。
      </p>
      {copies.matches.length === 0 ? (
        <p>没有发现雷同段落。</p>
      ) : (
        copies.matches.map((m) => {
          const other = m.report.issuer ?? m.report.title ?? m.report.filename ?? '另一份报告';
          return (
            <article key={m.report.id} class="copy-match" data-copy-of={m.report.id} aria-label={`与${other}雷同`}>
              <h3>
                <a href={`/console/reports/${m.report.id}`} onClick={linkClick}>
                  {other}
                  {m.report.year ? `（${m.report.year}年度）` : ''}
                </a>
              </h3>
              <p>
                本报告约 {percent(m.share)} 的文字（{m.copiedChars} 字）见于该报告；该报告约 {percent(m.otherShare)} 的文字见于本报告。
              </p>
              {m.passages.slice(0, 3).map((p, i) => (
                <div class="pairs" key={i}>
                  <figure>
                    <figcaption>本报告</figcaption>
                    <blockquote>{p.a}</blockquote>
                  </figure>
                  <figure>
                    <figcaption>{other}</figcaption>
                    <blockquote>{p.b}</blockquote>
                  </figure>
                </div>
              ))}
            </article>
          );
        })
      )}
    </section>
  );
}
