export function Console({ path }: { path: string }) {
  return (
    <main id="main">
      <h1>评审控制台</h1>
      <p>{path}</p>
    </main>
  );
}
