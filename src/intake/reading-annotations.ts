/**
 * Reading annotations that reposted pages insert after characters — 法(fǎ)治(zhì), 法（fa3）— sometimes
 * with brackets turned to mojibake. They are removed from the extracted text before anything else, so no
 * conversion, match or quote ever sees them.
 */
const TONED = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü';
const OPEN = '(（﹙［\\[〔【\\ufffd';
const CLOSE = ')）﹚］\\]〕】\\ufffd';
/** A pinyin syllable that carries a tone (mark or digit), in brackets, right after a Han character. */
const ANNOTATION = new RegExp(
  `(?<=[\\u3400-\\u9fff])[${OPEN}]\\s*(?=[a-z${TONED}]*[${TONED}1-5])[a-z${TONED}]{1,6}[1-5]?\\s*[${CLOSE}]`,
  'g',
);

export function stripReadingAnnotations(text: string): string {
  return text.replace(ANNOTATION, '');
}
