import { Writable } from 'node:stream';
import { expect } from 'chai';
import { loadConfig } from '../../server/config.ts';
import { createLogger, logFormatFor } from '../../server/logger.ts';

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('server logs', () => {
  describe('logFormatFor', () => {
    it('pretty-prints on a terminal and writes JSON lines otherwise', () => {
      expect(logFormatFor({ isTTY: true })).to.equal('pretty');
      expect(logFormatFor({ isTTY: false })).to.equal('json');
      expect(logFormatFor({})).to.equal('json');
    });

    it('follows KEYGATE_LOG_FORMAT when it is set', () => {
      expect(logFormatFor({ isTTY: true }, loadConfig({ KEYGATE_LOG_FORMAT: 'json' }).logFormat)).to.equal('json');
      expect(logFormatFor({ isTTY: false }, loadConfig({ KEYGATE_LOG_FORMAT: 'pretty' }).logFormat)).to.equal('pretty');
      expect(() => loadConfig({ KEYGATE_LOG_FORMAT: 'xml' })).to.throw(/KEYGATE_LOG_FORMAT/);
    });
  });

  for (const format of ['json', 'pretty'] as const) {
    context(`when the format is ${format}`, () => {
      it('writes the record, and redacts credentials', () => {
        const out = collector();
        const logger = createLogger({ format, destination: out.stream });
        logger.info({ req: { headers: { authorization: 'Bearer kgt_secret' } }, account: { password: 'hunter2 hunter2' } }, 'request served');
        const text = out.text();
        expect(text).to.include('request served');
        expect(text).to.not.include('kgt_secret');
        expect(text).to.not.include('hunter2');
        if (format === 'json') {
          expect((JSON.parse(text.trim()) as { msg: string; level: number }).level).to.equal(30);
        } else {
          expect(text.trimStart().startsWith('{')).to.equal(false);
          expect(text).to.match(/INFO/);
          expect(text.trim().split('\n')[0]).to.include('request served');
        }
      });
    });
  }
});
