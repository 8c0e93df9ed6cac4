import { expect } from '@open-wc/testing';
import {
  buildIqResult, buildRosterGet, parseRosterPush, parseRosterResult,
} from '../../../src/xmpp/roster.js';
import { buildRosterRemove, buildRosterSet } from '../../../src/features/roster-editing/protocol.js';
import * as NS from '../../../src/xmpp/ns.js';
import { stanza } from './parse-xml.js';

const ME = 'juliet@example.com';

describe('xmpp/roster', () => {
  describe('buildRosterGet', () => {
    it('asks without ver when versioning is not wanted', () => {
      const iq = buildRosterGet();
      expect(iq.toString()).to.equal('<iq type="get"><query xmlns="jabber:iq:roster"/></iq>');
    });

    it('sends ver="" when versioning is wanted but nothing is stored', () => {
      expect(buildRosterGet(null).getChild('query', NS.ROSTER)?.attrs.ver).to.equal('');
    });

    it('sends the stored version', () => {
      expect(buildRosterGet('ver14').getChild('query', NS.ROSTER)?.attrs.ver).to.equal('ver14');
    });
  });

  describe('buildRosterSet', () => {
    it('adds an item with a name', () => {
      expect(buildRosterSet('nurse@example.com', 'Nurse').toString()).to.equal(
        '<iq type="set"><query xmlns="jabber:iq:roster"><item jid="nurse@example.com" name="Nurse"/></query></iq>');
    });

    it('leaves out a missing or blank name', () => {
      expect(buildRosterSet('nurse@example.com').getChild('query')?.getChild('item')?.attrs).to.deep.equal({ jid: 'nurse@example.com' });
      expect(buildRosterSet('nurse@example.com', '  ').getChild('query')?.getChild('item')?.attrs.name).to.equal(undefined);
    });

    it('escapes markup in names and adds deduplicated groups', () => {
      const iq = buildRosterSet('n@example.com', '<b>"Nurse"</b>', ['Friends', ' Friends ', '', 'Work']);
      const item = iq.getChild('query')!.getChild('item')!;
      expect(item.getChildren('group').map((g) => g.getText())).to.deep.equal(['Friends', 'Work']);
      expect(iq.toString()).to.contain('name="&lt;b&gt;&quot;Nurse&quot;&lt;/b&gt;"');
      expect(stanza(iq.toString()).getChild('query')!.getChild('item')!.attrs.name).to.equal('<b>"Nurse"</b>');
    });
  });

  it('buildRosterRemove sets subscription="remove"', () => {
    expect(buildRosterRemove('nurse@example.com').toString()).to.equal(
      '<iq type="set"><query xmlns="jabber:iq:roster"><item jid="nurse@example.com" subscription="remove"/></query></iq>');
  });

  describe('parseRosterResult', () => {
    it('reads items, names, subscriptions, pending asks and groups', () => {
      const result = parseRosterResult(stanza(`
        <iq xmlns="jabber:client" type="result" id="r1" to="juliet@example.com/balcony">
          <query xmlns="jabber:iq:roster" ver="ver11">
            <item jid="romeo@example.net" name="Romeo" subscription="both"><group>Friends</group><group> Lovers </group></item>
            <item jid="mercutio@example.com" name="Mercutio" subscription="from"/>
            <item jid="benvolio@example.net" subscription="none" ask="subscribe"/>
          </query>
        </iq>`));
      expect(result).to.deep.equal({
        unchanged: false,
        ver: 'ver11',
        contacts: [
          { jid: 'romeo@example.net', name: 'Romeo', subscription: 'both', pending: false, groups: ['Friends', 'Lovers'] },
          { jid: 'mercutio@example.com', name: 'Mercutio', subscription: 'from', pending: false, groups: [] },
          { jid: 'benvolio@example.net', name: '', subscription: 'none', pending: true, groups: [] },
        ],
      });
    });

    it('gives ver null when the server does not version', () => {
      const result = parseRosterResult(stanza('<iq type="result"><query xmlns="jabber:iq:roster"/></iq>'));
      expect(result).to.deep.equal({ unchanged: false, ver: null, contacts: [] });
    });

    it('reports an empty result as unchanged (RFC 6121 §2.6.3)', () => {
      const result = parseRosterResult(stanza('<iq type="result" id="r2"/>'));
      expect(result).to.deep.equal({ unchanged: true, ver: null, contacts: null });
    });

    it('skips invalid, full and missing JIDs, normalizes and merges duplicates, drops remove items', () => {
      const result = parseRosterResult(stanza(`<iq type="result"><query xmlns="jabber:iq:roster">
        <item jid="a@b@c" name="bad"/>
        <item jid="@example.com" name="bad"/>
        <item name="no jid"/>
        <item jid="romeo@example.net/phone" name="full"/>
        <item jid="Romeo@Example.NET" name="first"/>
        <item jid="romeo@example.net" name="second" subscription="to"/>
        <item jid="gone@example.net" subscription="remove"/>
        <item jid="weird@example.net" subscription="__proto__"/>
      </query></iq>`));
      expect(result?.contacts).to.deep.equal([
        { jid: 'romeo@example.net', name: 'second', subscription: 'to', pending: false, groups: [] },
        { jid: 'weird@example.net', name: '', subscription: 'none', pending: false, groups: [] },
      ]);
    });

    it('keeps hostile names and groups as literal text', () => {
      const result = parseRosterResult(stanza(`<iq type="result"><query xmlns="jabber:iq:roster">
        <item jid="x@example.net" name="&lt;img src=x onerror=alert(1)&gt;"><group>&lt;script&gt;</group><group><b>nested</b></group></item>
      </query></iq>`));
      expect(result?.contacts?.[0].name).to.equal('<img src=x onerror=alert(1)>');
      expect(result?.contacts?.[0].groups).to.deep.equal(['<script>']);
    });

    it('clamps absurdly long names', () => {
      const result = parseRosterResult(stanza(
        `<iq type="result"><query xmlns="jabber:iq:roster"><item jid="x@example.net" name="${'n'.repeat(100_000)}"/></query></iq>`));
      expect(result?.contacts?.[0].name.length).to.equal(1024);
    });

    it('ignores items and queries in other namespaces', () => {
      expect(parseRosterResult(stanza('<iq type="result"><query xmlns="urn:other"><item jid="a@b.org"/></query></iq>'))).to.equal(null);
      const r = parseRosterResult(stanza('<iq type="result"><query xmlns="jabber:iq:roster"><item xmlns="urn:x" jid="a@b.org"/></query></iq>'));
      expect(r?.contacts).to.deep.equal([]);
    });

    it('returns null for anything but an iq result', () => {
      expect(parseRosterResult(stanza('<iq type="error"><query xmlns="jabber:iq:roster"/></iq>'))).to.equal(null);
      expect(parseRosterResult(stanza('<iq type="set"><query xmlns="jabber:iq:roster"/></iq>'))).to.equal(null);
      expect(parseRosterResult(stanza('<message type="result"><query xmlns="jabber:iq:roster"/></message>'))).to.equal(null);
      expect(parseRosterResult(stanza('<iq xmlns="urn:evil" type="result"/>'))).to.equal(null);
    });
  });

  describe('parseRosterPush', () => {
    const push = (attrs: string, items: string) =>
      stanza(`<iq ${attrs} type="set" id="push1"><query xmlns="jabber:iq:roster" ver="ver12">${items}</query></iq>`);

    it('accepts a push without from', () => {
      expect(parseRosterPush(push('', '<item jid="nurse@example.com" name="Nurse" subscription="none"/>'), ME)).to.deep.equal({
        ver: 'ver12',
        contact: { jid: 'nurse@example.com', name: 'Nurse', subscription: 'none', pending: false, groups: [] },
      });
    });

    it('accepts a push from our own bare JID, whatever its case', () => {
      expect(parseRosterPush(push('from="Juliet@Example.com"', '<item jid="nurse@example.com"/>'), ME)?.contact.jid).to.equal('nurse@example.com');
      expect(parseRosterPush(push(`from="${ME}"`, '<item jid="nurse@example.com"/>'), `${ME}/balcony`)).to.not.equal(null);
    });

    it('refuses a push from anyone else (RFC 6121 §2.1.6)', () => {
      expect(parseRosterPush(push('from="attacker@evil.example"', '<item jid="nurse@example.com"/>'), ME)).to.equal(null);
      expect(parseRosterPush(push('from="example.com"', '<item jid="nurse@example.com"/>'), ME)).to.equal(null);
      expect(parseRosterPush(push(`from="${ME}/other"`, '<item jid="nurse@example.com"/>'), ME)).to.equal(null);
      expect(parseRosterPush(push('from="juliet@example.com@evil"', '<item jid="nurse@example.com"/>'), ME)).to.equal(null);
      expect(parseRosterPush(push('from=""', '<item jid="nurse@example.com"/>'), ME)).to.equal(null);
    });

    it('never matches when our own JID is unknown or invalid', () => {
      expect(parseRosterPush(push('from="a@b@c"', '<item jid="nurse@example.com"/>'), 'a@b@c')).to.equal(null);
      expect(parseRosterPush(push('from=""', '<item jid="nurse@example.com"/>'), '')).to.equal(null);
    });

    it('passes removals through', () => {
      expect(parseRosterPush(push('', '<item jid="nurse@example.com" subscription="remove"/>'), ME)?.contact.subscription).to.equal('remove');
    });

    it('requires exactly one valid item', () => {
      expect(parseRosterPush(push('', ''), ME)).to.equal(null);
      expect(parseRosterPush(push('', '<item jid="a@example.com"/><item jid="b@example.com"/>'), ME)).to.equal(null);
      expect(parseRosterPush(push('', '<item jid="a@b@c"/>'), ME)).to.equal(null);
      expect(parseRosterPush(push('', '<item/>'), ME)).to.equal(null);
    });

    it('refuses non-set iqs and foreign payloads', () => {
      expect(parseRosterPush(stanza('<iq type="get"><query xmlns="jabber:iq:roster"><item jid="a@b.org"/></query></iq>'), ME)).to.equal(null);
      expect(parseRosterPush(stanza('<iq type="set"><query xmlns="urn:x"><item jid="a@b.org"/></query></iq>'), ME)).to.equal(null);
      expect(parseRosterPush(stanza('<iq type="set"/>'), ME)).to.equal(null);
    });

    it('gives ver null when the push has none', () => {
      const el = stanza('<iq type="set"><query xmlns="jabber:iq:roster"><item jid="a@b.org"/></query></iq>');
      expect(parseRosterPush(el, ME)?.ver).to.equal(null);
    });
  });

  describe('buildIqResult', () => {
    it('answers with the same id, to the sender', () => {
      const iq = stanza('<iq type="set" id="a78b4q6ha463" from="juliet@example.com"><query xmlns="jabber:iq:roster"/></iq>');
      expect(buildIqResult(iq).toString()).to.equal('<iq type="result" id="a78b4q6ha463" to="juliet@example.com"/>');
    });

    it('leaves out to when the request had no from', () => {
      expect(buildIqResult(stanza('<iq type="set" id="x1"/>')).attrs).to.deep.equal({ type: 'result', id: 'x1' });
    });
  });
});
