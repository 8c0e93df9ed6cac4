import { expect } from '@open-wc/testing';
import { SaslFactory, chooseMechanism, isScramSupported, utf8ToBinary } from '../../../src/xmpp/sasl.js';
import { SCRAM_MAX_ITERATIONS, ScramSha1Mechanism, ScramSha256Mechanism } from '../../../src/xmpp/scram.js';

const CRED = { username: 'user', password: 'pencil' };

// RFC 5802 §5
const SHA1 = {
  nonce: 'fyko+d2lbbFgONRv9qkxdawL',
  serverFirst: 'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096',
  clientFinal: 'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
  serverFinal: 'v=rmF9pqV8S7suAoZWja4dJRkFsKQ=',
};
// RFC 7677 §3
const SHA256 = {
  nonce: 'rOprNGfwEbeRWgbNEkqO',
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinal: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

async function rejects(p: () => unknown): Promise<Error> {
  try {
    await p();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('xmpp/scram', () => {
  it('runs in this browser (secure context)', () => {
    expect(isScramSupported()).to.equal(true);
  });

  describe('RFC test vectors', () => {
    for (const [Mech, v, name] of [
      [ScramSha1Mechanism, SHA1, 'SCRAM-SHA-1 (RFC 5802 §5)'],
      [ScramSha256Mechanism, SHA256, 'SCRAM-SHA-256 (RFC 7677 §3)'],
    ] as const) {
      it(name, async () => {
        const mech = new Mech({ clientNonce: v.nonce });
        expect(await mech.response(CRED)).to.equal(`n,,n=user,r=${v.nonce}`);
        mech.challenge(v.serverFirst);
        expect(await mech.response(CRED)).to.equal(v.clientFinal);
        expect(mech.verifyServerFinal(v.serverFinal)).to.equal(true);
      });
    }

    it('accepts server-final sent as a challenge, then answers with an empty response', async () => {
      const mech = new ScramSha1Mechanism({ clientNonce: SHA1.nonce });
      await mech.response(CRED);
      mech.challenge(SHA1.serverFirst);
      await mech.response(CRED);
      mech.challenge(SHA1.serverFinal);
      expect(await mech.response(CRED)).to.equal('');
    });

    it('throws when the server signature is wrong, and accepts the right one', async () => {
      const mech = new ScramSha256Mechanism({ clientNonce: SHA256.nonce });
      await mech.response(CRED);
      mech.challenge(SHA256.serverFirst);
      await mech.response(CRED);
      expect(mech.verifyServerFinal(SHA1.serverFinal)).to.equal(false);
      expect(mech.verifyServerFinal('e=invalid-proof')).to.equal(false);
      expect(() => mech.challenge('v=AAAA')).to.throw(/signature does not match/);
      expect(() => mech.challenge('e=invalid-proof')).to.throw(/refused the proof \(invalid-proof\)/);
      mech.challenge(SHA256.serverFinal);
      expect(mech.complete).to.equal(true);
    });

    it('does not verify anything before the proof was computed', () => {
      expect(new ScramSha1Mechanism().verifyServerFinal(SHA1.serverFinal)).to.equal(false);
    });

    it('gives a different proof for a different password', async () => {
      const mech = new ScramSha1Mechanism({ clientNonce: SHA1.nonce });
      await mech.response(CRED);
      mech.challenge(SHA1.serverFirst);
      expect(await mech.response({ username: 'user', password: 'pencil2' })).to.not.equal(SHA1.clientFinal);
    });
  });

  describe('usernames and passwords', () => {
    it('escapes "=" and "," in the username (RFC 5802 §5.1)', async () => {
      const mech = new ScramSha1Mechanism({ clientNonce: 'abc' });
      expect(await mech.response({ username: 'a,b=c', password: 'x' })).to.equal('n,,n=a=2Cb=3Dc,r=abc');
    });

    it('sends a non-ASCII username as UTF-8 bytes that btoa accepts', async () => {
      const mech = new ScramSha256Mechanism({ clientNonce: 'abc' });
      const first = await mech.response({ username: 'jürgen', password: 'x' });
      expect(first).to.equal('n,,n=j\u00c3\u00bcrgen,r=abc');
      expect(btoa(first)).to.equal(btoa('n,,n=j\u00c3\u00bcrgen,r=abc'));
    });

    it('NFKC-normalizes the username and drops characters mapped to nothing', async () => {
      const mech = new ScramSha1Mechanism({ clientNonce: 'abc' });
      // U+FB01 "ﬁ" ligature -> "fi"; U+00AD soft hyphen removed
      expect(await mech.response({ username: '\ufb01\u00adle', password: 'x' })).to.equal('n,,n=file,r=abc');
      const spaced = new ScramSha1Mechanism({ clientNonce: 'abc' });
      // U+00A0 no-break space -> space; U+FE0F variation selector removed
      expect(await spaced.response({ username: 'a\u00a0b\ufe0f', password: 'x' })).to.equal('n,,n=a b,r=abc');
    });

    it('computes a proof for a non-ASCII password', async () => {
      const mech = new ScramSha256Mechanism({ clientNonce: SHA256.nonce });
      await mech.response({ username: 'user', password: 'pässwörd✓' });
      mech.challenge(SHA256.serverFirst);
      const final = await mech.response({ username: 'user', password: 'pässwörd✓' });
      expect(final).to.match(/^c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj\)hNlF\$k0,p=[A-Za-z0-9+/]{43}=$/);
      expect(final).to.not.equal(SHA256.clientFinal);
      expect(() => btoa(final)).to.not.throw();
    });

    it('treats composed and decomposed passwords alike (NFKC)', async () => {
      const proof = async (password: string) => {
        const mech = new ScramSha1Mechanism({ clientNonce: SHA1.nonce });
        await mech.response({ username: 'user', password });
        mech.challenge(SHA1.serverFirst);
        return mech.response({ username: 'user', password });
      };
      expect(await proof('caf\u00e9')).to.equal(await proof('cafe\u0301'));
    });

    it('refuses an empty username or password', async () => {
      expect(() => new ScramSha1Mechanism().response({ username: '', password: 'x' })).to.throw(/username/);
      const mech = new ScramSha1Mechanism({ clientNonce: SHA1.nonce });
      await mech.response(CRED);
      mech.challenge(SHA1.serverFirst);
      expect((await rejects(() => mech.response({ username: 'user', password: '' }))).message).to.match(/password/);
    });

    it('adds an escaped authzid to the GS2 header and to c=', async () => {
      const mech = new ScramSha1Mechanism({ clientNonce: SHA1.nonce });
      expect(await mech.response({ ...CRED, authzid: 'admin=1' })).to.equal(`n,a=admin=3D1,n=user,r=${SHA1.nonce}`);
      mech.challenge(SHA1.serverFirst);
      expect(await mech.response(CRED)).to.match(new RegExp(`^c=${btoa('n,a=admin=3D1,').replace(/[+/=]/g, '\\$&')},`));
    });
  });

  describe('nonces', () => {
    it('makes a fresh printable random nonce for every exchange', async () => {
      const a = await new ScramSha1Mechanism().response(CRED);
      const b = await new ScramSha1Mechanism().response(CRED);
      expect(a).to.match(/^n,,n=user,r=[A-Za-z0-9+/]{24}$/);
      expect(a).to.not.equal(b);
    });

    it('refuses an injected nonce with commas or non-printable characters', () => {
      expect(() => new ScramSha1Mechanism({ clientNonce: 'a,b' })).to.throw(/nonce/);
      expect(() => new ScramSha1Mechanism({ clientNonce: '' })).to.throw(/nonce/);
      expect(() => new ScramSha1Mechanism({ clientNonce: 'a b' })).to.throw(/nonce/);
    });
  });

  describe('malformed server-first messages fail clearly', () => {
    const cases: [string, string, RegExp][] = [
      ['empty', '', /empty/],
      ['garbage', 'hello world', /malformed/],
      ['missing nonce', 's=QSXCR+Q6sek8bf92,i=4096', /no nonce/],
      ['nonce not extending ours', 'r=someoneelse123,s=QSXCR+Q6sek8bf92,i=4096', /does not extend/],
      ['nonce equal to ours', 'r=fyko+d2lbbFgONRv9qkxdawL,s=QSXCR+Q6sek8bf92,i=4096', /does not extend/],
      ['nonce with a space', 'r=fyko+d2lbbFgONRv9qkxdawL x,s=QSXCR+Q6sek8bf92,i=4096', /invalid characters/],
      ['missing salt', 'r=fyko+d2lbbFgONRv9qkxdawLx,i=4096', /no salt/],
      ['empty salt', 'r=fyko+d2lbbFgONRv9qkxdawLx,s=,i=4096', /no salt/],
      ['salt not base64', 'r=fyko+d2lbbFgONRv9qkxdawLx,s=!!!,i=4096', /base64/],
      ['missing iterations', 'r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92', /no iteration count/],
      ['zero iterations', 'r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=0', /positive integer/],
      ['text iterations', 'r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=many', /positive integer/],
      ['negative iterations', 'r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=-1', /positive integer/],
      ['absurd iterations', `r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=${SCRAM_MAX_ITERATIONS + 1}`, /unreasonably high/],
      ['huge iterations', 'r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=99999999999999999999', /positive integer/],
      ['mandatory extension', 'm=ext,r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=4096', /extension/],
      ['server error', 'e=other-error', /server reported an error \(other-error\)/],
      ['duplicate attribute', 'r=fyko+d2lbbFgONRv9qkxdawLx,r=fyko+d2lbbFgONRv9qkxdawLy,s=QSXCR+Q6sek8bf92,i=4096', /malformed/],
      ['huge message', `r=fyko+d2lbbFgONRv9qkxdawL${'x'.repeat(10_000)},s=QSXCR+Q6sek8bf92,i=4096`, /too long/],
    ];
    for (const [what, serverFirst, error] of cases) {
      it(what, async () => {
        const mech = new ScramSha1Mechanism({ clientNonce: SHA1.nonce });
        await mech.response(CRED);
        expect(() => mech.challenge(serverFirst)).to.throw(Error, error);
      });
    }

    it('refuses a challenge out of turn, and a response while waiting', async () => {
      expect(() => new ScramSha1Mechanism().challenge(SHA1.serverFirst)).to.throw(/unexpected challenge/);
      const mech = new ScramSha1Mechanism({ clientNonce: SHA1.nonce });
      await mech.response(CRED);
      expect(() => mech.response(CRED)).to.throw(/waiting for the server/);
    });
  });

  describe('in the mechanism registry', () => {
    it('registers under the mechanism names and creates instances with no arguments', () => {
      const factory = new SaslFactory();
      factory.use(ScramSha256Mechanism);
      factory.use(ScramSha1Mechanism);
      const sha256 = factory.create(['SCRAM-SHA-256']);
      expect(sha256).to.be.instanceOf(ScramSha256Mechanism);
      expect(sha256?.name).to.equal('SCRAM-SHA-256');
      expect(factory.create(['SCRAM-SHA-1'])?.name).to.equal('SCRAM-SHA-1');
      expect((sha256 as unknown as { clientFirst: boolean }).clientFirst).to.equal(true);
      expect(factory.create(['PLAIN'])).to.equal(null);
    });
  });

  describe('chooseMechanism', () => {
    it('prefers SCRAM-SHA-256, then SCRAM-SHA-1', () => {
      expect(chooseMechanism(['PLAIN', 'SCRAM-SHA-1', 'SCRAM-SHA-256'], true)).to.equal('SCRAM-SHA-256');
      expect(chooseMechanism(['PLAIN', 'SCRAM-SHA-1'], false)).to.equal('SCRAM-SHA-1');
    });

    it('uses PLAIN only on a secure transport', () => {
      expect(chooseMechanism(['PLAIN'], true)).to.equal('PLAIN');
      expect(chooseMechanism(['PLAIN'], false)).to.equal(null);
    });

    it('never uses ANONYMOUS with credentials, and only it without', () => {
      expect(chooseMechanism(['ANONYMOUS'], true)).to.equal(null);
      expect(chooseMechanism(['ANONYMOUS', 'PLAIN'], true, false)).to.equal('ANONYMOUS');
      expect(chooseMechanism(['PLAIN', 'SCRAM-SHA-1'], true, false)).to.equal(null);
    });

    it('ignores unknown mechanisms and -PLUS variants', () => {
      expect(chooseMechanism(['SCRAM-SHA-1-PLUS', 'X-OAUTH2', 'DIGEST-MD5'], true)).to.equal(null);
      expect(chooseMechanism([], true)).to.equal(null);
    });
  });

  it('utf8ToBinary gives one char per UTF-8 byte', () => {
    expect(utf8ToBinary('abc')).to.equal('abc');
    expect(utf8ToBinary('é✓😀')).to.equal('\u00c3\u00a9\u00e2\u009c\u0093\u00f0\u009f\u0098\u0080');
    expect(btoa(utf8ToBinary('pässwörd✓'))).to.equal('cMOkc3N3w7ZyZOKckw==');
    expect(utf8ToBinary('x'.repeat(100_000)).length).to.equal(100_000);
  });
});
