import { expect } from 'chai';
import { encodeEntryBundle, formatTileIndex, formatTilePath, parseEntryBundle, parseTilePath, tileNodes, tileWithin } from '../../audit/tiles.ts';
import { auditErrorCode } from '../helpers/audit-errors.ts';

describe('tlog-tiles paths and bundles', () => {
  it('encodes the index as the spec example: 1234067 is x001/x234/067', () => {
    expect(formatTileIndex(1234067)).to.equal('x001/x234/067');
    expect(formatTileIndex(0)).to.equal('000');
    expect(formatTileIndex(1000)).to.equal('x001/000');
  });

  it('parses full and partial hash tiles and entry bundles, and formats them back', () => {
    for (const path of ['tile/0/000', 'tile/1/x001/x234/067.p/17', 'tile/entries/273.p/112', 'tile/63/000.p/1', 'tile/entries/x001/000']) {
      expect(formatTilePath(parseTilePath(path.slice('tile/'.length)))).to.equal(path);
    }
    expect(parseTilePath('2/000.p/1')).to.deep.equal({ kind: 'hashes', level: 2, index: 0, width: 1 });
  });

  for (const bad of ['0/0', '0/0000', '0/x000/001', '64/000', '00/000', '0/000.p/256', '0/000.p/0', '0/000.p/07', '0/001/002', 'x/000', '0/000.p']) {
    it(`refuses ${JSON.stringify(bad)} with range-invalid`, () => {
      expect(auditErrorCode(() => parseTilePath(bad))).to.equal('range-invalid');
    });
  }

  it('maps tile hashes to stored nodes at level 8L and knows which tiles a size holds', () => {
    expect(tileNodes({ kind: 'hashes', level: 1, index: 2, width: 3 })).to.deep.equal([
      { level: 8, index: 512 },
      { level: 8, index: 513 },
      { level: 8, index: 514 },
    ]);
    expect(tileWithin({ kind: 'hashes', level: 1, index: 0, width: 1 }, 256)).to.equal(true);
    expect(tileWithin({ kind: 'hashes', level: 1, index: 0, width: 2 }, 511)).to.equal(false);
    expect(tileWithin({ kind: 'entries', index: 0, width: 256 }, 255)).to.equal(false);
  });

  it('round-trips entry bundles and refuses a truncated one', () => {
    const entries = [Buffer.from('{}'), Buffer.alloc(0), Buffer.alloc(65_535, 0x61)];
    const bundle = encodeEntryBundle(entries);
    expect(bundle.readUInt16BE(0)).to.equal(2);
    expect(parseEntryBundle(bundle).map((e) => e.length)).to.deep.equal([2, 0, 65_535]);
    expect(auditErrorCode(() => parseEntryBundle(bundle.subarray(0, -1)))).to.equal('export-malformed');
    expect(auditErrorCode(() => encodeEntryBundle([Buffer.alloc(65_536)]))).to.equal('entry-too-large');
  });
});
