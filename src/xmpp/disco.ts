/**
 * XEP-0030 Service Discovery (v2.5): asking an entity which features it supports.
 */
import xml, { Element } from '@xmpp/xml';
import * as NS from './ns.js';
import { attr, isElementIn, isStanza, soleChild } from './stanza.js';

/** Feature names longer than this are not real ones (registered names are a few dozen characters). */
const MAX_FEATURE_LENGTH = 1024;

/**
 * A disco#info request (XEP-0030 §3.1) to `to`, or, without it, to our own account (which is how a client
 * learns what its server does for its account, e.g. MAM, XEP-0313 §7). The server domain answers for the
 * server itself (carbons, XEP-0280 §3). No `id`: `iqCaller.request()` assigns one.
 */
export function buildDiscoInfo(to?: string): Element {
  return xml('iq', { type: 'get', to: to || undefined }, xml('query', { xmlns: NS.DISCO_INFO }));
}

/**
 * The `var` of every `<feature/>` in a disco#info answer (XEP-0030 §3.1). Takes the iq `result` or its
 * `<query/>` (what `iqCaller.get()` returns). Features with an empty or absurdly long `var` are skipped.
 * @returns the features; an empty set for an iq error, another payload, or junk. Never throws.
 */
export function parseDiscoFeatures(el: Element): Set<string> {
  const features = new Set<string>();
  let query: Element | null = null;
  if (isStanza(el, 'iq')) {
    if (attr(el, 'type') === 'result') query = soleChild(el, 'query', NS.DISCO_INFO);
  } else if (isElementIn(el, 'query', NS.DISCO_INFO)) {
    query = el;
  }
  if (!query) return features;
  for (const feature of query.getChildren('feature', NS.DISCO_INFO)) {
    if (feature.name !== 'feature') continue;
    const v = attr(feature, 'var');
    if (v !== undefined && v !== '' && v.length <= MAX_FEATURE_LENGTH) features.add(v);
  }
  return features;
}
