import { expect } from '@open-wc/testing';
import { parseDateTime, parseDelay } from '../../../src/xmpp/delay.js';
import { stanza } from './parse-xml.js';

describe('xmpp/delay', () => {
  describe('parseDateTime', () => {
    const good: [string, number][] = [
      ['2002-09-10T23:08:25Z', Date.UTC(2002, 8, 10, 23, 8, 25)],
      ['2002-09-10T23:08:25.123Z', Date.UTC(2002, 8, 10, 23, 8, 25, 123)],
      ['2002-09-10T23:08:25.1Z', Date.UTC(2002, 8, 10, 23, 8, 25, 100)],
      ['2002-09-10T23:08:25.123456789Z', Date.UTC(2002, 8, 10, 23, 8, 25, 123)],
      ['2002-09-10T23:08:25+02:00', Date.UTC(2002, 8, 10, 21, 8, 25)],
      ['2002-09-10T23:08:25-05:30', Date.UTC(2002, 8, 11, 4, 38, 25)],
      ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
      ['0050-01-01T00:00:00Z', -60589296000000],
    ];
    for (const [stamp, ms] of good) {
      it(`reads ${stamp}`, () => {
        expect(parseDateTime(stamp)).to.equal(ms);
      });
    }

    for (const bad of ['', 'yesterday', '2002-09-10', '2002-09-10T23:08:25', '2002-09-10 23:08:25Z', '2002-13-10T00:00:00Z',
      '2023-02-29T00:00:00Z', '2002-09-10T24:00:00Z', '2002-09-10T23:60:00Z', '2002-09-10T23:08:25+25:00',
      '2002-09-10T23:08:25.Z', '1e12', `2002-09-10T23:08:25.${'1'.repeat(100)}Z`, '２００２-09-10T23:08:25Z']) {
      it(`refuses ${JSON.stringify(bad.slice(0, 40))}`, () => {
        expect(parseDateTime(bad)).to.equal(null);
      });
    }

    it('returns null for a non-string', () => {
      expect(parseDateTime(undefined as unknown as string)).to.equal(null);
    });
  });

  describe('parseDelay', () => {
    it('reads the first delay when none comes from our server', () => {
      const el = stanza('<message to="me@example.com"><delay xmlns="urn:xmpp:delay" stamp="2020-01-01T00:00:00Z"/><delay xmlns="urn:xmpp:delay" stamp="2021-01-01T00:00:00Z"/></message>');
      expect(parseDelay(el)).to.equal(Date.UTC(2020, 0, 1));
    });

    it('returns null without a delay', () => {
      expect(parseDelay(stanza('<message/>'))).to.equal(null);
    });
  });
});
