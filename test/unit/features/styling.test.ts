import { expect } from '@open-wc/testing';
import { MAX_QUOTE_DEPTH, type Span, parseSpans, parseStyling } from '../../../src/features/styling/text.js';

const LETTER = { strong: 'B', emphasis: 'I', strike: 'X', code: 'C' } as const;

/** Spans as a compact string: B[strong], I[emphasis], X[strike], C[code]. */
function show(spans: Span[]): string {
  return spans.map((s) => (typeof s === 'string' ? s : `${LETTER[s.kind]}[${show(s.children)}]`)).join('');
}

describe('features/styling: XEP-0393 parsing', () => {
  it('styles the XEP\'s own examples, and leaves alone what it says stays plain', () => {
    const styled: [string, string][] = [
      ['*strong*', 'B[strong]'],
      ['plain *strong* plain', 'plain B[strong] plain'],
      ['*strong* plain *strong*', 'B[strong] plain B[strong]'],
      ['*strong*plain*', 'B[strong]plain*'],
      ['* plain *strong*', '* plain B[strong]'],
      ['Everyone ~dis~likes cake.', 'Everyone X[dis]likes cake.'],
      ['_emphasized span containing *strong span*_', 'I[emphasized span containing B[strong span]]'],
      ['This is *`monospace and bold`*', 'This is B[C[monospace and bold]]'],
      ['This is `*monospace*`', 'This is C[*monospace*]'],
    ];
    for (const [text, expected] of styled) expect(show(parseSpans(text)), text).to.equal(expected);
    for (const text of ['not strong*', '*not strong', '*not *strong', '**', '****', '_ _', 'a*b*c']) {
      expect(show(parseSpans(text)), text).to.equal(text);
    }
  });

  it('never lets a span cross a line', () => {
    const blocks = parseStyling('*not \n strong*');
    expect(blocks).to.have.length(2);
    for (const block of blocks) expect(block.kind === 'plain' && block.spans.every((s) => typeof s === 'string'), JSON.stringify(block)).to.equal(true);
  });

  it('reads preformatted blocks (to a lone ``` or the end of their parent) and quotes, nested', () => {
    expect(parseStyling('```ignored\n(println *x*)\n```\nafter')).to.deep.equal([
      { kind: 'pre', text: '```ignored\n(println *x*)\n```' },
      { kind: 'plain', spans: ['after'] },
    ]);
    expect(parseStyling('> ```\n> (code)\n\nplain')).to.deep.equal([
      { kind: 'quote', blocks: [{ kind: 'pre', text: '```\n(code)' }] },
      { kind: 'plain', spans: [] },
      { kind: 'plain', spans: ['plain'] },
    ]);
    expect(parseStyling('>> That that is, is.\n> Said the *old* hermit.\n\nWho?')).to.deep.equal([
      {
        kind: 'quote',
        blocks: [
          { kind: 'quote', blocks: [{ kind: 'plain', spans: ['That that is, is.'] }] },
          { kind: 'plain', spans: ['Said the ', { kind: 'strong', directive: '*', children: ['old'] }, ' hermit.'] },
        ],
      },
      { kind: 'plain', spans: [] },
      { kind: 'plain', spans: ['Who?'] },
    ]);
  });

  it('copes with hostile input: long runs of directives, deep quotes, no throw', () => {
    for (const text of ['*'.repeat(80_000), '*a '.repeat(20_000), '>'.repeat(50_000) + 'deep', '`'.repeat(40_000), '_*~`'.repeat(12_000), '* a '.repeat(20_000)]) {
      expect(() => parseStyling(text), text.slice(0, 20)).to.not.throw();
    }
  });

  it('nests quotes at most MAX_QUOTE_DEPTH deep; deeper markers stay text', () => {
    let blocks = parseStyling(`${'>'.repeat(MAX_QUOTE_DEPTH + 3)} deep`);
    for (let depth = 0; depth < MAX_QUOTE_DEPTH; depth++) {
      expect(blocks).to.have.length(1);
      expect(blocks[0].kind).to.equal('quote');
      blocks = (blocks[0] as { blocks: typeof blocks }).blocks;
    }
    expect(blocks).to.deep.equal([{ kind: 'plain', spans: ['>>> deep'] }]);
  });

  it('finds a span after an opening that is not one, and after one that never closes', () => {
    expect(parseSpans('* a *b*')).to.deep.equal(['* a ', { kind: 'strong', directive: '*', children: ['b'] }]);
    expect(parseSpans('*a *b _c_')).to.deep.equal(['*a *b ', { kind: 'emphasis', directive: '_', children: ['c'] }]);
  });
});
