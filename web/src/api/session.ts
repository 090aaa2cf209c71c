/** The API key of the review console: in sessionStorage only, gone when the tab closes. */
const KEY = 'fzs.apiKey';
export type Role = 'admin' | 'reviewer' | 'agency';
const ROLE = 'fzs.role';

export const session = {
  key: (): string | null => globalThis.sessionStorage?.getItem(KEY) ?? null,
  role: (): Role | null => (globalThis.sessionStorage?.getItem(ROLE) as Role | null) ?? null,
  set(key: string, role: Role): void {
    sessionStorage.setItem(KEY, key);
    sessionStorage.setItem(ROLE, role);
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(ROLE);
  },
};
