// OCR child process (plain ESM: @gutenye/ocr-node is ESM-only and onnxruntime needs the host realm, so it
// runs here rather than in the server, a worker of Jest, or the event loop). The parent (ocr.ts) sends
//   {type:'pdf', bytes}            the scanned PDF whose pages follow
//   {type:'page', id, page}        render page `page` of that PDF at scale 2 and recognise it
//   {type:'image', id, bytes}      recognise an image (.png, .jpg, .tif)
// and receives {id, lines:[{text, mean, box}], width, height} or {id, error}.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let ocrPromise;
const loadOcr = () =>
  (ocrPromise ??= import(require.resolve('@gutenye/ocr-node')).then((m) => m.default.create()));
let pdf;
let unpdf;

async function renderPage(page) {
  unpdf ??= await import(require.resolve('unpdf').replace(/index\.cjs$/, 'index.mjs'));
  const png = await unpdf.renderPageAsImage(pdf, page, { canvasImport: () => import(require.resolve('@napi-rs/canvas')), scale: 2 });
  return Buffer.from(png);
}

async function handle(msg) {
  if (msg.type === 'pdf') {
    unpdf ??= await import(require.resolve('unpdf').replace(/index\.cjs$/, 'index.mjs'));
    pdf = await unpdf.getDocumentProxy(new Uint8Array(Buffer.from(msg.bytes)), { verbosity: 0, isEvalSupported: false });
    return;
  }
  const image = msg.type === 'page' ? await renderPage(msg.page) : Buffer.from(msg.bytes);
  const ocr = await loadOcr();
  const lines = await ocr.detect(image);
  process.send({ id: msg.id, lines: lines.map((l) => ({ text: l.text, mean: l.mean, box: l.box })) });
}

// One message at a time, in order: a page must not start before its PDF is open.
let chain = Promise.resolve();
process.on('message', (msg) => {
  chain = chain
    .then(() => handle(msg))
    .catch((e) => process.send({ id: msg.id, error: String(e && e.message ? e.message : e).split('\n')[0].slice(0, 200) }));
});
process.on('disconnect', () => process.exit(0));
// Models load while the parent reads the file.
loadOcr().catch(() => undefined);
