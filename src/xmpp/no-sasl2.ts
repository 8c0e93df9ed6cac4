// @xmpp/stream-management's SASL2 and bind2 halves (XEP-0388, XEP-0386) resolve here in the build: the widget
// signs in with SASL and binds with RFC 6120, so stream management never takes those paths.
export function setupBind2() {}
export function setupSasl2() {}
