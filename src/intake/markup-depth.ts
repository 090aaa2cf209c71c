/**
 * Nesting limits for markup, checked before the expensive parsers run: parse5, linkedom and Readability take
 * time growing with the square of the nesting depth (100,000 nested <div> in 1.1 MB kept the CPU busy for a
 * minute), and the text walkers recurse once per level. Real reports nest a few dozen levels deep.
 */
import { IntakeError } from './intake.types';

/** Deeper than any real page or Word/OFD part, far shallower than what makes the parsers slow. */
export const MAX_MARKUP_DEPTH = 512;

/** Elements that never have children. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'basefont', 'bgsound', 'frame', 'image', 'isindex']);
/** Elements a parser closes by itself when the next sibling starts (`<p>a<p>b` are siblings, not nested). */
const OPTIONAL_END = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'rb', 'rt', 'rp', 'rtc', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'html', 'head', 'body']);
/** Elements whose content is text up to their end tag, however many `<` it has. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript', 'noembed', 'noframes', 'iframe', 'plaintext']);
/** Inside these `<x/>` closes x (SVG and MathML follow XML rules); elsewhere in HTML `<div/>` opens a div. */
const FOREIGN = new Set(['svg', 'math']);

export interface HtmlShape {
  /** the deepest nesting of elements */
  depth: number;
  /** start tags */
  elements: number;
}

/**
 * The deepest nesting of elements in `html`, counted the way an HTML parser builds its tree (void elements,
 * self-closing siblings, raw-text content and comments do not nest; an end tag closes up to its element), and
 * the number of elements. Linear in the length; stops as soon as the depth passes `limit`.
 */
export function htmlShape(html: string, limit = MAX_MARKUP_DEPTH): HtmlShape {
  const stack: string[] = [];
  let elements = 0;
  const open = new Map<string, number>(); // element name → how many are on the stack, so an end tag is O(1) to match
  let foreign = 0;
  let deepest = 0;
  let i = 0;
  const pop = () => {
    const name = stack.pop()!;
    open.set(name, open.get(name)! - 1);
    if (FOREIGN.has(name)) foreign--;
  };
  while ((i = html.indexOf('<', i)) !== -1) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      if (end === -1) break;
      i = end + 3;
      continue;
    }
    const next = html.charCodeAt(i + 1);
    if (next === 0x21 || next === 0x3f) {
      // <!DOCTYPE …>, <![CDATA[…]]>, <?xml …?>
      const end = html.indexOf('>', i + 2);
      if (end === -1) break;
      i = end + 1;
      continue;
    }
    const closing = next === 0x2f;
    const name = tagName(html, closing ? i + 2 : i + 1);
    if (!name) {
      i++;
      continue;
    }
    const end = html.indexOf('>', i);
    if (end === -1) break;
    if (!closing) elements++;
    if (closing) {
      if ((open.get(name) ?? 0) > 0) {
        while (stack[stack.length - 1] !== name) pop();
        pop();
      }
    } else if (!VOID.has(name) && !OPTIONAL_END.has(name) && !(foreign > 0 && html.charCodeAt(end - 1) === 0x2f)) {
      stack.push(name);
      open.set(name, (open.get(name) ?? 0) + 1);
      if (FOREIGN.has(name)) foreign++;
      if (stack.length > deepest && (deepest = stack.length) > limit) return { depth: deepest, elements };
      if (RAW_TEXT.has(name)) {
        // its end tag, which the next turn reads and closes it with
        const close = indexOfEndTag(html, name, end + 1);
        if (close === -1) break;
        i = close;
        continue;
      }
    }
    i = end + 1;
  }
  return { depth: deepest, elements };
}

export const htmlNestingDepth = (html: string, limit = MAX_MARKUP_DEPTH): number => htmlShape(html, limit).depth;

function tagName(html: string, from: number): string | undefined {
  let j = from;
  const first = html.charCodeAt(j);
  if (!((first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a))) return undefined;
  while (j < html.length && /[A-Za-z0-9:_-]/.test(html[j])) j++;
  return html.slice(from, j).toLowerCase();
}

/** Where `</name` starts after `from`, in any letter case; -1 when the element is never closed. */
function indexOfEndTag(html: string, name: string, from: number): number {
  const pattern = new RegExp(`</${name}[\\s/>]`, 'ig');
  pattern.lastIndex = from;
  const m = pattern.exec(html);
  return m ? m.index : -1;
}

/** The page's shape, or a 422 before parsing a page nested deeper than any real one. */
export function checkedHtmlShape(html: string): HtmlShape {
  const shape = htmlShape(html);
  if (shape.depth > MAX_MARKUP_DEPTH)
    throw new IntakeError(422, `网页的标签嵌套超过 ${MAX_MARKUP_DEPTH} 层，不像正常的网页，已拒绝读取：请另存为 .docx 或纯文本后上传。`, 'HTML_TOO_DEEP');
  return shape;
}
