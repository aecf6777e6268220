import { expect } from 'chai';
import { ESLint } from 'eslint';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../common/project-root';

const RULE = '@typescript-eslint/no-restricted-imports';

describe('lint boundaries (docs/architecture.md)', function () {
  // The first lint builds the TypeScript program of the whole project (typed rules).
  this.timeout(180_000);
  const eslint = new ESLint({ cwd: projectRoot });
  const written: string[] = [];

  /** Writes `code` to `relativePath` (the typed rules need the file on disk), lints it, returns its findings. */
  async function lint(relativePath: string, code: string): Promise<Array<{ ruleId: string | null; message: string }>> {
    const filePath = path.join(projectRoot, relativePath);
    writeFileSync(filePath, code);
    written.push(filePath);
    const [result] = await eslint.lintText(code, { filePath });
    return result.messages.map(({ ruleId, message }) => ({ ruleId, message }));
  }

  /** The boundary findings' messages. */
  const boundaryMessages = (findings: Array<{ ruleId: string | null; message: string }>) =>
    findings.filter((f) => f.ruleId === RULE).map((f) => f.message);

  const probe = (folder: string) => path.join(folder, `lint-boundary-probe-${process.pid}.ts`);

  afterEach(() => {
    for (const file of written.splice(0)) rmSync(file, { force: true });
  });

  it('refuses store/ importing nlu/, naming the rule', async () => {
    const findings = await lint(
      probe('store'),
      "import { SATISFACTION_FEATURES } from '../nlu/satisfaction-model';\n\nexport const names = SATISFACTION_FEATURES;\n",
    );
    expect(boundaryMessages(findings)).to.deep.equal([
      "'../nlu/satisfaction-model' import is restricted from being used by a pattern. store/ must not import nlu/: dependencies point inward (docs/architecture.md)",
    ]);
  });

  it('refuses an `import type` of bot/ inside dialogs/', async () => {
    const findings = await lint(probe('dialogs'), "import type { Logger } from '../bot/logger';\n\nexport type DialogLogger = Logger;\n");
    expect(boundaryMessages(findings)).to.deep.equal([
      "'../bot/logger' import is restricted from being used by a pattern. dialogs/ must not import bot/: dependencies point inward (docs/architecture.md)",
    ]);
  });

  it('catches a path that climbs more than one folder', async () => {
    const findings = await lint(
      probe('store/metrics'),
      "import type { Logger } from '../../bot/logger';\n\nexport type StoreLogger = Logger;\n",
    );
    expect(boundaryMessages(findings)).to.deep.equal([
      "'../../bot/logger' import is restricted from being used by a pattern. store/ must not import bot/: dependencies point inward (docs/architecture.md)",
    ]);
  });

  it('passes a file that imports only what its folder may', async () => {
    const findings = await lint(probe('store'), "import type { DbAuditRow } from './tables';\n\nexport type AuditRow = DbAuditRow;\n");
    expect(findings).to.deep.equal([]);
  });
});
