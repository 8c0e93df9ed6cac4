import { expect } from '@open-wc/testing';
import xml from '@xmpp/xml';
import {
  CAPS_NODE,
  buildDiscoInfoAnswer,
  capsVerification,
  parseCaps,
  parseDiscoInfo,
  type DiscoInfo,
} from '../../../src/features/caps/protocol.js';
import { advertises, ourInfo, service } from '../../../src/features/caps/service.js';
import { FEATURES } from '../../../src/features/registry.js';
import { fakeContext } from '../../helpers/feature-context.js';
import type { Stanza } from '../../../src/xmpp/session.js';
import { stanza } from '../xmpp/parse-xml.js';

const CAPS = 'http://jabber.org/protocol/caps';

// XEP-0115 §5.2 and §5.3, the examples' own values.
const EXODUS: DiscoInfo = {
  identities: [{ category: 'client', type: 'pc', name: 'Exodus 0.9.1' }],
  features: ['http://jabber.org/protocol/disco#info', 'http://jabber.org/protocol/disco#items', 'http://jabber.org/protocol/muc', CAPS],
  forms: [],
};
const PSI: DiscoInfo = {
  identities: [
    { category: 'client', type: 'pc', lang: 'en', name: 'Psi 0.11' },
    { category: 'client', type: 'pc', lang: 'el', name: 'Ψ 0.11' },
  ],
  features: ['http://jabber.org/protocol/disco#items', CAPS, 'http://jabber.org/protocol/disco#info', 'http://jabber.org/protocol/muc'],
  forms: [
    {
      formType: 'urn:xmpp:dataforms:softwareinfo',
      fields: [
        { var: 'os_version', values: ['10.5.1'] },
        { var: 'ip_version', values: ['ipv6', 'ipv4'] },
        { var: 'os', values: ['Mac'] },
        { var: 'software', values: ['Psi'] },
        { var: 'software_version', values: ['0.11'] },
      ],
    },
  ],
};

const presenceWith = (from: string, ver: string, hash = 'sha-1') =>
  stanza(`<presence from="${from}"><c xmlns="${CAPS}" hash="${hash}" node="https://example.org/client" ver="${ver}"/></presence>`);
const resultFor = (iq: Stanza, info: DiscoInfo) => {
  const result = xml('iq', { type: 'result', id: iq.attrs.id, from: iq.attrs.to });
  result.append(buildDiscoInfoAnswer(info, iq.getChild('query')?.attrs.node));
  return result;
};

