/**
 * The stable machine codes of the error body `{statusCode, error, message}`: `error` is one of these, in
 * UPPER_SNAKE, for a client to switch on; `message` is Chinese, for people, and may change. A code is never
 * renamed or reused for another meaning; new ones are added here, and the README and the OpenAPI ErrorBody
 * list them from this catalogue.
 */
export const ERROR_CODES = {
  // 400
  VALIDATION_FAILED: '请求参数不符合要求（message 列出每一处）',
  MALFORMED_JSON: '请求体不是合法的 JSON',
  JSON_TOO_DEEP: '请求体 JSON 嵌套过深',
  JSON_TOO_MANY_KEYS: '请求体 JSON 字段过多',
  JSON_TOO_MANY_ITEMS: '请求体 JSON 数组元素过多',
  INVALID_REPORT_INPUT: '报告须以 multipart 字段 file 或 JSON {"text"} 之一提交',
  EMPTY_REPORT: '报告为空或没有文字',
  INVALID_RUBRIC_REF: '评估细则写法不对（应为 ID 或 ID@VERSION）',
  UNKNOWN_PROFILE: '评估细则中没有这个评估类别（profile）',
  UNKNOWN_ITEM: '评估细则中没有这个评估项',
  INVALID_WAIVER: '豁免缺少单位或已过期',
  INVALID_API_KEY_REQUEST: '创建密钥的角色或单位不对',
  INVALID_BATCH_UPLOAD: '批量上传的文件、压缩包或清单有误',
  TOO_MANY_FILES: '一次上传的文件过多',
  MALFORMED_UPLOAD: 'multipart 上传的格式不对或有未知字段',
  BAD_REQUEST: '请求有误（没有更具体的代码时）',
  // 401, 403
  UNAUTHORIZED: '缺少 API 密钥，或密钥无效、已吊销',
  FORBIDDEN: '该角色无权进行此操作',
  // 404
  NOT_FOUND: '没有这个地址',
  REPORT_NOT_FOUND: '报告不存在或无权查看',
  BATCH_NOT_FOUND: '批次不存在或无权查看',
  RUBRIC_NOT_FOUND: '没有这个评估细则或版本',
  API_KEY_NOT_FOUND: '没有这个 API 密钥',
  ORGANISATION_NOT_FOUND: '单位不存在或无权查看',
  NO_PREVIOUS_REPORT: '没有同一单位上一年度的报告',
  // 409
  ASSESSMENT_NOT_READY: '报告尚未完成评估',
  REPORT_TEXT_NOT_READY: '扫描件仍在文字识别（或识别失败），还没有可评估的文字',
  BATCH_NOT_DONE: '批次尚未评估完成',
  RUBRIC_NOT_LOADED: '所用评估细则已不在服务中',
  ISSUER_MISMATCH: '两份报告的报告单位不同',
  YEAR_ORDER: '上年度报告应早于本年度报告',
  CONFLICT: '与当前状态冲突（没有更具体的代码时）',
  // 408, 413, 431
  REQUEST_TIMEOUT: '请求发送超时',
  FILE_TOO_LARGE: '文件或请求体超过大小上限',
  TOO_MANY_PAGES: '扫描件页数超过文字识别上限',
  HEADERS_TOO_LARGE: '请求的地址或请求头过长',
  // 415
  UNSUPPORTED_FORMAT: '不支持的文件类型',
  // 422
  UNREADABLE_REPORT: '文件已损坏、加密或无法读出文字',
  NOT_CHINESE: '文本几乎没有中文',
  HTML_TOO_DEEP: '网页的标签嵌套过深',
  XML_TOO_DEEP: '文档内部的 XML 嵌套过深',
  INTAKE_TIMEOUT: '文件处理超过时间上限',
  INTAKE_MEMORY_EXCEEDED: '文件处理所需内存超过上限',
  // 429
  RATE_LIMITED: '请求过于频繁',
  TOO_MANY_AUTH_FAILURES: '来自此地址的无效密钥过多',
  // 5xx
  DATABASE_BUSY: '数据库繁忙，请稍后重试（见 Retry-After）',
  QUEUE_UNAVAILABLE: '队列暂不可用，未存储任何内容，请重试',
  INTERNAL_ERROR: '服务器内部错误（详情见日志）',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export const isErrorCode = (value: unknown): value is ErrorCode => typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);

/** The response of an HttpException that says which code it is: `new NotFoundException(errorBody(…))`. */
export const errorBody = (error: ErrorCode, message: string): { error: ErrorCode; message: string } => ({ error, message });

/** The code for a status when the thrower gave none (Nest's own 404 for an unknown route, a parser's 413). */
export function defaultErrorCode(status: number): ErrorCode {
  const byStatus: Record<number, ErrorCode> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHORIZED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    409: 'CONFLICT',
    413: 'FILE_TOO_LARGE',
    415: 'UNSUPPORTED_FORMAT',
    422: 'UNREADABLE_REPORT',
    429: 'RATE_LIMITED',
    503: 'QUEUE_UNAVAILABLE',
  };
  return byStatus[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
}
