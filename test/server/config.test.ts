import { expect } from 'chai';
import { ConfigError, loadConfig, parseListenAddress } from '../../server/config.ts';

describe('config', () => {
  describe('KEYGATE_METRICS_ADDR', () => {
    it('is unset by default: metrics only on the main listener, for admins', () => {
      expect(loadConfig({}).metricsAddress).to.equal(undefined);
    });

    it('reads HOST:PORT, [IPv6]:PORT and a bare port (on loopback)', () => {
      expect(loadConfig({ KEYGATE_METRICS_ADDR: '10.0.0.5:9464' }).metricsAddress).to.deep.equal({ host: '10.0.0.5', port: 9464 });
      expect(parseListenAddress('[::1]:9464', 'X')).to.deep.equal({ host: '::1', port: 9464 });
      expect(parseListenAddress('9464', 'X')).to.deep.equal({ host: '127.0.0.1', port: 9464 });
      expect(parseListenAddress('metrics.internal:0', 'X')).to.deep.equal({ host: 'metrics.internal', port: 0 });
    });

    for (const bad of ['::1:9464', 'host:', 'host:70000', 'http://host:9464', 'host:port', ' 9464']) {
      it(`refuses ${JSON.stringify(bad)}, naming the variable`, () => {
        expect(() => loadConfig({ KEYGATE_METRICS_ADDR: bad })).to.throw(ConfigError, /KEYGATE_METRICS_ADDR must be HOST:PORT/);
      });
    }
  });

  describe('KEYGATE_PUBLIC_URL', () => {
    it('defaults to localhost on the configured port (WebAuthn refuses IP addresses)', () => {
      expect(loadConfig({}).publicUrl).to.equal('http://localhost:8080');
      expect(loadConfig({ PORT: '9000' }).publicUrl).to.equal('http://localhost:9000');
    });

    it('reads an https origin, and http on localhost', () => {
      expect(loadConfig({ KEYGATE_PUBLIC_URL: 'https://keygate.example.org/' }).publicUrl).to.equal('https://keygate.example.org');
      expect(loadConfig({ KEYGATE_PUBLIC_URL: 'http://localhost:3000' }).publicUrl).to.equal('http://localhost:3000');
    });

    const refusals: [string, RegExp][] = [
      ['http://127.0.0.1:8080', /not the IP address 127\.0\.0\.1/],
      ['https://[::1]:8080', /not the IP address ::1/],
      ['http://keygate.example.org', /must be https unless its host is localhost/],
      ['https://keygate.example.org/ui', /no path/],
      ['ftp://localhost', /http\(s\) URL/],
      ['localhost:8080', /http\(s\) URL|not a URL/],
    ];
    for (const [bad, reason] of refusals) {
      it(`refuses ${bad}`, () => {
        expect(() => loadConfig({ KEYGATE_PUBLIC_URL: bad })).to.throw(ConfigError, reason);
      });
    }
  });
});
