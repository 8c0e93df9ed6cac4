// Contacts on another XMPP stack: slixmpp peers (test/peers/peer.py, run with Debian's /usr/bin/python3)
// that a browser test starts, drives and reads, over the test Prosody's c2s port.
//
// In a test (test/helpers/peer.ts wraps these):
//   executeServerCommand('peer', { action: 'start', jid, password }) -> { id }   once it is online
//   executeServerCommand('peer', { action: 'do', id, command: { op: 'chat_state', to, state } })
//   executeServerCommand('peer', { action: 'events', id }) -> every event so far, oldest first
//   executeServerCommand('peer', { action: 'stop', id })
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'peers', 'peer.py');
const START_TIMEOUT_MS = 15_000;

export function peerPlugin({ c2sPort }) {
  const peers = new Map();
  let next = 0;

  function start({ jid, password }) {
    const id = String(++next);
    const child = spawn('/usr/bin/python3', [script, JSON.stringify({ jid, password, host: '127.0.0.1', port: c2sPort })], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const peer = { child, events: [], stderr: '' };
    peers.set(id, peer);
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.trim()) peer.events.push(JSON.parse(line));
      }
    });
    child.stderr.on('data', (chunk) => (peer.stderr = (peer.stderr + chunk).slice(-4000)));
    return new Promise((resolve, reject) => {
      const fail = (why) => {
        clearInterval(poll);
        clearTimeout(timer);
        child.kill();
        peers.delete(id);
        reject(new Error(`peer ${jid}: ${why}\n${peer.stderr}`));
      };
      const timer = setTimeout(() => fail('not online in time'), START_TIMEOUT_MS);
      const poll = setInterval(() => {
        const error = peer.events.find((e) => e.event === 'error');
        if (error) fail(error.text);
        else if (peer.events.some((e) => e.event === 'online')) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve({ id });
        }
      }, 20);
      child.on('exit', (code) => peers.has(id) && !peer.events.some((e) => e.event === 'online') && fail(`exited with ${code}`));
    });
  }

  function stop(id) {
    const peer = peers.get(id);
    if (!peer) return;
    peers.delete(id);
    peer.child.stdin.end(`${JSON.stringify({ op: 'quit' })}\n`);
    setTimeout(() => peer.child.kill(), 2_000).unref();
  }

  return {
    name: 'peer',
    async executeCommand({ command, payload }) {
      if (command !== 'peer') return undefined;
      const peer = peers.get(payload?.id);
      switch (payload?.action) {
        case 'start':
          return start(payload);
        case 'do':
          if (!peer) throw new Error(`peer ${payload.id} is not running`);
          peer.child.stdin.write(`${JSON.stringify(payload.command)}\n`);
          return true;
        case 'events':
          if (!peer) throw new Error(`peer ${payload.id} is not running`);
          return peer.events;
        case 'stderr':
          return peer?.stderr ?? '';
        case 'stop':
          stop(payload.id);
          return true;
        default:
          throw new Error(`peer: unknown action ${payload?.action}`);
      }
    },
    async serverStop() {
      for (const id of [...peers.keys()]) stop(id);
    },
  };
}
