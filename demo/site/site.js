/* global location, sessionStorage */
// The demo pages' one script (no inline script: the pages run under a strict Content-Security-Policy too).
// ?service=ws://… points every chat at another server, as the end-to-end tests do with their own Prosody
// (and ?to=, ?jid=, ?password= their own accounts); the choice is kept for the tab, so it survives moving
// between the site's pages.
const params = new URLSearchParams(location.search);
for (const name of ['service', 'to', 'jid', 'password']) {
  const value = params.get(name) ?? sessionStorage.getItem(`demo:${name}`);
  if (value === null) continue;
  sessionStorage.setItem(`demo:${name}`, value);
  for (const chat of document.querySelectorAll('xmpp-chat')) chat.setAttribute(name, value);
}
for (const link of document.querySelectorAll('nav a')) {
  if (link.pathname === location.pathname) link.setAttribute('aria-current', 'page');
}
