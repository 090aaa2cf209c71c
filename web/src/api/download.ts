/** Saves a file the API makes (exports, Word documents) under the name its Content-Disposition gives. */

/** `filename*=UTF-8''…` from the API's Content-Disposition, so the download keeps its Chinese name. */
export function filenameOf(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition ?? '');
  return plain ? plain[1] : fallback;
}

/** The call is an openapi-fetch request made with `parseAs: 'blob'`; resolves to an error sentence or null. */
export async function saveDownload(call: Promise<{ data?: unknown; response: Response }>, fallback: string): Promise<string | null> {
  try {
    const { data, response } = await call;
    if (!response.ok || !(data instanceof Blob)) return `下载失败（HTTP ${response.status}）`;
    const url = URL.createObjectURL(data);
    const a = document.createElement('a');
    a.href = url;
    a.download = filenameOf(response.headers.get('Content-Disposition'), fallback);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return null;
  } catch (error) {
    return `下载失败：${(error as Error).message}`;
  }
}
