/**
 * One matcher for every term of every item of a rubric.
 *
 * Choice: a character trie walked from every start position, not a RegExp alternation. Rubric terms overlap
 * on purpose — 法治政府 sits inside 法治政府建设, 合法性审查 belongs to 四（二） and to the legality-review
 * item, 第一责任人 to E3 and to 十（一） — and a RegExp alternation (even a lookahead one) reports only one
 * term per start position. The trie reports every term that starts at a position, so each term is scanned
 * once for the whole rubric and every (item, group) that owns it gets the hit. Chinese terms are short
 * (2–10 chars) and most positions fail at the root, so the walk stays close to one pass over the text.
 */
import type { RubricDefinition, RubricItem } from '../../rubric/rubric.types';

/** Which item and which of its term groups a term belongs to (indices into rubric.items / item.groups). */
export interface TermTarget {
  itemIndex: number;
  groupIndex: number;
}

interface TrieNode {
  next: Map<number, TrieNode>;
  /** index into CompiledRubric.terms of the term that ends at this node, or -1 */
  termIndex: number;
}

export interface CompiledRubric {
  rubric: RubricDefinition;
  /** distinct terms, normalised as the text is */
  terms: string[];
  /** for each term, every (item, group) listing it — a shared term counts for all of them */
  targets: TermTarget[][];
  /** item id → index into rubric.items */
  itemIndexById: Map<string, number>;
  root: TrieNode;
  /**
   * The root's children by UTF-16 code unit. Most positions of a report start no term at all; a typed-array
   * lookup rejects them several times faster than Map.get, and that rejection is most of the scan.
   */
  /** the trie flattened into typed arrays for the scan (see flatten) */
  flat: FlatTrie;
}

/**
 * The trie as typed arrays: node n's children are childCode/childNode[childStart[n] .. childStart[n+1]), sorted by
 * code. Most nodes have one to three children, so a short linear scan of a Uint16Array beats a Map lookup, and
 * the root is a direct 64K table because most positions of a report start no term at all.
 */
interface FlatTrie {
  rootChild: Int32Array; // code unit → node id + 1, 0 when no term starts with it
  childStart: Int32Array;
  childCode: Uint16Array;
  childNode: Int32Array;
  termAt: Int32Array; // term index ending at the node, or -1
}

/** Occurrences of terms in the normalised text, as parallel arrays sorted by start (then by term length). */
export interface TermHits {
  count: number;
  term: Int32Array;
  start: Int32Array;
  end: Int32Array;
}

/**
 * Rubric terms are written in simplified Chinese with whatever punctuation the author typed; the report text is
 * normalised (full-width ASCII → half-width, ideographic space → space) before matching, so the terms must be too,
 * or a term such as "双随机、一公开" typed with full-width letters or brackets would never match.
 */
export function normaliseTerm(term: string): string {
  let out = '';
  for (const ch of term.trim()) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}

const compiledByRubric = new WeakMap<RubricDefinition, CompiledRubric>();

export function compileRubric(rubric: RubricDefinition): CompiledRubric {
  const cached = compiledByRubric.get(rubric);
  if (cached) return cached;

  const terms: string[] = [];
  const targets: TermTarget[][] = [];
  const termIndexByText = new Map<string, number>();
  const itemIndexById = new Map<string, number>();
  const root: TrieNode = { next: new Map(), termIndex: -1 };

  rubric.items.forEach((item: RubricItem, itemIndex) => {
    itemIndexById.set(item.id, itemIndex);
    (item.groups ?? []).forEach((group, groupIndex) => {
      for (const raw of group.terms ?? []) {
        const term = normaliseTerm(raw);
        if (!term) continue;
        let termIndex = termIndexByText.get(term);
        if (termIndex === undefined) {
          termIndex = terms.length;
          terms.push(term);
          targets.push([]);
          termIndexByText.set(term, termIndex);
          insert(root, term, termIndex);
        }
        const list = targets[termIndex];
        // the same term listed twice in one group must not count twice
        if (!list.some((t) => t.itemIndex === itemIndex && t.groupIndex === groupIndex)) {
          list.push({ itemIndex, groupIndex });
        }
      }
    });
  });

  const compiled: CompiledRubric = { rubric, terms, targets, itemIndexById, root, flat: flatten(root) };
  compiledByRubric.set(rubric, compiled);
  return compiled;
}

function flatten(root: TrieNode): FlatTrie {
  const nodes: TrieNode[] = [];
  const ids = new Map<TrieNode, number>();
  const queue: TrieNode[] = [...root.next.values()];
  while (queue.length) {
    const node = queue.shift()!;
    ids.set(node, nodes.length);
    nodes.push(node);
    for (const child of node.next.values()) queue.push(child);
  }
  const childStart = new Int32Array(nodes.length + 1);
  const codes: number[] = [];
  const children: number[] = [];
  nodes.forEach((node, id) => {
    childStart[id] = codes.length;
    for (const code of [...node.next.keys()].sort((a, b) => a - b)) {
      codes.push(code);
      children.push(ids.get(node.next.get(code)!)!);
    }
  });
  childStart[nodes.length] = codes.length;
  const rootChild = new Int32Array(65536);
  for (const [code, node] of root.next) rootChild[code] = ids.get(node)! + 1;
  return {
    rootChild,
    childStart,
    childCode: Uint16Array.from(codes),
    childNode: Int32Array.from(children),
    termAt: Int32Array.from(nodes, (n) => n.termIndex),
  };
}

function insert(root: TrieNode, term: string, termIndex: number): void {
  let node = root;
  for (let i = 0; i < term.length; i++) {
    const code = term.charCodeAt(i);
    let child = node.next.get(code);
    if (!child) {
      child = { next: new Map(), termIndex: -1 };
      node.next.set(code, child);
    }
    node = child;
  }
  node.termIndex = termIndex;
}

/** Every occurrence of every term, overlapping ones included, in one pass over the text. */
export function scanTerms(compiled: CompiledRubric, text: string): TermHits {
  let capacity = 256;
  let term: Int32Array = new Int32Array(capacity);
  let start: Int32Array = new Int32Array(capacity);
  let end: Int32Array = new Int32Array(capacity);
  let count = 0;
  const { rootChild, childStart, childCode, childNode, termAt } = compiled.flat;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let node = rootChild[text.charCodeAt(i)] - 1;
    let j = i + 1;
    while (node >= 0) {
      const t = termAt[node];
      if (t >= 0) {
        if (count === capacity) {
          capacity *= 2;
          term = grow(term, capacity);
          start = grow(start, capacity);
          end = grow(end, capacity);
        }
        term[count] = t;
        start[count] = i;
        end[count] = j;
        count++;
      }
      if (j >= n) break;
      const code = text.charCodeAt(j++);
      let next = -1;
      for (let k = childStart[node], stop = childStart[node + 1]; k < stop; k++) {
        const c = childCode[k];
        if (c === code) {
          next = childNode[k];
          break;
        }
        if (c > code) break;
      }
      node = next;
    }
  }
  return { count, term, start, end };
}

function grow(a: Int32Array, capacity: number): Int32Array {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}
