import { expect } from '@open-wc/testing';
import { buildMamQuery, parseMamFin, parseMamResult } from '../../../src/xmpp/mam.js';
import { parseChatMessage } from '../../../src/xmpp/message.js';
import { stanza } from './parse-xml.js';

const OWN = 'juliet@capulet.lit';
const ROMEO = 'romeo@montague.lit/orchard';
const FORM = '<x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE" type="hidden"><value>urn:xmpp:mam:2</value></field>';

/** A MAM result message as XEP-0313 §4.2 shows it, with parts replaceable. */
function result(opts: {
  from?: string | null; type?: string; queryid?: string | null; id?: string | null; resultNs?: string;
  delay?: string; inner?: string; innerFrom?: string; innerTo?: string; innerType?: string; extra?: string;
} = {}): string {
  const from = opts.from === undefined ? null : opts.from;
  const queryid = opts.queryid === undefined ? 'f27' : opts.queryid;
  const id = opts.id === undefined ? '28482-98726-73623' : opts.id;
  const inner = opts.inner ?? `<message xmlns="jabber:client" to="${opts.innerTo ?? `${OWN}/balcony`}" from="${opts.innerFrom ?? ROMEO}" type="${opts.innerType ?? 'chat'}" id="8a54s">`
    + '<body>Call me but love, and I\'ll be new baptized</body><request xmlns="urn:xmpp:receipts"/></message>';
  return `<message xmlns="jabber:client" id="aeb213" to="${OWN}/chamber"${from === null ? '' : ` from="${from}"`}${opts.type ? ` type="${opts.type}"` : ''}>`
    + `<result xmlns="${opts.resultNs ?? 'urn:xmpp:mam:2'}"${queryid === null ? '' : ` queryid="${queryid}"`}${id === null ? '' : ` id="${id}"`}>`
    + '<forwarded xmlns="urn:xmpp:forward:0">'
    + (opts.delay ?? '<delay xmlns="urn:xmpp:delay" stamp="2010-07-10T23:08:25Z"/>')
    + inner + `</forwarded></result>${opts.extra ?? ''}</message>`;
}
const parse = (source: string, queryId = 'f27', own = OWN) => parseMamResult(stanza(source), queryId, own);

