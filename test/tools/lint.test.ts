// The import boundaries and the async rules are enforced by the lint configuration, not by
// convention: each fixture is linted with the project's own eslint.config.js as if it were the
// named file, and must be refused by the named rule. The clean fixture proves the harness itself
// reports nothing for correct code (so a refusal is the rule's doing, not a parsing error).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import { machineLimit } from '../helpers/time-limits.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/lint');

interface Case {
  readonly fixture: string;
  /** Where the text is linted as if it lived (relative to the project root). */
  readonly as: string;
  readonly rule: string;
  readonly mentions?: string;
}

const REFUSED: readonly Case[] = [
  { fixture: 'floating-promise', as: 'server/services/lint-fixture-a.ts', rule: '@typescript-eslint/no-floating-promises' },
  { fixture: 'misused-promise', as: 'approvals/lint-fixture-b.ts', rule: '@typescript-eslint/no-misused-promises' },
  { fixture: 'core-imports-express', as: 'pki/lint-fixture-c.ts', rule: 'no-restricted-imports', mentions: 'express' },
  { fixture: 'core-imports-express', as: 'approvals/rules/lint-fixture-d.ts', rule: 'no-restricted-imports', mentions: 'express' },
  { fixture: 'core-imports-knex', as: 'audit/lint-fixture-e.ts', rule: 'no-restricted-imports', mentions: 'knex' },
  { fixture: 'core-imports-fs', as: 'audit/lint-fixture-f.ts', rule: 'no-restricted-imports', mentions: 'node:fs' },
  { fixture: 'core-imports-server', as: 'pki/lint-fixture-g.ts', rule: 'no-restricted-imports', mentions: 'server' },
  { fixture: 'http-imports-pages', as: 'server/http/lint-fixture-h.ts', rule: 'no-restricted-imports', mentions: 'pages' },
  { fixture: 'auth-imports-compose', as: 'server/auth/lint-fixture-i.ts', rule: 'no-restricted-imports', mentions: 'compose' },
];
const CLEAN: Case = { fixture: 'clean', as: 'pki/lint-fixture-j.ts', rule: '' };
const DOWNWARD = 'server/pages/lint-fixture-k.ts';

function linter(): ESLint {
  // The fixtures exist on no path the tsconfig includes, so the type-aware rules check them in
  // typescript-eslint's default project (named here one by one: it accepts no ** globs).
  const virtual = [...[...REFUSED, CLEAN].map((c) => c.as), DOWNWARD];
  const projectService = { allowDefaultProject: virtual, maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: virtual.length };
  return new ESLint({ cwd: ROOT, overrideConfig: { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService } } } });
}

async function lint(eslint: ESLint, c: Case): Promise<Linter.LintMessage[]> {
  const text = readFileSync(path.join(FIXTURES, `${c.fixture}.ts.txt`), 'utf8');
  const [result] = await eslint.lintText(text, { filePath: path.join(ROOT, c.as) });
  return result?.messages ?? [];
}

describe('lint configuration', function () {
  this.timeout(machineLimit(120_000));
  let eslint: ESLint;

  before(() => {
    eslint = linter();
  });

  it('reports nothing for a clean fixture (the harness parses and type-checks)', async () => {
    expect(await lint(eslint, CLEAN)).to.deep.equal([]);
  });

  for (const c of REFUSED) {
    it(`refuses ${c.fixture} in ${c.as} with ${c.rule}`, async () => {
      const messages = await lint(eslint, c);
      const fired = messages.filter((m) => m.ruleId === c.rule);
      expect(fired, JSON.stringify(messages)).to.have.length.greaterThan(0);
      expect(fired.every((m) => m.severity === 2)).to.equal(true);
      if (c.mentions !== undefined) expect(fired[0]?.message).to.include(c.mentions);
    });
  }

  it('assigns every server module to a layer, so a new directory cannot escape the boundaries', async () => {
    const files = readdirSync(path.join(ROOT, 'server'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const unassigned: string[] = [];
    for (const f of files) {
      const config = (await eslint.calculateConfigForFile(path.join(ROOT, 'server', f))) as Linter.Config;
      if (config.rules?.['no-restricted-imports'] === undefined) unassigned.push(f);
    }
    expect(files.length).to.be.greaterThan(50);
    expect(unassigned).to.deep.equal([]);
  });

  context('when a higher layer imports a lower one', () => {
    it('accepts the pages importing the http layer', async () => {
      const text = "import { API_BASE } from '../http/openapi.ts';\n\nexport const base = API_BASE;\n";
      const [result] = await eslint.lintText(text, { filePath: path.join(ROOT, DOWNWARD) });
      expect(result?.messages).to.deep.equal([]);
    });
  });
});
