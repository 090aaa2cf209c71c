/**
 * A test double for unit specs: only the methods given exist; calling or reading any other member throws and
 * names it, so a spec fails when the code under test does I/O the spec did not plan for (a query it should not
 * make, a write after a failure). Awaiting the double itself is not a call, so `then` reads as absent. A plain
 * function given becomes a jest.fn with that body; a member given as undefined is one a spec takes away from a
 * shared set-up (so it throws like any other).
 */
export function strictMock<T extends object>(name: string, methods: MockMethods<T> = {}): T & { [K in keyof T]: jest.Mock } {
  const members: Record<string | symbol, unknown> = {};
  for (const [key, value] of Object.entries(methods)) if (value !== undefined) members[key] = jest.isMockFunction(value) ? value : jest.fn(value as (...args: unknown[]) => unknown);
  return new Proxy(members, {
    get(target, member) {
      if (member in target) return target[member];
      if (member === 'then' || typeof member === 'symbol') return undefined;
      throw new Error(`${name}.${String(member)} is not set up in this test`);
    },
  }) as T & { [K in keyof T]: jest.Mock };
}

/** The members a spec gives a strict mock of T. */
export type MockMethods<T> = { [K in keyof T]?: jest.Mock | ((...args: never[]) => unknown) };
