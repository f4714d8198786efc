// The certificate builder lives with the demo, which also needs it; tests use it from there.
export * from '../../server/demo/cert-builder.ts';
