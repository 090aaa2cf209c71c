/** Reads a .docx back for tests: the XML parts, the text paragraph by paragraph, the embedded images. */
import JSZip from 'jszip';

export interface DocxParts {
  documentXml: string;
  footerXml: string;
  /** one string per paragraph of the body, table cells included, in order */
  paragraphs: string[];
  text: string;
  media: Array<{ name: string; bytes: Buffer }>;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

export function paragraphsOf(xml: string): string[] {
  const out: string[] = [];
  for (const p of xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []) {
    const runs = [...p.matchAll(/<w:t(?: [^>]*)?>([\s\S]*?)<\/w:t>/g)].map((m) => unescape(m[1]));
    out.push(runs.join(''));
  }
  return out;
}

export async function readDocx(bytes: Buffer): Promise<DocxParts> {
  const zip = await JSZip.loadAsync(bytes);
  const documentXml = await zip.file('word/document.xml')!.async('string');
  const footers = Object.keys(zip.files).filter((n) => /^word\/footer\d*\.xml$/.test(n));
  const footerXml = (await Promise.all(footers.map((n) => zip.file(n)!.async('string')))).join('\n');
  const media = await Promise.all(Object.keys(zip.files).filter((n) => n.startsWith('word/media/')).map(async (name) => ({ name, bytes: await zip.file(name)!.async('nodebuffer') })));
  const paragraphs = paragraphsOf(documentXml);
  return { documentXml, footerXml, paragraphs, text: paragraphs.join('\n'), media };
}
