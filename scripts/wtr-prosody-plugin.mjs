// A second, private Prosody for tests that stop and restart the server: restarting the shared test
// server would cut every other test file running at the same time.
//
// In a test: `await executeServerCommand('private-prosody', { action: 'start' })` -> { service }, then
// 'restart' and 'stop'. Ports: the shared test server's plus 100.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = join(dirname(fileURLToPath(import.meta.url)), 'prosody.sh');

export function privateProsodyPlugin({ httpPort }) {
  const ports = { http: httpPort + 100, c2s: Number(process.env.XMPP_CHAT_TEST_C2S_PORT || 15222) + 100 };
  let dir = null;
  const prosody = (action) =>
    run('bash', [script, action], {
      env: {
        ...process.env,
        XMPP_CHAT_PROSODY_DIR: dir,
        XMPP_CHAT_HTTP_PORT: String(ports.http),
        XMPP_CHAT_C2S_PORT: String(ports.c2s),
      },
    });
  const stop = async () => {
    if (!dir) return;
    await prosody('stop').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    dir = null;
  };
  return {
    name: 'private-prosody',
    async executeCommand({ command, payload }) {
      if (command !== 'private-prosody') return undefined;
      switch (payload?.action) {
        case 'start':
          await stop();
          dir = mkdtempSync(join(tmpdir(), 'xmpp-chat-private-prosody-'));
          await prosody('fresh');
          return { service: `ws://localhost:${ports.http}/xmpp-websocket` };
        case 'restart':
          await prosody('restart');
          return true;
        case 'stop':
          await stop();
          return true;
        default:
          throw new Error(`private-prosody: unknown action ${payload?.action}`);
      }
    },
    async serverStop() {
      await stop();
    },
  };
}
