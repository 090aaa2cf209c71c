import { BadRequestException } from '@nestjs/common';
import type { ErrorCode } from './error-codes';

/** Deeper than any body this API accepts, far shallower than what overflows the validator's recursion. */
export const MAX_JSON_DEPTH = 64;
/** Object keys in one body: the largest real body (an override list) has a few hundred. */
export const MAX_JSON_KEYS = 1_000;

/**
 * Array elements in one body: real lists (overrides, waivers) have a few hundred. Measured: one array of 200,000
 * numbers (1.3 MB) kept the event loop busy for 27 s in validation before being refused.
 */
export const MAX_JSON_ITEMS = 10_000;

export type JsonShapeProblem = Extract<ErrorCode, 'JSON_TOO_DEEP' | 'JSON_TOO_MANY_KEYS' | 'JSON_TOO_MANY_ITEMS'>;

/**
 * Scans raw JSON once, without parsing, for nesting depth and the number of object keys. Runs before
 * JSON.parse and long before class-validator, whose recursion overflowed on 10,000 levels and whose
 * whitelist check took seconds on 50,000 keys. Malformed JSON is left to the parser to refuse.
 */
export function jsonShapeProblem(raw: Buffer | string, maxDepth = MAX_JSON_DEPTH, maxKeys = MAX_JSON_KEYS, maxItems = MAX_JSON_ITEMS): JsonShapeProblem | null {
  const text = typeof raw === 'string' ? raw : raw.toString('latin1'); // only ASCII punctuation matters here
  let depth = 0;
  let keys = 0;
  let items = 0;
  // whether each open container is an array: a comma there separates array elements
  const inArray: boolean[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return 'JSON_TOO_DEEP';
      inArray.push(c === 0x5b);
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      inArray.pop();
    } else if (c === 0x3a && ++keys > maxKeys) return 'JSON_TOO_MANY_KEYS';
    else if (c === 0x2c && inArray[inArray.length - 1] && ++items > maxItems) return 'JSON_TOO_MANY_ITEMS';
  }
  return null;
}

const MESSAGES: Record<JsonShapeProblem, string> = {
  JSON_TOO_DEEP: `请求体 JSON 嵌套过深（最多 ${MAX_JSON_DEPTH} 层）`,
  JSON_TOO_MANY_KEYS: `请求体 JSON 字段过多（最多 ${MAX_JSON_KEYS} 个）`,
  JSON_TOO_MANY_ITEMS: `请求体 JSON 数组元素过多（最多 ${MAX_JSON_ITEMS} 个）`,
};

/** body-parser `verify` hook: a 400 with a stable code before the body is parsed. */
export function verifyJsonShape(_req: unknown, _res: unknown, raw: Buffer): void {
  const problem = jsonShapeProblem(raw);
  if (problem) throw new BadRequestException({ statusCode: 400, error: problem, message: MESSAGES[problem] });
}
