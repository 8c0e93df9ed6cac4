// `npm run build` writes dist/custom-elements.json from the elements' JSDoc (@tag, @attr, @fires, @csspart,
// @cssproperty): what editors and documentation tools read. Only the public elements: the full widget's and
// the loader's <xmpp-chat>, and the three elements that go inside or beside it.
export default {
  globs: ['src/components/xmpp-*.ts', 'src/components/launcher/xmpp-chat-launcher.ts'],
  outdir: 'dist',
  litelement: true,
  quiet: true,
};
