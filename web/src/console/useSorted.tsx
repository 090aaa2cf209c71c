import { useState } from 'preact/hooks';

export type SortDir = 1 | -1;

/** Click a column to sort by it, click again to reverse; nulls last. */
export function useSorted<T>(rows: T[], initial: keyof T & string, dir: SortDir = -1) {
  const [by, setBy] = useState<keyof T & string>(initial);
  const [order, setOrder] = useState<SortDir>(dir);
  const sorted = [...rows].sort((a, b) => {
    const x = a[by] as unknown;
    const y = b[by] as unknown;
    if (x === y) return 0;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN')) * order;
  });
  const header = (key: keyof T & string, label: string, numeric = false) => (
    <th class={numeric ? 'num' : undefined} aria-sort={by === key ? (order === 1 ? 'ascending' : 'descending') : 'none'} scope="col">
      <button
        type="button"
        onClick={() => {
          if (by === key) setOrder((order * -1) as SortDir);
          else {
            setBy(key);
            setOrder(numeric ? -1 : 1);
          }
        }}
      >
        {label}
        {by === key ? (order === 1 ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
  return { sorted, header };
}
