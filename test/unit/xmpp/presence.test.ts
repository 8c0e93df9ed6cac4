import { expect } from '@open-wc/testing';
import {
  MAX_STATUS_LENGTH, buildPresence, buildSubscription, buildUnavailable, parsePresence,
} from '../../../src/xmpp/presence.js';
import { stanza } from './parse-xml.js';

const FROM = 'romeo@example.net/orchard';

describe('xmpp/presence', () => {
  describe('buildPresence', () => {
    it('sends no show for available', () => {
      expect(buildPresence('available', '').toString()).to.equal('<presence/>');
    });

    it('maps away to away and busy to dnd', () => {
      expect(buildPresence('away', '').toString()).to.equal('<presence><show>away</show></presence>');
      expect(buildPresence('busy', '').toString()).to.equal('<presence><show>dnd</show></presence>');
    });

    it('adds a trimmed status, escaped, and none when blank', () => {
      expect(buildPresence('busy', '  In a <meeting> & more ').toString()).to.equal(
        '<presence><show>dnd</show><status>In a &lt;meeting&gt; &amp; more</status></presence>');
      expect(buildPresence('away', ' \n\t ').getChild('status')).to.equal(undefined);
    });

    it('clamps a long status without splitting an emoji', () => {
      const status = buildPresence('available', '😀'.repeat(2000)).getChildText('status')!;
      expect(Array.from(status).length).to.equal(MAX_STATUS_LENGTH);
      expect(status).to.equal('😀'.repeat(MAX_STATUS_LENGTH));
    });
  });

  it('buildUnavailable sends type=unavailable', () => {
    expect(buildUnavailable().toString()).to.equal('<presence type="unavailable"/>');
  });

  describe('buildSubscription', () => {
    for (const type of ['subscribe', 'subscribed', 'unsubscribe', 'unsubscribed'] as const) {
      it(`builds ${type}`, () => {
        expect(buildSubscription(type, 'romeo@example.net').toString()).to.equal(`<presence type="${type}" to="romeo@example.net"/>`);
      });
    }

    it('addresses the bare JID', () => {
      expect(buildSubscription('subscribe', 'Romeo@Example.net/orchard').attrs.to).to.equal('romeo@example.net');
    });
  });

  describe('parsePresence', () => {
    it('reads an available presence with show, status and priority', () => {
      expect(parsePresence(stanza(
        `<presence xmlns="jabber:client" from="${FROM}" to="juliet@example.com"><show>away</show><status>be right back</status><priority>5</priority></presence>`,
      ))).to.deep.equal({
        kind: 'available', from: 'romeo@example.net', resource: 'orchard', availability: 'away', status: 'be right back', priority: 5,
      });
    });

    it('defaults to online, empty status and priority 0', () => {
      expect(parsePresence(stanza(`<presence from="${FROM}"/>`))).to.deep.equal({
        kind: 'available', from: 'romeo@example.net', resource: 'orchard', availability: 'online', status: '', priority: 0,
      });
    });

    const shows: [string, string][] = [['chat', 'online'], ['away', 'away'], ['xa', 'away'], ['dnd', 'busy'],
      ['sleeping', 'online'], ['', 'online'], [' dnd ', 'busy'], ['constructor', 'online'], ['__proto__', 'online']];
    for (const [show, availability] of shows) {
      it(`maps show ${JSON.stringify(show)} to ${availability}`, () => {
        const p = parsePresence(stanza(`<presence from="${FROM}"><show>${show}</show></presence>`));
        expect(p?.kind === 'available' && p.availability).to.equal(availability);
      });
    }

    const priorities: [string, number][] = [['5', 5], ['-5', -5], ['+7', 7], [' 12 ', 12], ['127', 127], ['128', 127],
      ['999999', 127], ['-999', -128], ['99999999999999999999', 127], ['abc', 0], ['1.5', 0], ['', 0], ['1e3', 0],
      ['9'.repeat(5000), 127], ['-' + '9'.repeat(5000), -128]];
    for (const [text, value] of priorities) {
      it(`reads priority ${JSON.stringify(text.slice(0, 24))} as ${value}`, () => {
        const p = parsePresence(stanza(`<presence from="${FROM}"><priority>${text}</priority></presence>`));
        expect(p?.kind === 'available' && p.priority).to.equal(value);
      });
    }

    it('gives an empty resource for a bare from, and normalizes from', () => {
      const p = parsePresence(stanza('<presence from="Romeo@Example.NET"/>'));
      expect(p).to.include({ from: 'romeo@example.net', resource: '' });
    });

    it('refuses a missing or invalid from', () => {
      expect(parsePresence(stanza('<presence/>'))).to.equal(null);
      expect(parsePresence(stanza('<presence from=""/>'))).to.equal(null);
      expect(parsePresence(stanza('<presence from="a@b@c"/>'))).to.equal(null);
      expect(parsePresence(stanza('<presence from="@example.net"/>'))).to.equal(null);
      expect(parsePresence(stanza('<presence from="romeo@example.net/"/>'))).to.equal(null);
    });

    it('reads unavailable with its status', () => {
      expect(parsePresence(stanza(`<presence type="unavailable" from="${FROM}"><status>gone</status></presence>`))).to.deep.equal({
        kind: 'unavailable', from: 'romeo@example.net', resource: 'orchard', status: 'gone',
      });
    });

    it('reads a subscription request with its status', () => {
      expect(parsePresence(stanza('<presence type="subscribe" from="romeo@example.net"><status>Hi, it is Romeo</status></presence>')))
        .to.deep.equal({ kind: 'subscribe', from: 'romeo@example.net', status: 'Hi, it is Romeo' });
    });

    for (const type of ['subscribed', 'unsubscribe', 'unsubscribed'] as const) {
      it(`reads ${type}`, () => {
        expect(parsePresence(stanza(`<presence type="${type}" from="${FROM}"/>`))).to.deep.equal({ kind: type, from: 'romeo@example.net' });
      });
    }

    it('reads an error with its condition', () => {
      const p = parsePresence(stanza(`<presence type="error" from="romeo@example.net">
        <error type="cancel"><remote-server-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>
        <text xmlns="urn:ietf:params:xml:ns:xmpp-stanzas">oops</text></error></presence>`));
      expect(p).to.deep.equal({ kind: 'error', from: 'romeo@example.net', condition: 'remote-server-not-found' });
    });

    it('reads an error without a readable condition as undefined-condition', () => {
      for (const xml of [
        '<presence type="error" from="a@b.org"/>',
        '<presence type="error" from="a@b.org"><error/></presence>',
        '<presence type="error" from="a@b.org"><error><text xmlns="urn:ietf:params:xml:ns:xmpp-stanzas">x</text></error></presence>',
        '<presence type="error" from="a@b.org"><error><Evil_Name xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></presence>',
        '<presence type="error" from="a@b.org"><error><gone xmlns="urn:other"/></error></presence>',
      ]) {
        expect(parsePresence(stanza(xml))).to.deep.equal({ kind: 'error', from: 'a@b.org', condition: 'undefined-condition' }, xml);
      }
    });

    it('ignores probes and unknown types', () => {
      expect(parsePresence(stanza(`<presence type="probe" from="${FROM}"/>`))).to.equal(null);
      expect(parsePresence(stanza(`<presence type="invisible" from="${FROM}"/>`))).to.equal(null);
      expect(parsePresence(stanza(`<presence type="" from="${FROM}"/>`))).to.equal(null);
    });

    it('returns null for other stanzas', () => {
      expect(parsePresence(stanza(`<message from="${FROM}"/>`))).to.equal(null);
      expect(parsePresence(stanza(`<presence xmlns="urn:evil" from="${FROM}"/>`))).to.equal(null);
    });

    it('keeps hostile status text literal, and Unicode/RTL untouched', () => {
      const xss = parsePresence(stanza(`<presence from="${FROM}"><status>&lt;img src=x onerror=alert(1)&gt;</status></presence>`));
      expect(xss?.kind === 'available' && xss.status).to.equal('<img src=x onerror=alert(1)>');
      const rtl = parsePresence(stanza(`<presence from="${FROM}"><status>\u202Eשלום 👋🏽 مرحبا</status></presence>`));
      expect(rtl?.kind === 'available' && rtl.status).to.equal('\u202Eשלום 👋🏽 مرحبا');
    });

    it('clamps a huge status', () => {
      const p = parsePresence(stanza(`<presence from="${FROM}"><status>${'x'.repeat(300_000)}</status></presence>`));
      expect(p?.kind === 'available' && p.status.length).to.equal(MAX_STATUS_LENGTH);
    });

    it('ignores children in foreign namespaces and nested junk', () => {
      const p = parsePresence(stanza(`<presence from="${FROM}">
        <show xmlns="urn:evil">dnd</show>
        <x xmlns="vcard-temp:x:update"><photo>abc</photo><show>dnd</show></x>
        <status>ok<b>bold</b></status>
        <priority><i>1</i>3</priority>
      </presence>`));
      expect(p).to.deep.equal({ kind: 'available', from: 'romeo@example.net', resource: 'orchard', availability: 'online', status: 'ok', priority: 3 });
    });

    it('prefers the status without xml:lang', () => {
      const p = parsePresence(stanza(`<presence from="${FROM}"><status xml:lang="fr">absent</status><status>away</status></presence>`));
      expect(p?.kind === 'available' && p.status).to.equal('away');
    });
  });
});
