/**
 * A test double for unit specs: only the methods given exist; calling or reading any other member throws and
 * names it, so a spec fails when the code under test does I/O the spec did not plan for (a query it should not
 * make, a write after a failure). Awaiting the double itself is not a call, so `then` reads as absent.
 */
export function strictMock<T extends object>(name: string, methods: { [K in keyof T]?: jest.Mock } = {}): T & { [K in keyof T]: jest.Mock } {
  return new Proxy(methods as object, {
    get(target, member) {
      if (member in target) return (target as Record<string | symbol, unknown>)[member];
      if (member === 'then' || typeof member === 'symbol') return undefined;
      throw new Error(`${name}.${String(member)} is not set up in this test`);
    },
  }) as T & { [K in keyof T]: jest.Mock };
}
