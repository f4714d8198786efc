// Prometheus metrics. One registry per composed instance (tests compose many), never the global.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly logAppends: Counter;
  readonly logSize: Gauge;
}

export function createMetrics(options: { processMetrics: boolean } = { processMetrics: false }): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'keygate_' });
  return {
    registry,
    httpRequests: new Counter({ name: 'keygate_http_requests_total', help: 'HTTP requests by method, route and status', labelNames: ['method', 'route', 'status'], registers: [registry] }),
    httpDuration: new Histogram({
      name: 'keygate_http_request_duration_seconds',
      help: 'HTTP request latency by method and route',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    logAppends: new Counter({ name: 'keygate_log_appends_total', help: 'Log entries committed by this process', registers: [registry] }),
    logSize: new Gauge({ name: 'keygate_log_tree_size', help: 'Tree size of the latest checkpoint this process saw', registers: [registry] }),
  };
}
