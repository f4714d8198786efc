import { expect } from 'chai';
import { smkiVectorsOrSkip } from './vectors.ts';

describe('smkiVectorsOrSkip', () => {
  const skipped = { skip: (): never => { throw new Error('skipped'); } };

  context('when the vectors folder is missing', () => {
    it('fails the test under CI instead of skipping it', () => {
      expect(() => smkiVectorsOrSkip(skipped, { CI: 'true' }, 'no-such-vectors')).to.throw(/not found.*CI is set/);
    });

    it('skips elsewhere', () => {
      expect(() => smkiVectorsOrSkip(skipped, {}, 'no-such-vectors')).to.throw('skipped');
    });
  });

  context('when the folder is present', () => {
    it('returns it under CI too', () => {
      expect(smkiVectorsOrSkip(skipped, { CI: 'true' })).to.match(/smki-test-certs$/);
    });
  });
});
