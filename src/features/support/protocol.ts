/**
 * The support desk's data on the wire: XEP-0004 forms with FORM_TYPEs of our own, so that a visitor's
 * details, the page they are on and their rating reach the agent as fields, not as loose text, and a
 * client that knows none of it still shows the message's body. The visitor's name also rides as a
 * XEP-0172 nick.
 */
import xml, { type Element } from '@xmpp/xml';
import * as NS from '../../xmpp/ns.js';
import { clampText } from '../../xmpp/stanza.js';

export const FORM_TYPES = {
  /** With the visitor's first message (type `submit`): name, email, consent. */
  prechat: 'urn:xmpp-chat:support:prechat:0',
  /** With the message that ends a chat (type `submit`): rating (1–5), comment. */
  rating: 'urn:xmpp-chat:support:rating:0',
  /** In a visitor's directed presence (type `result`): url and title of the page they are on. */
  visitor: 'urn:xmpp-chat:support:visitor:0',
  /** In an agent's directed presence to a visitor (type `result`): the agent's name. */
  agent: 'urn:xmpp-chat:support:agent:0',
} as const;

export const NICK = 'http://jabber.org/protocol/nick';

export interface Prechat {
  name: string;
  email: string;
  /** The visitor agreed to what the site asked (`consent` in the form), or was not asked (undefined). */
  consent?: boolean;
}

export interface Rating {
  /** 1 to 5. */
  stars: number;
  comment: string;
}

export interface VisitorPage {
  url: string;
  title: string;
}

/** What a stanza carries of ours; empty when nothing. */
export interface SupportData {
  prechat?: Prechat;
  rating?: Rating;
  page?: VisitorPage;
  /** The sender is an agent of the desk, named `agent` (may be ''). */
  agent?: string;
  nick?: string;
}

const LIMITS = { name: 100, email: 254, url: 2048, title: 300, comment: 2000, agent: 100 } as const;

type Values = Record<string, string | boolean | undefined>;

function buildForm(type: 'submit' | 'result', formType: string, values: Values): Element {
  const fields = Object.entries(values)
    .filter((entry): entry is [string, string | boolean] => entry[1] !== undefined)
    .map(([name, value]) =>
      xml('field', { var: name, ...(typeof value === 'boolean' && { type: 'boolean' }) }, xml('value', {}, typeof value === 'boolean' ? (value ? '1' : '0') : value)),
    );
  return xml('x', { xmlns: NS.DATA, type }, xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, formType)), ...fields);
}

/** The children of ours to add to a message or presence, for `data`. */
export function buildSupportData(data: SupportData): Element[] {
  const out: Element[] = [];
  if (data.nick) out.push(xml('nick', { xmlns: NICK }, clampText(data.nick, LIMITS.name)));
  if (data.prechat) out.push(buildForm('submit', FORM_TYPES.prechat, { ...data.prechat }));
  if (data.rating) out.push(buildForm('submit', FORM_TYPES.rating, { rating: String(data.rating.stars), comment: data.rating.comment }));
  if (data.page) out.push(buildForm('result', FORM_TYPES.visitor, { ...data.page }));
  if (data.agent !== undefined) out.push(buildForm('result', FORM_TYPES.agent, { name: data.agent }));
  return out;
}

/** Fields of a form: each field's first value, by `var` (XEP-0004 §3.2). */
function fieldsOf(form: Element): Map<string, string> {
  const fields = new Map<string, string>();
  for (const field of form.getChildren('field')) {
    const name = field.attrs.var;
    if (typeof name === 'string' && !fields.has(name)) fields.set(name, field.getChildText('value') ?? '');
  }
  return fields;
}

function isTrue(value: string | undefined): boolean | undefined {
  return value === undefined ? undefined : value === '1' || value === 'true';
}

/** What a message or presence carries of ours: anything unreadable or out of range is left out, never guessed. */
export function parseSupportData(stanza: Element): SupportData {
  const data: SupportData = {};
  const nick = stanza.getChildText('nick', NICK)?.trim();
  if (nick) data.nick = clampText(nick, LIMITS.name);
  for (const form of stanza.getChildren('x', NS.DATA)) {
    const fields = fieldsOf(form);
    const text = (name: keyof typeof LIMITS) => clampText((fields.get(name) ?? '').trim(), LIMITS[name]);
    switch (fields.get('FORM_TYPE')) {
      case FORM_TYPES.prechat:
        data.prechat = { name: text('name'), email: text('email'), consent: isTrue(fields.get('consent')) };
        break;
      case FORM_TYPES.rating: {
        const stars = Number(fields.get('rating'));
        if (Number.isInteger(stars) && stars >= 1 && stars <= 5) data.rating = { stars, comment: text('comment') };
        break;
      }
      case FORM_TYPES.visitor: {
        const url = text('url');
        // Only a page's address: never a script or data URL that a link would run.
        if (/^https?:\/\//i.test(url)) data.page = { url, title: text('title') };
        break;
      }
      case FORM_TYPES.agent:
        data.agent = clampText((fields.get('name') ?? '').trim(), LIMITS.agent);
        break;
    }
  }
  return data;
}

/**
 * A directed presence (RFC 6121 §4.6) to `to`, carrying `data`, with the show and status of `broadcast` (our
 * presence to our contacts): how a visitor and the desk's agents see each other without a roster.
 */
export function buildDirectedPresence(to: string, data: SupportData, broadcast: Element | null = null): Element {
  const shown = (broadcast?.getChildElements() ?? []).filter((child) => child.name === 'show' || child.name === 'status');
  return xml('presence', { to }, ...shown.map((child) => xml(child.name, {}, child.text())), ...buildSupportData(data));
}

/** What a room advertises (XEP-0045 §6.4): a desk that does is a room. */
export const MUC = 'http://jabber.org/protocol/muc';