describe('features/caps', () => {
  describe('verification string (XEP-0115 §5)', () => {
    it('matches the simple and the complex examples', async () => {
      expect(await capsVerification(EXODUS)).to.equal('QgayPKawpkPSDYmwT/WM94uAlu0=');
      expect(await capsVerification(PSI)).to.equal('q07IKJEyjvHSyhy//CH0CxmKi8w=');
    });

    it('refuses what §5.4 calls invalid: a feature or identity twice, a form without FORM_TYPE', async () => {
      expect(await capsVerification({ ...EXODUS, features: [...EXODUS.features, CAPS] })).to.equal(null);
      expect(await capsVerification({ ...EXODUS, identities: [...EXODUS.identities, ...EXODUS.identities] })).to.equal(null);
      expect(await capsVerification({ ...PSI, forms: [{ formType: '', fields: [] }] })).to.equal(null);
    });

    it('reads back the answer it builds, forms included', async () => {
      const query = stanza(`<query xmlns="http://jabber.org/protocol/disco#info">
        <identity category="client" type="pc" name="Psi 0.11" xml:lang="en"/>
        <identity category="client" type="pc" name="Ψ 0.11" xml:lang="el"/>
        ${PSI.features.map((f) => `<feature var="${f}"/>`).join('')}
        <x xmlns="jabber:x:data" type="result">
          <field var="FORM_TYPE" type="hidden"><value>urn:xmpp:dataforms:softwareinfo</value></field>
          <field var="ip_version"><value>ipv4</value><value>ipv6</value></field>
          <field var="os"><value>Mac</value></field><field var="os_version"><value>10.5.1</value></field>
          <field var="software"><value>Psi</value></field><field var="software_version"><value>0.11</value></field>
        </x></query>`);
      expect(await capsVerification(parseDiscoInfo(query)!)).to.equal('q07IKJEyjvHSyhy//CH0CxmKi8w=');
      expect(parseDiscoInfo(stanza('<query xmlns="http://jabber.org/protocol/disco#info"><identity category="client"/></query>'))).to.equal(null);
      expect(parseDiscoInfo(stanza('<iq type="error"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>'))).to.equal(null);
    });

    it('reads a usable <c/> and nothing else', () => {
      expect(parseCaps(presenceWith('a@b/c', 'abc='))).to.deep.equal({ node: 'https://example.org/client', ver: 'abc=', hash: 'sha-1' });
      expect(parseCaps(stanza(`<presence><c xmlns="${CAPS}" node="n" ver="v"/></presence>`)), 'legacy, no hash').to.equal(null);
      expect(parseCaps(stanza(`<presence><c xmlns="urn:other" hash="sha-1" node="n" ver="v"/></presence>`))).to.equal(null);
      expect(parseCaps(presenceWith('a@b/c', 'x'.repeat(300)))).to.equal(null);
      expect(parseCaps(stanza(`<message><c xmlns="${CAPS}" hash="sha-1" node="n" ver="v"/></message>`))).to.equal(null);
    });
  });

  describe('service, with a context of its own', () => {
    it('advertises the core and every feature of the registry, loaded or not', () => {
      const { features, identities } = ourInfo();
      expect(identities).to.deep.equal([{ category: 'client', type: 'web', name: 'xmpp-chat' }]);
      for (const feature of ['http://jabber.org/protocol/disco#info', 'urn:xmpp:ping', ...FEATURES.flatMap((f) => f.advertises)]) {
        expect(features, feature).to.include(feature);
      }
      expect([...features].sort()).to.deep.equal(features);
    });

    it('answers disco#info with and without our node, and an error at another node', async () => {
      const { context } = fakeContext(`me-${Math.random()}@example.org`);
      const ask = (node?: string) =>
        service.act!({ type: 'disco-info', iq: xml('iq', { type: 'get', id: 'q' }, xml('query', { xmlns: 'http://jabber.org/protocol/disco#info', node })) }, context) as Promise<Stanza>;
      const plain = await ask();
      const ver = await capsVerification(parseDiscoInfo(plain)!);
      const atNode = await ask(`${CAPS_NODE}#${ver}`);
      expect(atNode.attrs.node).to.equal(`${CAPS_NODE}#${ver}`);
      expect(parseDiscoInfo(atNode)!.features).to.deep.equal(ourInfo().features);
      const elsewhere = await ask(`${CAPS_NODE}#other`);
      expect(elsewhere.name).to.equal('error');
      expect(elsewhere.getChild('item-not-found')).to.not.equal(undefined);
      expect(await service.act!({ type: 'disco-info', iq: stanza('<iq type="set"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>') }, context)).to.equal(undefined);
    });

    it('learns a verification string once, from the first who claims it, and keeps only one that checks out', async () => {
      const good = await capsVerification(EXODUS);
      const liar = 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=';
      const { context, asked } = fakeContext(`me-${Math.random()}@example.org`, { answer: (iq) => resultFor(iq, EXODUS) });
      service.inbound!(presenceWith('a@example.org/1', good!), context);
      service.inbound!(presenceWith('b@example.org/2', good!), context);
      service.inbound!(presenceWith('c@example.org/3', liar), context);
      await new Promise((r) => setTimeout(r, 200));
      expect(asked.map((iq) => `${iq.attrs.to} ${iq.getChild('query')!.attrs.node}`)).to.deep.equal([
        `a@example.org/1 https://example.org/client#${good}`,
        `c@example.org/3 https://example.org/client#${liar}`,
      ]);
      expect(advertises(context, 'b@example.org/2', 'http://jabber.org/protocol/muc')).to.equal(true);
      expect(advertises(context, 'b@example.org/2', 'urn:xmpp:nothing')).to.equal(false);
      expect(advertises(context, 'c@example.org/3', 'http://jabber.org/protocol/muc'), 'an answer that does not hash to its claim').to.equal(undefined);
      service.inbound!(stanza('<presence type="unavailable" from="b@example.org/2"/>'), context);
      expect(advertises(context, 'b@example.org/2', 'http://jabber.org/protocol/muc'), 'gone offline').to.equal(undefined);
    });
  });
});
