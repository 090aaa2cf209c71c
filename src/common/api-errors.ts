/**
 * The error responses of a route in the OpenAPI document: every 4xx a route can give, each with the one body
 * `{statusCode, error, message}` (ErrorBody) as application/json, also on routes whose success is a file.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ERROR_CODES } from './error-codes';

const CODE_LIST = Object.entries(ERROR_CODES)
  .map(([code, meaning]) => `${code}: ${meaning}`)
  .join('; ');

export class ErrorBody {
  @ApiProperty({ example: 404, description: 'the HTTP status again' }) statusCode: number;
  @ApiProperty({ enum: Object.keys(ERROR_CODES), example: 'REPORT_NOT_FOUND', description: `a stable machine code to switch on. ${CODE_LIST}` }) error: string;
  @ApiProperty({ example: '未找到报告', description: 'for people, in Chinese; one line per problem for VALIDATION_FAILED' }) message: string;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

const WHEN: Record<ErrorStatus, string> = {
  400: '请求参数有误（VALIDATION_FAILED 等）',
  401: '缺少或无效的 API 密钥（UNAUTHORIZED）',
  403: '该角色无权操作（FORBIDDEN）',
  404: '不存在或无权查看',
  409: '与当前状态冲突（例如尚未评估完成）',
  413: '文件或请求体过大（FILE_TOO_LARGE 等）',
  415: '不支持的文件类型（UNSUPPORTED_FORMAT）',
  422: '文件无法读出可评估的文字（UNREADABLE_REPORT、NOT_CHINESE）',
  429: '请求过于频繁（RATE_LIMITED、TOO_MANY_AUTH_FAILURES），见 Retry-After',
};

/** A route's error responses: `@ApiErrors(400, 404, 409)`. Keys and rate limits add 401/403/429 by `ApiKeyErrors`. */
export const ApiErrors = (...statuses: ErrorStatus[]) =>
  applyDecorators(
    ApiExtraModels(ErrorBody),
    ...statuses.map((status) => ApiResponse({ status, description: WHEN[status], content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBody) } } } })),
  );
