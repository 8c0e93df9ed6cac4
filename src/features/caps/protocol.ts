/**
 * XEP-0115 Entity Capabilities (v1.6) on XEP-0030 Service Discovery: what we advertise, answered from the
 * feature registry, and what others advertise, known by a verification string instead of a query per contact.
 */
import xml, { Element } from '@xmpp/xml';
import * as NS from '../../xmpp/ns.js';
import { attr, isElementIn, isStanza, soleChild } from '../../xmpp/stanza.js';

export const CAPS = 'http://jabber.org/protocol/caps';
/** Names this software (§6.2): the node of our `<c/>`. */
export const CAPS_NODE = 'https://www.npmjs.com/package/xmpp-chat';
const MAX_VER_LENGTH = 256;
const MAX_NODE_LENGTH = 1024;

export interface Identity {
  category: string;
  type: string;
  name?: string;
  lang?: string;
}

/** An XEP-0128 extended-information form of a disco#info answer, as the verification string needs it. */
export interface InfoForm {
  formType: string;
  fields: { var: string; values: string[] }[];
}

export interface DiscoInfo {
  identities: Identity[];
  features: string[];
  forms: InfoForm[];
}

export const OUR_IDENTITY: Identity = { category: 'client', type: 'web', name: 'xmpp-chat' };

/** UTF-8 byte order, which §5.1 sorts by ("i;octet"). */
function octetCompare(a: string, b: string): number {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/**
 * The verification string (§5.1): identities, then features, then extended forms, each sorted, each item
 * followed by `<`; hashed with SHA-1 and written in base64. Null when the information is not valid for it
 * (§5.4: a repeated identity, feature or form type, or a form without a FORM_TYPE).
 */
export async function capsVerification(info: DiscoInfo): Promise<string | null> {
  const identities = info.identities.map((i) => `${i.category}/${i.type}/${i.lang ?? ''}/${i.name ?? ''}`).sort(octetCompare);
  const features = [...info.features].sort(octetCompare);
  const forms = [...info.forms].sort((a, b) => octetCompare(a.formType, b.formType));
  const repeated = (items: string[]) => new Set(items).size !== items.length;
  if (repeated(identities) || repeated(features) || repeated(forms.map((f) => f.formType)) || forms.some((f) => !f.formType)) return null;
  let s = '';
  for (const identity of identities) s += `${identity}<`;
  for (const feature of features) s += `${feature}<`;
  for (const form of forms) {
    s += `${form.formType}<`;
    for (const field of [...form.fields].sort((a, b) => octetCompare(a.var, b.var))) {
      s += `${field.var}<`;
      for (const value of [...field.values].sort(octetCompare)) s += `${value}<`;
    }
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(s)));
  return btoa(String.fromCharCode(...digest));
}

/** Our `<c/>` for every available presence we send (§4). */
export function buildCaps(ver: string): Element {
  return xml('c', { xmlns: CAPS, hash: 'sha-1', node: CAPS_NODE, ver });
}

export interface CapsClaim {
  node: string;
  ver: string;
  hash: string;
}

/** The `<c/>` of a presence, when it has a usable one (legacy forms without `hash` are not verifiable). */
export function parseCaps(presence: Element): CapsClaim | null {
  if (!isStanza(presence, 'presence')) return null;
  const c = presence.getChildren('c', CAPS)[0];
  const node = c && attr(c, 'node');
  const ver = c && attr(c, 'ver');
  const hash = c && attr(c, 'hash');
  if (!node || !ver || !hash || node.length > MAX_NODE_LENGTH || ver.length > MAX_VER_LENGTH) return null;
  return { node, ver, hash };
}

/** Asks `to` for the information behind its caps: disco#info at `node#ver` (§6.2). */
export function buildCapsQuery(to: string, claim: CapsClaim): Element {
  return xml('iq', { type: 'get', to }, xml('query', { xmlns: NS.DISCO_INFO, node: `${claim.node}#${claim.ver}` }));
}

/** Our disco#info answer (XEP-0030 §3.1), for the node asked, if any. */
export function buildDiscoInfoAnswer(info: DiscoInfo, node?: string): Element {
  return xml('query', { xmlns: NS.DISCO_INFO, node },
    ...info.identities.map((i) => xml('identity', { category: i.category, type: i.type, name: i.name, 'xml:lang': i.lang })),
    ...info.features.map((feature) => xml('feature', { var: feature })));
}

/** The error for a disco#info request at a node we do not have (XEP-0030 §3.1). */
export function buildNodeNotFound(): Element {
  return xml('error', { type: 'cancel' }, xml('item-not-found', { xmlns: NS.STANZAS }));
}

/** The node of a disco#info request, '' for none; null when the iq is not one. */
export function discoInfoNode(iq: Element): string | null {
  if (!isStanza(iq, 'iq') || attr(iq, 'type') !== 'get') return null;
  const query = soleChild(iq, 'query', NS.DISCO_INFO);
  return query ? (attr(query, 'node') ?? '') : null;
}

/** Reads a disco#info answer (the iq result or its query) with its identities and forms; null when it is none. */
export function parseDiscoInfo(el: Element): DiscoInfo | null {
  const query = isStanza(el, 'iq') ? (attr(el, 'type') === 'result' ? soleChild(el, 'query', NS.DISCO_INFO) : null) : el;
  if (!query || !isElementIn(query, 'query', NS.DISCO_INFO)) return null;
  const identities: Identity[] = [];
  for (const identity of query.getChildren('identity', NS.DISCO_INFO)) {
    const category = attr(identity, 'category');
    const type = attr(identity, 'type');
    if (!category || !type) return null;
    identities.push({ category, type, name: attr(identity, 'name'), lang: attr(identity, 'xml:lang') });
  }
  const forms: InfoForm[] = [];
  for (const x of query.getChildren('x', NS.DATA)) {
    if (attr(x, 'type') !== 'result') continue;
    let formType = '';
    const fields: InfoForm['fields'] = [];
    for (const field of x.getChildren('field', NS.DATA)) {
      const name = attr(field, 'var');
      const values = field.getChildren('value', NS.DATA).map((v) => v.getText());
      if (name === 'FORM_TYPE') formType = values[0] ?? '';
      else if (name) fields.push({ var: name, values });
    }
    forms.push({ formType, fields });
  }
  // Repeated features count for §5.4: read them all, not as a set.
  const features = query.getChildren('feature', NS.DISCO_INFO).map((f) => attr(f, 'var') ?? '');
  if (features.length === 0 || features.some((f) => !f)) return null;
  return { identities, features, forms };
}
