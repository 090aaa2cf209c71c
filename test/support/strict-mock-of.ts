/**
 * A collaborator for a unit spec that has only the methods the test sets up: touching any other one throws, so a
 * service that starts to read or write something the test did not expect fails the test instead of getting
 * `undefined` back.
 */
export type MockOf<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? jest.Mock<R, A> : T[K] };

// asked by await (is it a promise?) and by Jest when it prints a value in a failure message
const INSPECTED = new Set<PropertyKey>(['then', 'asymmetricMatch', '$$typeof', 'nodeType', 'toJSON', 'constructor', '@@__IMMUTABLE_ITERABLE__@@', '@@__IMMUTABLE_RECORD__@@']);

export function strictMockOf<T extends object>(name: string, methods: { [K in keyof T]?: T[K] extends (...args: infer A) => infer R ? jest.Mock<R, A> | ((...args: A) => R) : T[K] } = {}): T & MockOf<T> {
  const target: Record<PropertyKey, unknown> = {};
  // a method given as undefined is one the test takes away from a shared set-up
  for (const [key, value] of Object.entries(methods)) if (value !== undefined) target[key] = typeof value === 'function' && !jest.isMockFunction(value) ? jest.fn(value as (...args: unknown[]) => unknown) : value;
  return new Proxy(target, {
    get(obj, prop) {
      if (prop in obj) return obj[prop];
      if (typeof prop === 'symbol' || INSPECTED.has(prop)) return undefined;
      throw new Error(`${name}.${String(prop)} was not set up in this test`);
    },
  }) as T & MockOf<T>;
}
