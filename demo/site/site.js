/* global location, sessionStorage */
// The demo site's one script (no inline script: the pages run under a strict Content-Security-Policy too).
// ?service=ws://… points every chat at another server, as the end-to-end tests do with their own Prosody;
// the choice is kept for the tab, so it survives moving between the site's pages.
const override = new URLSearchParams(location.search).get('service');
if (override) sessionStorage.setItem('demo:service', override);
const service = sessionStorage.getItem('demo:service');
if (service) for (const chat of document.querySelectorAll('xmpp-chat')) chat.setAttribute('service', service);
for (const link of document.querySelectorAll('nav a')) {
  if (link.pathname === location.pathname) link.setAttribute('aria-current', 'page');
}