describe('xmpp/mam', () => {
  describe('buildMamQuery', () => {
    it('asks for the last page of the whole archive (XEP-0313 §4.3.3)', () => {
      expect(buildMamQuery({ queryId: 'q1', max: 50, before: true }).toString()).to.equal(
        `<iq type="set"><query xmlns="urn:xmpp:mam:2" queryid="q1">${FORM}</x>`
        + '<set xmlns="http://jabber.org/protocol/rsm"><max>50</max><before/></set></query></iq>');
    });

    it('filters by JID (§4.1.1) and pages forwards with after (XEP-0059 §2.2)', () => {
      expect(buildMamQuery({ queryId: 'q2', with: 'romeo@montague.lit', max: 10, after: '09af3-cc343-b409f' }).toString()).to.equal(
        `<iq type="set"><query xmlns="urn:xmpp:mam:2" queryid="q2">${FORM}<field var="with"><value>romeo@montague.lit</value></field></x>`
        + '<set xmlns="http://jabber.org/protocol/rsm"><max>10</max><after>09af3-cc343-b409f</after></set></query></iq>');
    });

    it('pages backwards with before an id (XEP-0059 §2.3)', () => {
      const el = buildMamQuery({ queryId: 'q3', max: 20, before: 'abc' });
      expect(el.getChild('query', 'urn:xmpp:mam:2')?.getChild('set', 'http://jabber.org/protocol/rsm')?.toString())
        .to.equal('<set xmlns="http://jabber.org/protocol/rsm"><max>20</max><before>abc</before></set>');
    });

    it('sends neither after nor before when not asked, nor an empty after or with', () => {
      const set = (q: Parameters<typeof buildMamQuery>[0]) => buildMamQuery(q).getChild('query')?.getChild('set')?.toString();
      expect(set({ queryId: 'q', max: 5 })).to.equal('<set xmlns="http://jabber.org/protocol/rsm"><max>5</max></set>');
      expect(set({ queryId: 'q', max: 5, after: '' })).to.equal('<set xmlns="http://jabber.org/protocol/rsm"><max>5</max></set>');
      expect(set({ queryId: 'q', max: 5, before: '' })).to.equal('<set xmlns="http://jabber.org/protocol/rsm"><max>5</max><before/></set>');
      expect(buildMamQuery({ queryId: 'q', max: 5, with: '' }).toString()).to.not.contain('var="with"');
    });

    it('lets after win when a caller passes both anyway', () => {
      const both = { queryId: 'q', max: 5, after: 'a', before: 'b' } as unknown as Parameters<typeof buildMamQuery>[0];
      expect(buildMamQuery(both).toString()).to.contain('<after>a</after>').and.not.contain('<before');
    });

    it('truncates max to a non-negative integer and leaves it out when not a number', () => {
      const max = (n: number) => buildMamQuery({ queryId: 'q', max: n }).getChild('query')?.getChild('set')?.getChildText('max');
      expect(max(12.9)).to.equal('12');
      expect(max(-3)).to.equal('0');
      expect(max(0)).to.equal('0');
      expect(max(Number.NaN)).to.equal(null);
      expect(max(Number.POSITIVE_INFINITY)).to.equal(null);
    });

    it('has no id or to (iqCaller assigns the id; the archive is our account) and escapes values', () => {
      const el = buildMamQuery({ queryId: '"q"', with: '<x>&', max: 1, after: '</after>' });
      expect(el.attrs).to.deep.equal({ type: 'set' });
      expect(el.toString()).to.contain('queryid="&quot;q&quot;"').and.contain('<value>&lt;x&gt;&amp;</value>').and.contain('<after>&lt;/after&gt;</after>');
    });
  });

  describe('parseMamResult', () => {
    it('reads an incoming archived message (§4.2)', () => {
      const r = parse(result());
      expect(r).to.deep.include({ archiveId: '28482-98726-73623', direction: 'in', peer: 'romeo@montague.lit', stamp: Date.UTC(2010, 6, 10, 23, 8, 25) });
      expect(parseChatMessage(r!.message)).to.deep.include({ id: '8a54s', from: ROMEO, to: `${OWN}/balcony`, body: 'Call me but love, and I\'ll be new baptized' });
    });

    it('reads an outgoing one: direction out, peer from its to', () => {
      const r = parse(result({ innerFrom: `${OWN}/balcony`, innerTo: 'Romeo@Montague.lit/orchard' }));
      expect(r).to.include({ direction: 'out', peer: 'romeo@montague.lit' });
    });

    it('reads a message to ourselves as outgoing, with ourselves as peer', () => {
      expect(parse(result({ innerFrom: `${OWN}/a`, innerTo: `${OWN}/b` }))).to.include({ direction: 'out', peer: OWN });
    });

    it('accepts a result from our own bare JID, in any case, and our own JID given with a resource', () => {
      expect(parse(result({ from: OWN }))?.archiveId).to.equal('28482-98726-73623');
      expect(parse(result({ from: 'Juliet@Capulet.LIT' }))?.archiveId).to.equal('28482-98726-73623');
      expect(parse(result(), 'f27', `${OWN}/chamber`)?.archiveId).to.equal('28482-98726-73623');
    });

    it('gives the forwarded message itself, to be read like any other, body or not', () => {
      expect(parseChatMessage(parse(result())!.message)?.id).to.equal('8a54s');
      const composing = `<message xmlns="jabber:client" from="${ROMEO}" to="${OWN}" type="chat"><composing xmlns="http://jabber.org/protocol/chatstates"/></message>`;
      expect(parse(result({ inner: composing }))?.message.getChild('composing')).to.not.equal(undefined);
      expect(parse(result({ inner: composing.replace('type="chat"', 'type="groupchat"') }))).to.equal(null);
    });

    describe('refuses forged results (§8.2)', () => {
      for (const [name, from] of [
        ['from a contact', 'romeo@montague.lit'],
        ['from a contact full JID', ROMEO],
        ['from our own full JID', `${OWN}/other`],
        ['from our server domain', 'capulet.lit'],
        ['from a room', 'room@muc.capulet.lit'],
        ['with an empty from', ''],
        ['with an invalid from', 'a@b@c'],
      ] as const) {
        it(name, () => expect(parse(result({ from }))).to.equal(null));
      }
    });

    it('refuses a wrong, missing or empty queryid, and an empty expected one', () => {
      expect(parse(result({ queryid: 'other' }))).to.equal(null);
      expect(parse(result({ queryid: 'F27' }))).to.equal(null);
      expect(parse(result({ queryid: null }))).to.equal(null);
      expect(parse(result({ queryid: '' }), '')).to.equal(null);
      expect(parse(result({ queryid: null }), '')).to.equal(null);
    });

    it('refuses a missing, empty or absurdly long archive id, and keeps one of 256', () => {
      expect(parse(result({ id: null }))).to.equal(null);
      expect(parse(result({ id: '' }))).to.equal(null);
      expect(parse(result({ id: 'a'.repeat(257) }))).to.equal(null);
      expect(parse(result({ id: 'a'.repeat(256) }))?.archiveId).to.have.length(256);
    });

    it('refuses a result of another MAM version, an error wrapper, and an invalid own JID', () => {
      expect(parse(result({ resultNs: 'urn:xmpp:mam:1' }))).to.equal(null);
      expect(parse(result({ resultNs: 'urn:xmpp:mam:tmp' }))).to.equal(null);
      expect(parse(result({ type: 'error' }))).to.equal(null);
      expect(parse(result(), 'f27', '')).to.equal(null);
      expect(parse(result(), 'f27', 'a@b@c')).to.equal(null);
    });

    it('refuses archived messages that are not chat messages, and a removed one (§3.2)', () => {
      expect(parse(result({ innerType: 'groupchat' }))).to.equal(null);
      expect(parse(result({ innerType: 'error' }))).to.equal(null);
      expect(parse(result({ inner: '' }))).to.equal(null);
    });

    it('refuses a forwarded message outside jabber:client, and several messages or results', () => {
      const m = (ns: string) => `<message${ns} from="${ROMEO}" to="${OWN}" type="chat"><body>hi</body></message>`;
      expect(parse(result({ inner: m('') }))).to.equal(null);
      expect(parse(result({ inner: m(' xmlns="urn:evil"') }))).to.equal(null);
      expect(parse(result({ inner: m(' xmlns="jabber:client"') }))?.message.getChildText('body')).to.equal('hi');
      expect(parse(result({ inner: m(' xmlns="jabber:client"') + m(' xmlns="jabber:client"') }))).to.equal(null);
      expect(parse(result({ extra: '<result xmlns="urn:xmpp:mam:2" queryid="f27" id="x"/>' }))).to.equal(null);
    });

    it('refuses an outgoing message without a valid to (no peer)', () => {
      expect(parse(result({ inner: `<message xmlns="jabber:client" from="${OWN}/a" type="chat"><body>hi</body></message>` }))).to.equal(null);
      expect(parse(result({ innerFrom: `${OWN}/a`, innerTo: 'a@b@c' }))).to.equal(null);
    });

    it('refuses a result nested inside the forwarded message (a forged archive inside the archive)', () => {
      const nested = result().replace('<message xmlns="jabber:client" id="aeb213"', '<message xmlns="jabber:client" type="chat" from="romeo@montague.lit" id="aeb213"')
        .replace('<result', '<body>x</body><result');
      expect(parse(result({ inner: nested }))).to.equal(null);
    });

    it('reads the stamp from the forwarded delay only; null when absent or invalid', () => {
      expect(parse(result({ delay: '' }))?.stamp).to.equal(null);
      expect(parse(result({ delay: '<delay xmlns="urn:xmpp:delay" stamp="yesterday"/>' }))?.stamp).to.equal(null);
      expect(parse(result({ delay: '<delay xmlns="urn:xmpp:delay:1" stamp="2010-07-10T23:08:25Z"/>' }))?.stamp).to.equal(null);
      const innerDelay = `<message xmlns="jabber:client" from="${ROMEO}" to="${OWN}" type="chat"><body>hi</body><delay xmlns="urn:xmpp:delay" stamp="2001-01-01T00:00:00Z"/></message>`;
      const r = parse(result({ delay: '', inner: innerDelay }));
      expect(r?.stamp).to.equal(null);
      expect(parseChatMessage(r!.message)?.delayedAt).to.equal(Date.UTC(2001, 0, 1));
    });

    it('keeps the archived stanza-ids', () => {
      const inner = `<message xmlns="jabber:client" from="${ROMEO}" to="${OWN}" type="chat"><body>hi</body><stanza-id xmlns="urn:xmpp:sid:0" by="${OWN}" id="28482"/></message>`;
      expect(parseChatMessage(parse(result({ inner }))!.message)?.stanzaIds).to.deep.equal([{ by: OWN, id: '28482' }]);
    });

    it('returns null for live chat messages and other stanzas', () => {
      expect(parse(`<message from="${ROMEO}" to="${OWN}" type="chat"><body>hi</body></message>`)).to.equal(null);
      expect(parse(result().replace(/^<message/, '<presence').replace(/<\/message>$/, '</presence>'))).to.equal(null);
    });
  });

  describe('parseMamFin', () => {
    const fin = (attrs: string, set: string) => stanza(`<iq type="result" id="juliet1"><fin xmlns="urn:xmpp:mam:2" ${attrs}>${set}</fin></iq>`);
    const SET = '<set xmlns="http://jabber.org/protocol/rsm"><first index="0">28482-98726-73623</first><last>09af3-cc343-b409f</last></set>';

    it('reads an incomplete page (§4)', () => {
      expect(parseMamFin(fin('', SET))).to.deep.equal({ complete: false, first: '28482-98726-73623', last: '09af3-cc343-b409f' });
    });

    it('reads complete="true" and "1" as complete, anything else as not', () => {
      expect(parseMamFin(fin('complete="true"', SET))?.complete).to.equal(true);
      expect(parseMamFin(fin('complete="1"', SET))?.complete).to.equal(true);
      for (const v of ['false', '0', 'TRUE', 'yes', '']) {
        expect(parseMamFin(fin(`complete="${v}"`, SET))?.complete, v).to.equal(false);
      }
    });

    it('gives null first and last for an empty page or a missing set', () => {
      expect(parseMamFin(fin('complete="true"', '<set xmlns="http://jabber.org/protocol/rsm"><count>0</count></set>')))
        .to.deep.equal({ complete: true, first: null, last: null });
      expect(parseMamFin(fin('complete="true"', ''))).to.deep.equal({ complete: true, first: null, last: null });
    });

    it('ignores first and last that are empty, too long, doubled, or in another namespace', () => {
      expect(parseMamFin(fin('', '<set xmlns="http://jabber.org/protocol/rsm"><first/><last></last></set>'))).to.include({ first: null, last: null });
      expect(parseMamFin(fin('', `<set xmlns="http://jabber.org/protocol/rsm"><first>${'f'.repeat(257)}</first><last>a</last><last>b</last></set>`)))
        .to.include({ first: null, last: null });
      expect(parseMamFin(fin('', '<set xmlns="urn:evil"><first>a</first><last>b</last></set>'))).to.include({ first: null, last: null });
      const RSM = 'xmlns="http://jabber.org/protocol/rsm"';
      expect(parseMamFin(fin('', `<set xmlns="urn:evil"><first ${RSM}>a</first><last ${RSM}>b</last></set>`))).to.include({ first: null, last: null });
      expect(parseMamFin(fin('', `<set ${RSM}><first>a</first></set><set ${RSM}><last>b</last></set>`))).to.include({ first: null, last: null });
      expect(parseMamFin(fin('', '<set xmlns="http://jabber.org/protocol/rsm"><first xmlns="urn:evil">a</first><last>b</last></set>')))
        .to.include({ first: null, last: 'b' });
    });

    it('accepts the fin element on its own (what a child-returning caller hands over)', () => {
      const el = fin('complete="true"', SET).getChild('fin', 'urn:xmpp:mam:2');
      expect(parseMamFin(el!)).to.deep.equal({ complete: true, first: '28482-98726-73623', last: '09af3-cc343-b409f' });
    });

    it('returns null for an iq error, other iq types, a fin of another version, and junk', () => {
      expect(parseMamFin(stanza('<iq type="error" id="q"><error type="cancel"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>'))).to.equal(null);
      expect(parseMamFin(stanza(`<iq type="set"><fin xmlns="urn:xmpp:mam:2">${SET}</fin></iq>`))).to.equal(null);
      expect(parseMamFin(stanza(`<iq type="result"><fin xmlns="urn:xmpp:mam:1">${SET}</fin></iq>`))).to.equal(null);
      expect(parseMamFin(stanza('<iq type="result"/>'))).to.equal(null);
      expect(parseMamFin(stanza(`<message><fin xmlns="urn:xmpp:mam:2">${SET}</fin></message>`))).to.equal(null);
      expect(parseMamFin(stanza(`<iq type="result"><fin xmlns="urn:xmpp:mam:2"/><fin xmlns="urn:xmpp:mam:2" complete="true"/></iq>`))).to.equal(null);
      for (const junk of [null, undefined, 42, 'fin', {}, { name: 'fin' }]) {
        expect(parseMamFin(junk as never)).to.equal(null);
      }
    });
  });
});
