/**
 * A typed client of the Fazhi Scorecard API: openapi-fetch over the paths generated from the committed
 * openapi.json (`npm run openapi` writes both). Paths, parameters, bodies and responses are checked at compile
 * time; the e2e specs and the web console talk to the API through it.
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };
export type ScorecardClient = Client<paths>;

/** `apiKey` is sent as `Authorization: Bearer …` on every request. */
export function createScorecardClient(baseUrl: string, options: { apiKey?: string } & Omit<ClientOptions, 'baseUrl'> = {}): ScorecardClient {
  const { apiKey, headers, ...rest } = options;
  return createClient<paths>({ baseUrl, ...rest, headers: { ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}), ...(headers as Record<string, string> | undefined) } });
}
