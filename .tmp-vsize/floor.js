import { LitElement, html } from 'lit';
import { client } from '@xmpp/client';
import { openDB } from 'idb';
class FloorElement extends LitElement {
  static properties = { service: {}, jid: {}, password: {}, count: { state: true } };
  constructor() { super(); this.count = 0; }
  async connectedCallback() {
    super.connectedCallback();
    const db = await openDB('floor', 1, { upgrade(d) { d.createObjectStore('kv'); } });
    const [username, domain] = (this.jid || '@').split('@');
    const xmpp = client({ service: this.service, domain, username, password: this.password });
    xmpp.on('online', async () => { const r = await xmpp.iqCaller.get({ name: 'query', attrs: { xmlns: 'jabber:iq:roster' } }); this.count = r.children.length; await db.put('kv', this.count, 'n'); });
    xmpp.start();
  }
  render() { return html`<p>${this.count}</p>`; }
}
customElements.define('floor-element', FloorElement);
