/**
 * The one way the console talks to the API: the typed client generated from the committed openapi.json
 * (client/, `npm run openapi`). Paths, parameters and request bodies are checked against it at compile time.
 */
import type { Middleware } from 'openapi-fetch';
import { createScorecardClient, type components } from '../../../client';
import { session } from './session';

export const api = createScorecardClient(globalThis.location?.origin ?? '');

const bearer: Middleware = {
  onRequest({ request }) {
    const key = session.key();
    if (key && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${key}`);
    return request;
  },
};
api.use(bearer);

/** The API's one error body `{statusCode, error, message}` as openapi.json documents it; a non-API answer may lack any field. */
export type ApiErrorBody = Partial<components['schemas']['ErrorBody']>;

/** A Chinese sentence for a failed call, from the API's own message where it gave one. */
export function errorText(error: unknown, response?: Response): string {
  const body = (error ?? {}) as ApiErrorBody;
  const message = body.message;
  if (response?.status === 401) return `需要有效的 API 密钥${message ? `（${message}）` : ''}`;
  if (response?.status === 403) return `当前密钥无权进行此操作${message ? `（${message}）` : ''}`;
  if (response?.status === 429) return '请求过于频繁，请稍后再试';
  if (response?.status === 413) return '文件太大，超过了服务允许的上传大小';
  return message || (response ? `请求失败（HTTP ${response.status}）` : '无法连接到服务');
}

/** Result of a call: the data, or the Chinese error message. */
export type Outcome<T> = { ok: true; data: T } | { ok: false; message: string; status?: number };

/** The data's type is the route's documented response (openapi.json), never a cast. */
export async function outcome<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Outcome<T>> {
  try {
    const { data, error, response } = await call;
    // a 2xx the schema documents: openapi-fetch leaves data undefined only for an empty body (204)
    if (response.ok) return { ok: true, data: data as T };
    return { ok: false, message: errorText(error, response), status: response.status };
  } catch (failure) {
    return { ok: false, message: `无法连接到服务：${(failure as Error).message}` };
  }
}

type Fields = Record<string, string | number | boolean | undefined>;

/**
 * multipart/form-data for the upload routes: the fields come typed from the route's schema (`body`), the files are
 * added under their multipart names. openapi-fetch passes a FormData through untouched.
 */
export function formData<B extends object>(body: B, files: Record<string, File | File[] | undefined>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body as Fields)) if (value !== undefined && value !== '') form.append(name, String(value));
  for (const [name, value] of Object.entries(files)) for (const file of ([] as (File | undefined)[]).concat(value)) if (file) form.append(name, file, file.name);
  return form;
}
