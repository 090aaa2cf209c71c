/**
 * class-validator's findings as one Chinese line for the error body (VALIDATION_FAILED). A DTO's own Chinese
 * message is kept as it is; the library's English defaults are said again in Chinese by constraint, so a
 * client sees `limit 最大为 200；不接受字段 colour` rather than `property colour should not exist`.
 */
import { BadRequestException } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { errorBody } from './error-codes';

const HAN = /[\u3400-\u9fff]/;

/** Chinese for the constraints the DTOs use, from the field's name and the constraint's arguments. */
const CONSTRAINTS: Record<string, (field: string, args: unknown[]) => string> = {
  whitelistValidation: (f) => `不接受字段 ${f}`,
  isString: (f) => `${f} 必须是文字`,
  isInt: (f) => `${f} 必须是整数`,
  isNumber: (f) => `${f} 必须是数字`,
  isBoolean: (f) => `${f} 必须是 true 或 false`,
  isIn: (f, [list]) => `${f} 必须是 ${Array.isArray(list) ? list.join('、') : '给定值'} 之一`,
  isEnum: (f) => `${f} 不是可选的值`,
  min: (f, [n]) => `${f} 最小为 ${n}`,
  max: (f, [n]) => `${f} 最大为 ${n}`,
  isLength: (f, [n, longer]) => (longer ? `${f} 至少 ${n} 个字符` : `${f} 最长 ${n} 个字符`),
  maxLength: (f, [n]) => `${f} 最长 ${n} 个字符`,
  minLength: (f, [n]) => `${f} 至少 ${n} 个字符`,
  matches: (f) => `${f} 的格式不对`,
  isDateString: (f) => `${f} 必须是日期（如 2025-12-31）`,
  isISO8601: (f) => `${f} 必须是日期（如 2025-12-31）`,
  isUuid: (f) => `${f} 必须是 UUID`,
  isNotEmpty: (f) => `${f} 不能为空`,
  isDefined: (f) => `缺少 ${f}`,
  isObject: (f) => `${f} 必须是对象`,
  isArray: (f) => `${f} 必须是数组`,
};

/** Constraints on a value's kind: when one fails, what the value's length or range should be does not apply. */
const KIND = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isObject', 'isArray', 'isUuid', 'isDateString', 'isISO8601']);

function describe(error: ValidationError, path: string, out: string[]): void {
  const field = path ? `${path}.${error.property}` : error.property;
  const failed = Object.entries(error.constraints ?? {});
  const kind = failed.filter(([constraint]) => KIND.has(constraint));
  for (const [constraint, message] of kind.length ? kind : failed) {
    if (HAN.test(message)) out.push(message);
    else out.push(CONSTRAINTS[constraint]?.(field, constraintArgs(error, constraint)) ?? `${field} 不符合要求`);
  }
  for (const child of error.children ?? []) describe(child, field, out);
}

/**
 * A ValidationError carries the constraint's default message, not its arguments: they are read back from that
 * English (`must not be greater than 200`, `one of the following values: csv, xlsx`, `longer than or equal to 2`).
 */
function constraintArgs(error: ValidationError, constraint: string): unknown[] {
  const message = error.constraints?.[constraint] ?? '';
  if (constraint === 'isIn') return [message.replace(/^.*following values: /, '').split(/,\s*/)];
  const number = /-?\d+(?:\.\d+)?/.exec(message)?.[0];
  return [number === undefined ? '' : Number(number), /longer/.test(message)];
}

export function validationMessage(errors: ValidationError[]): string {
  const lines: string[] = [];
  for (const error of errors) describe(error, '', lines);
  return `请求参数不符合要求：${[...new Set(lines)].join('；') || '格式不对'}`;
}

/** ValidationPipe's exceptionFactory, and what controllers that validate by hand throw. */
export const validationFailed = (errors: ValidationError[]): BadRequestException => new BadRequestException(errorBody('VALIDATION_FAILED', validationMessage(errors)));
