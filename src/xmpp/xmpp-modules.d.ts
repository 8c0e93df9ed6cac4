// xmpp.js parts without published types, for session.ts and xml.ts.
declare module '@xmpp/websocket' {
  export default function websocket(options: { entity: unknown }): void;
}
declare module '@xmpp/xml/lib/XMLError.js' {
  export default class XMLError extends Error {}
}
