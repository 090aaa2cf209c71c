import { useEffect, useState } from 'preact/hooks';
import { api, outcome } from '../api/client';
import type { RubricListing, RubricSummary } from '../api/models';
import { partLabel } from '../labels';
import { Alert } from '../components/Controls';

/** Items, parts, profiles, weights and the terms each item looks for, as the rubric YAML says. */
export function RubricBrowser() {
  const [list, setList] = useState<RubricListing[]>([]);
  const [chosen, setChosen] = useState('');
  const [rubric, setRubric] = useState<RubricSummary | null>(null);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    void outcome(api.GET('/rubrics')).then((res) => {
      if (!res.ok) return setError(res.message);
      setList(res.data);
      if (res.data.length) setChosen(`${res.data[res.data.length - 1].id}@${res.data[res.data.length - 1].version}`);
    });
  }, []);
  useEffect(() => {
    if (!chosen) return;
    const [id, version] = chosen.split('@');
    void outcome(api.GET('/rubrics/{id}', { params: { path: { id }, query: { version } } })).then((res) => (res.ok ? setRubric(res.data) : setError(res.message)));
  }, [chosen]);

  const profiles = rubric ? Object.entries(rubric.profiles) : [];
  const items = (rubric?.items ?? []).filter((it) => !filter || `${it.id}${it.title}${it.outlineRef}${it.groups.map((g) => g.label + g.terms.join('')).join('')}`.includes(filter.trim()));
  const parts = [...new Set(items.map((it) => String(it.part)))];
  // the rubric's own titles (any number of parts); the fixed table only for rubrics that declare none
  const partTitle = (part: string) => rubric?.parts?.find((p) => String(p.id) === part)?.title ?? partLabel(part);

  return (
    <>
      <h1>评分细则</h1>
      <Alert message={error} />
      <div class="toolbar">
        <label>
          细则版本{' '}
          <select value={chosen} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
            {list.map((r) => (
              <option key={`${r.id}@${r.version}`} value={`${r.id}@${r.version}`}>
                {r.title}（{r.id}@{r.version}，{r.itemCount} 条）
              </option>
            ))}
          </select>
        </label>
        <label>
          查找 <input type="search" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} placeholder="条目、纲要条款或关键词" />
        </label>
      </div>
      {rubric ? (
        <>
          <section class="panel" aria-labelledby="grades-h">
            <h2 id="grades-h">等级与类别</h2>
            <p>{[...rubric.grades].sort((a, b) => b.min - a.min).map((g) => `${g.grade}：${g.min} 分及以上`).join('；')}</p>
            <table>
              <thead>
                <tr>
                  <th scope="col">类别</th>
                  <th scope="col">不适用的条目</th>
                  <th scope="col">调整权重</th>
                </tr>
              </thead>
              <tbody>
                {profiles.map(([name, p]) => (
                  <tr key={name}>
                    <td>
                      {p.title}（{name}）
                    </td>
                    <td>{p.exclude?.length ? p.exclude.join('、') : '—'}</td>
                    <td>{p.weights ? Object.entries(p.weights).map(([id, w]) => `${id}=${w}`).join('，') : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {parts.map((part) => (
            <section class="panel" key={part} aria-label={partTitle(part)}>
              <h2>{partTitle(part)}</h2>
              <table data-testid={`rubric-part-${part}`}>
                <thead>
                  <tr>
                    <th scope="col">条目</th>
                    <th scope="col">名称与纲要依据</th>
                    <th scope="col" class="num">权重</th>
                    <th scope="col">查找的内容</th>
                  </tr>
                </thead>
                <tbody>
                  {items
                    .filter((it) => String(it.part) === part)
                    .map((it) => (
                      <tr key={it.id} data-testid={`rubric-item-${it.id}`}>
                        <td>{it.id}</td>
                        <td>
                          {it.title}
                          <br />
                          <span class="terms">{it.outlineRef}</span>
                          {it.optional ? <span class="terms">（可选）</span> : null}
                        </td>
                        <td class="num">{it.weight}</td>
                        <td>
                          {it.groups.length ? (
                            <ul>
                              {it.groups.map((g) => (
                                <li key={g.id}>
                                  {g.label}：<span class="terms">{g.terms.join('、')}</span>
                                </li>
                              ))}
                            </ul>
                          ) : (
                            <span class="terms">{it.hint ?? it.check}</span>
                          )}
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </section>
          ))}
        </>
      ) : null}
    </>
  );
}
