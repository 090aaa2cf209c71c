// The contract documents every answer: each operation of the served /docs-json has a success schema (or a
// binary content type for downloads) and the error responses it can give, each with the one ErrorBody; the
// error codes are the catalogue's, listed in the ErrorBody schema and in the README.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { IS_PUBLIC, ROLES_KEY } from '../src/auth/auth.decorators';
import { ROLES } from '../src/auth/api-key.entity';
import { ERROR_CODES } from '../src/common/error-codes';
import { registeredRoutes } from './support/routes';
import { ROOT, startTestApp, type TestApp } from './support/test-app';

type Schema = { $ref?: string; type?: string; format?: string; items?: Schema; oneOf?: Schema[]; properties?: object };
type Operation = {
  security?: unknown[];
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};

const ERROR_BODY = '#/components/schemas/ErrorBody';
const BINARY_TYPES = /^(application\/(octet-stream|vnd\.openxmlformats)|text\/csv)/;

describe('every operation documents its answers', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { properties: Record<string, { enum?: string[]; description?: string }> }> } };
  const operations: Array<[string, Operation]> = [];
  beforeAll(async () => {
    t = await startTestApp({ queueMode: 'inline' });
    doc = (await request(t.http).get('/docs-json').expect(200)).body;
    for (const [route, methods] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(methods)) operations.push([`${method.toUpperCase()} ${route}`, op]);
  });
  afterAll(() => t?.close());

  it('the document has the routes (a walk over nothing would prove nothing)', () => {
    const registered = registeredRoutes(t.app).map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(operations.map(([name]) => name).sort()).toEqual(registered.sort());
    expect(operations.map(([name]) => name)).toEqual(expect.arrayContaining(['POST /check', 'GET /reports/{id}/assessment', 'GET /batches/{id}/results', 'GET /batches/{id}/export', 'GET /health']));
  });

  it('each has a success response with a schema, or a binary content type for a download', () => {
    const lacking: string[] = [];
    for (const [name, op] of operations) {
      const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (!success.length) lacking.push(`${name}: no 2xx`);
      for (const [status, response] of success) {
        if (status === '204') continue;
        const content = Object.entries(response.content ?? {});
        if (!content.length) lacking.push(`${name} ${status}: no content`);
        for (const [type, { schema }] of content) {
          const described = !!schema && (!!schema.$ref || !!schema.oneOf || (schema.type === 'array' && !!schema.items) || (schema.type === 'object' && !!schema.properties));
          const binary = BINARY_TYPES.test(type) && schema?.type === 'string' && schema.format === 'binary';
          if (!described && !binary) lacking.push(`${name} ${status} ${type}: ${JSON.stringify(schema ?? null)}`);
        }
      }
    }
    expect(lacking).toEqual([]);
  });

  it('each documents the errors it can give, every one with the ErrorBody as application/json', () => {
    const roles = rolesByOperation(t);
    const missing: string[] = [];
    for (const [name, op] of operations) {
      const expected = new Set<string>();
      if (op.security?.length && !roles.has(name)) missing.push(`${name}: no controller route found for it`);
      if (op.security?.length) ['401', '429'].forEach((s) => expected.add(s));
      if (roles.get(name) && roles.get(name)!.length < ROLES.length) expected.add('403');
      if (op.parameters?.some((p) => p.in === 'path')) expected.add('404');
      if (op.requestBody || op.parameters?.some((p) => p.in === 'query')) expected.add('400');
      const multipart = op.requestBody?.content['multipart/form-data'];
      if (multipart) expected.add('413');
      if (multipart && JSON.stringify(multipart.schema ?? {}).includes('"file"')) ['415', '422'].forEach((s) => expected.add(s));
      const documented = Object.keys(op.responses).filter((s) => /^4\d\d$/.test(s));
      for (const status of expected) if (!documented.includes(status)) missing.push(`${name}: ${status} not documented`);
      // a role that may not call it is never refused with 403 when every role may
      if (documented.includes('403') && !expected.has('403')) missing.push(`${name}: 403 documented, but every role may call it`);
      for (const status of documented) {
        const content = op.responses[status].content ?? {};
        if (Object.keys(content).join() !== 'application/json' || content['application/json'].schema?.$ref !== ERROR_BODY) missing.push(`${name} ${status}: not the ErrorBody as application/json`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the ErrorBody lists the catalogue: stable UPPER_SNAKE codes, each with a Chinese meaning', () => {
    const error = doc.components.schemas.ErrorBody.properties.error;
    expect(error.enum).toEqual(Object.keys(ERROR_CODES));
    for (const [code, meaning] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(meaning).toMatch(/[\u4e00-\u9fff]/);
      expect(error.description).toContain(`${code}: ${meaning}`);
    }
  });

  it('the README lists every code', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(Object.keys(ERROR_CODES).filter((code) => !readme.includes(`\`${code}\``))).toEqual([]);
  });
});

/** `GET /reports/{id}` → the roles @Roles allows on it (undefined for @Public routes), read from the controllers. */
function rolesByOperation(t: TestApp): Map<string, string[] | undefined> {
  const out = new Map<string, string[] | undefined>();
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const key of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[key as keyof object] as unknown;
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const route = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler))].filter((p) => p && p !== '/').join('/')}`.replace(/:(\w+)/g, '{$1}');
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const isPublic = Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller);
        out.set(`${method} ${route}`, isPublic ? undefined : (Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, controller)));
      }
    }
  }
  return out;
}
