/**
 * http(s) addresses in a message body. Only these two schemes: `javascript:`, `data:` and every other scheme
 * stay text. Punctuation that ends a sentence, or a parenthesis that the address did not open, is not part of
 * it. Pure; never throws.
 */
export type Part = string | { href: string; text: string };

const CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?'"]$/;

export function findLinks(text: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    let candidate = match[0];
    for (;;) {
      const trimmed = TRAILING.test(candidate) || (candidate.endsWith(')') && count(candidate, '(') < count(candidate, ')'));
      if (!trimmed) break;
      candidate = candidate.slice(0, -1);
    }
    const href = validHref(candidate);
    if (!href) continue;
    const start = match.index;
    if (start > last) parts.push(text.slice(last, start));
    parts.push({ href, text: candidate });
    last = start + candidate.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function validHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? url.href : null;
  } catch {
    return null;
  }
}
