/**
 * XEP-0393 Message Styling (v0.2.0), parsed into blocks and spans; pure, never throws. Blocks first: lines,
 * preformatted blocks (a line starting with ```, up to a line that is exactly ``` or the end of the parent
 * block) and quotations (lines starting with >, whose content is parsed again as blocks). Then spans inside
 * each plain line (§5.2): an opening directive at the start or after whitespace and not followed by it, lazily
 * matched with the first closing one not preceded by whitespace, with some text between.
 */
export type SpanKind = 'strong' | 'emphasis' | 'strike' | 'code';
export type Span = string | { kind: SpanKind; directive: string; children: Span[] };
export type Block =
  | { kind: 'plain'; spans: Span[] }
  | { kind: 'pre'; text: string }
  | { kind: 'quote'; blocks: Block[] };

const DIRECTIVES: Readonly<Record<string, SpanKind>> = { '*': 'strong', _: 'emphasis', '~': 'strike', '`': 'code' };
const WHITESPACE = /[\s\p{Z}]/u;
/** Quotes nest this deep; deeper `>` are text. A hostile message could otherwise nest thousands deep. */
export const MAX_QUOTE_DEPTH = 16;

export function parseStyling(text: string): Block[] {
  return blocksOf(text.split('\n'), 0);
}

function blocksOf(lines: readonly string[], depth: number): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.startsWith('```')) {
      let end = i + 1;
      while (end < lines.length && lines[end] !== '```') end++;
      blocks.push({ kind: 'pre', text: lines.slice(i, end + 1).join('\n') });
      i = end + 1;
    } else if (line.startsWith('>') && depth < MAX_QUOTE_DEPTH) {
      let end = i;
      while (end < lines.length && lines[end].startsWith('>')) end++;
      // §5.1.3: the first leading whitespace character of each line is trimmed.
      blocks.push({ kind: 'quote', blocks: blocksOf(lines.slice(i, end).map((l) => l.slice(1).replace(/^[\s\p{Z}]/u, '')), depth + 1) });
      i = end;
    } else {
      blocks.push({ kind: 'plain', spans: parseSpans(line) });
      i++;
    }
  }
  return blocks;
}

export function parseSpans(line: string): Span[] {
  const spans: Span[] = [];
  let plain = '';
  let i = 0;
  // A directive that found no closing from one opening finds none from a later one either (its candidates are
  // fewer): remembering that keeps a line of many openings linear, not quadratic.
  const unclosed = new Set<string>();
  while (i < line.length) {
    const directive = line[i];
    const kind = DIRECTIVES[directive];
    const close = kind && !unclosed.has(directive) && (i === 0 || WHITESPACE.test(line[i - 1])) ? closing(line, i) : -1;
    if (close === NO_CLOSING) unclosed.add(directive);
    if (close < 0) {
      plain += directive;
      i++;
      continue;
    }
    if (plain) spans.push(plain);
    plain = '';
    const inner = line.slice(i + 1, close);
    spans.push({ kind, directive, children: kind === 'code' ? [inner] : parseSpans(inner) });
    i = close + 1;
  }
  if (plain) spans.push(plain);
  return spans;
}

/** No closing directive anywhere after the opening (as opposed to -1: not an opening at all). */
const NO_CLOSING = -2;

/**
 * Where the span opened at `open` closes, -1 when it is not an opening, or {@link NO_CLOSING}. Its text may
 * not be only more of the same directive (`****`).
 */
function closing(line: string, open: number): number {
  const directive = line[open];
  if (open + 1 >= line.length || WHITESPACE.test(line[open + 1])) return -1;
  let other = false;
  for (let j = open + 1; j < line.length; j++) {
    if (line[j] !== directive) other = true;
    else if (other && !WHITESPACE.test(line[j - 1])) return j;
  }
  return NO_CLOSING;
}
