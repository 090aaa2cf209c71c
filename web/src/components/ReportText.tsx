import { useEffect, useRef } from 'preact/hooks';
import type { Evidence } from '../api/models';

/**
 * The report as extracted, with the selected item's evidence quotes as <mark> at their offsets
 * (`text.slice(start, end) === quote`). Overlapping quotes are clipped so each character is shown once.
 */
export function ReportText({ text, evidence, label }: { text: string; evidence: Evidence[]; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const spans = [...evidence].filter((e) => e.end > e.start && e.end <= text.length).sort((a, b) => a.start - b.start);
  const parts: preact.ComponentChildren[] = [];
  let at = 0;
  spans.forEach((span, i) => {
    const start = Math.max(span.start, at);
    if (start >= span.end) return;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(
      <mark key={i} data-start={span.start} data-end={span.end}>
        {text.slice(start, span.end)}
      </mark>,
    );
    at = span.end;
  });
  if (at < text.length) parts.push(text.slice(at));

  useEffect(() => {
    const first = box.current?.querySelector('mark');
    if (first) first.scrollIntoView({ block: 'center', behavior: 'auto' });
  }, [evidence]);

  return (
    <div class="report-text" data-testid="report-text" ref={box} tabIndex={0} role="region" aria-label={label}>
      {parts}
    </div>
  );
}
