import { expect } from '@open-wc/testing';
import { canLogin, registerAccount, registerUser, testService, uniqueUsername } from './helpers/server.js';
import { installSocketSpy, NativeWebSocket } from './helpers/socket-spy.js';

describe('test helpers: local Prosody', () => {
  it('exposes the injected test service', () => {
    const { service, domain } = testService();
    expect(service).to.match(/^ws:\/\/localhost:\d+\/xmpp-websocket$/);
    expect(domain).to.equal('localhost');
  });

  it('registers two distinct fresh users that can log in', async () => {
    const [a, b] = await Promise.all([registerUser('srv'), registerUser('srv')]);
    expect(a.jid).to.equal(`${a.username}@localhost`);
    expect(b.jid).to.equal(`${b.username}@localhost`);
    expect(a.username).to.match(/^srv-/);
    expect(a.username).to.not.equal(b.username);
    expect(await canLogin(a.username, a.password)).to.equal(true);
    expect(await canLogin(b.username, b.password)).to.equal(true);
    expect(await canLogin(a.username, 'wrong password')).to.equal(false);
  });

  it('fails clearly when the username is already taken', async () => {
    const username = uniqueUsername('dup');
    await registerAccount(username, 'first');
    let error: Error | undefined;
    try {
      await registerAccount(username, 'second');
    } catch (e) {
      error = e as Error;
    }
    expect(error, 'second registration must fail').to.be.instanceOf(Error);
    expect(error!.message).to.contain(username);
    expect(error!.message).to.contain('conflict');
    // the first password still works, the second was not applied
    expect(await canLogin(username, 'first')).to.equal(true);
    expect(await canLogin(username, 'second')).to.equal(false);
  });

  it('registers a user with a non-ASCII password containing XML special characters', async () => {
    const password = 'pässwörd✓ <&>"\'';
    const user = await registerUser('uni', password);
    expect(user.password).to.equal(password);
    expect(await canLogin(user.username, password)).to.equal(true);
    expect(await canLogin(user.username, 'passwörd✓')).to.equal(false);
  });

  it('times out with a clear error when nothing answers', async () => {
    const saved = window.__XMPP_TEST__;
    window.__XMPP_TEST__ = { service: 'ws://localhost:9/xmpp-websocket', domain: 'localhost' };
    try {
      await registerUser('none', undefined, { timeout: 3000 });
      expect.fail('registration against a closed port must fail');
    } catch (e) {
      expect((e as Error).message).to.match(/registerUser\(.*\): socket (closed|errored)/);
    } finally {
      window.__XMPP_TEST__ = saved;
    }
  });
});

describe('test helpers: socket spy', () => {
  it('records frames of sockets the page opens and simulates a network drop', async () => {
    const spy = installSocketSpy();
    try {
      const { service } = testService();
      const ws = new WebSocket(service, 'xmpp');
      expect(ws).to.be.instanceOf(WebSocket);
      expect(ws).to.be.instanceOf(NativeWebSocket);
      expect(spy.sockets()).to.have.length(1);
      await new Promise((resolve) => ws.addEventListener('open', resolve, { once: true }));
      const closed = new Promise<CloseEvent>((resolve) => ws.addEventListener('close', (e) => resolve(e)));
      let messagesAfterDrop = 0;
      ws.send('<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="localhost" version="1.0"/>');
      await spy.waitForReceived('features');
      expect(spy.sent()[0]).to.contain('<open');
      expect(spy.received().some((f) => f.includes('<open'))).to.equal(true);

      ws.addEventListener('message', () => messagesAfterDrop++);
      expect(spy.dropAll()).to.equal(1);
      ws.send('<presence/>'); // goes nowhere, like on a dead network
      const e = await closed;
      expect(e.code).to.equal(1006);
      expect(e.wasClean).to.equal(false);
      expect(spy.sent()).to.have.length(1);
      expect(messagesAfterDrop).to.equal(0);
      expect(spy.dropAll()).to.equal(0);
    } finally {
      spy.uninstall();
    }
    expect(window.WebSocket).to.equal(NativeWebSocket);
  });

  it('does not record the sockets used for registration', async () => {
    const spy = installSocketSpy();
    try {
      await registerUser('spy');
      expect(spy.sockets()).to.have.length(0);
    } finally {
      spy.uninstall();
    }
  });
});
