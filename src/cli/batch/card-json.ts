/**
 * The JSON batch file, element by element: each element is written exactly as `JSON.stringify(array, null, 2)`
 * writes it (an object member of the top-level array, indented one level), so a card can be serialised on the
 * scoring thread that made it and the file assembled from the pieces. Serialising a season of cards at the end
 * was a second of the main thread, after every worker had finished. Imports nothing: workers load it.
 */

/** `value` as an element of the file's top-level array: its own lines indented one level (two spaces). */
export function elementJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', '\n  ');
}

/** A scored file's element before the batch-wide members (plan fulfilment, duplicates) are known. */
export function cardElementJson(file: string, card: object): string {
  return elementJson({ file, ...card });
}

/**
 * `element` (from cardElementJson) with `extra`'s members appended, as if they had been spread after the card's:
 * the same text as elementJson of the whole object. Undefined when `element` is not shaped so.
 */
export function withMembers(element: string, extra: Record<string, unknown>): string | undefined {
  const members = JSON.stringify(extra, null, 2);
  if (members === '{}') return element;
  if (!element.endsWith('\n  }') || !members.startsWith('{\n') || !members.endsWith('\n}')) return undefined;
  // "{\n  "a": …\n}" → "\n    "a": …": the members' lines, two levels in as the card's own
  const inner = members.slice(1, -2).replaceAll('\n', '\n  ');
  return `${element.slice(0, -4)},${inner}\n  }`;
}

/** The whole file from its elements: what `JSON.stringify(elements, null, 2)` gives, and a newline. */
export function arrayJson(elements: string[]): string {
  return elements.length ? `[\n  ${elements.join(',\n  ')}\n]\n` : '[]\n';
}
