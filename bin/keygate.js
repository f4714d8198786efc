#!/usr/bin/env node
// Entry point for `npx keygate`: registers the TypeScript loader, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/main.ts');
