import { expect } from '@open-wc/testing';
import { problemSentence } from '../../src/components/sign-in.js';

// The store reports a failure as a kind and a condition; the sign-in form words it.
describe('sign-in problem sentences', () => {
  it('words each condition the store and session report', () => {
    expect(problemSentence({ kind: 'input', condition: 'address', field: 'address' })).to.match(/name@example\.org/);
    expect(problemSentence({ kind: 'input', condition: 'service' })).to.match(/No chat server/);
    expect(problemSentence({ kind: 'input', condition: 'password', field: 'password' })).to.equal('Enter your password.');
    expect(problemSentence({ kind: 'auth', condition: 'not-authorized' })).to.match(/address or password is not correct/);
    expect(problemSentence({ kind: 'auth', condition: 'no-mechanism' })).to.match(/no sign-in method/);
    expect(problemSentence({ kind: 'auth', condition: 'server-proof' })).to.match(/could not prove/);
    expect(problemSentence({ kind: 'unreachable', condition: 'ECONNERROR' })).to.match(/cannot be reached/);
    expect(problemSentence({ kind: 'unreachable', condition: 'timeout' })).to.match(/did not answer in time/);
    expect(problemSentence({ kind: 'protocol', condition: 'host-unknown' })).to.match(/does not serve that address/);
  });

  it('names a stream error it has no words for, and says something for none at all', () => {
    expect(problemSentence({ kind: 'protocol', condition: 'policy-violation' })).to.equal('The server closed the connection (policy-violation).');
    expect(problemSentence({ kind: 'protocol', condition: '' })).to.equal('The connection failed.');
    expect(problemSentence({ kind: 'auth', condition: 'account-disabled' })).to.match(/address or password is not correct/);
  });
});
