import { expect } from '@open-wc/testing';
import { newId } from '../../../src/model/id.js';

describe('newId', () => {
  it('has the version 4 UUID form and never repeats', () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    for (const id of ids) expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('works where crypto.randomUUID does not exist (pages that are not a secure context)', () => {
    const descriptor = Object.getOwnPropertyDescriptor(Crypto.prototype, 'randomUUID');
    delete (Crypto.prototype as Partial<Crypto>).randomUUID;
    try {
      expect(newId()).to.have.length(36);
    } finally {
      if (descriptor) Object.defineProperty(Crypto.prototype, 'randomUUID', descriptor);
    }
  });
});
