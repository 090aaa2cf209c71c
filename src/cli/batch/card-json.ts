/**
 * The JSON batch file, element by element: each element is written exactly as `JSON.stringify(array, null, 2)`
 * writes it (an object member of the top-level array, indented one level), as UTF-8, so a card can be serialised
 * and encoded on the scoring thread that made it, moved (not copied) to the main thread, and the file assembled
 * from the pieces. Serialising and encoding a season of cards at the end was a second and more of the main
 * thread, after every worker had finished. Imports nothing: workers load it.
 */

/** `value` as an element of the file's top-level array, in UTF-8: its lines indented one level (two spaces). */
export function elementJson(value: unknown): Uint8Array {
  // stringified inside an array, the value is indented as the file indents it: no second pass to re-indent
  const text = JSON.stringify([value], null, 2).slice(4, -2);
  // its own memory, never a slice of Buffer's shared pool: a worker moves it to the main thread whole
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'utf8'));
  bytes.write(text, 'utf8');
  return bytes;
}

/** A scored file's element before the batch-wide members (plan fulfilment, duplicates) are known. */
export function cardElementJson(file: string, card: object): Uint8Array {
  return elementJson({ file, ...card });
}

const CLOSE = Buffer.from('\n  }', 'utf8');

/**
 * `element` (from cardElementJson) with `extra`'s members appended, as if they had been spread after the card's:
 * the same bytes as elementJson of the whole object, in pieces. Undefined when `element` is not shaped so.
 */
export function withMembers(element: Uint8Array, extra: Record<string, unknown>): Uint8Array[] | undefined {
  const members = JSON.stringify([extra], null, 2).slice(4, -2);
  if (members === '{}') return [element];
  const end = element.length - CLOSE.length;
  if (end < 1 || !Buffer.from(element.buffer, element.byteOffset + end, CLOSE.length).equals(CLOSE)) return undefined;
  // "{\n    "a": …\n  }" → ",\n    "a": …\n  }": the members' lines follow the card's, at the same depth
  return [element.subarray(0, end), Buffer.from(`,${members.slice(1)}`, 'utf8')];
}

/** The whole file from its elements: the bytes of `JSON.stringify(elements, null, 2)` and a newline. */
export function arrayJson(elements: Uint8Array[][]): Buffer {
  if (elements.length === 0) return Buffer.from('[]\n', 'utf8');
  const open = Buffer.from('[\n  ', 'utf8');
  const comma = Buffer.from(',\n  ', 'utf8');
  const pieces: Uint8Array[] = [open];
  elements.forEach((element, i) => {
    if (i > 0) pieces.push(comma);
    pieces.push(...element);
  });
  pieces.push(Buffer.from('\n]\n', 'utf8'));
  return Buffer.concat(pieces);
}
