// xmpp.js parts without published types; session.ts is their only user.
declare module '@xmpp/websocket' {
  export default function websocket(options: { entity: unknown }): void;
}
