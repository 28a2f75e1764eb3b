import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repositoryRoot = path.resolve(__dirname, '..', '..');
const binaries = path.join(repositoryRoot, 'node_modules', '.bin');

/**
 * A copy of the repository's codegen inputs and lint settings in a temporary folder (the real
 * node_modules linked in), so that the real CLI runs without touching the working tree.
 */
function repositoryCopy(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-codegen-'));
  for (const file of [
    'codegen.ts',
    'package.json',
    'eslint.config.mjs',
    '.prettierrc.json',
    '.prettierignore',
  ]) {
    fs.copyFileSync(path.join(repositoryRoot, file), path.join(directory, file));
  }
  fs.mkdirSync(path.join(directory, 'schema'));
  fs.copyFileSync(
    path.join(repositoryRoot, 'schema', 'schema.graphql'),
    path.join(directory, 'schema', 'schema.graphql'),
  );
  fs.symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(directory, 'node_modules'));
  return directory;
}

/** Runs a tool from node_modules/.bin in `directory`, as `npm run` would (its .bin on the PATH). */
async function tool(directory: string, name: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(path.join(binaries, name), args, {
      cwd: directory,
      env: { ...process.env, PATH: `${binaries}${path.delimiter}${process.env['PATH'] ?? ''}` },
      timeout: 90_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? 1, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

/** Every file under `directory`, relative, node_modules aside. */
function filesUnder(directory: string): string[] {
  return fs
    .readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((file) => !file.startsWith('node_modules') && fs.statSync(path.join(directory, file)).isFile())
    .sort();
}

describe('npm run codegen', () => {
  const copies: string[] = [];
  afterAll(() => {
    for (const directory of copies) fs.rmSync(directory, { recursive: true, force: true });
  });

  it('succeeds and writes nothing while no client folder exists', async () => {
    // given the repository without clients/
    const directory = repositoryCopy();
    copies.push(directory);
    const before = filesUnder(directory);

    // when codegen runs
    const result = await tool(directory, 'graphql-codegen', ['--config', 'codegen.ts']);

    // then it says there is nothing to generate, and no folder was created
    expect(result.code).toBe(0);
    expect(result.output).toContain('nothing to generate');
    expect(filesUnder(directory)).toEqual(before);
  }, 120_000);

  it('generates only into client folders that exist, and its output passes ESLint and Prettier', async () => {
    // given a buyer client with one document, and no console client
    const directory = repositoryCopy();
    copies.push(directory);
    fs.mkdirSync(path.join(directory, 'clients', 'buyer', 'src'), { recursive: true });
    fs.writeFileSync(
      path.join(directory, 'clients', 'buyer', 'src', 'me.ts'),
      "import { graphql } from './gql';\n\nexport const meQuery = graphql(`\n  query Me {\n    me {\n      id\n    }\n  }\n`);\n",
    );

    // when codegen runs, then the linters run as `npm run lint` does
    const generated = await tool(directory, 'graphql-codegen', ['--config', 'codegen.ts']);
    const eslint = await tool(directory, 'eslint', ['--max-warnings', '0', '.']);
    const prettier = await tool(directory, 'prettier', ['--check', '.']);

    // then the buyer's typed documents exist, nothing was made for the console, and both linters pass
    expect(generated.code).toBe(0);
    expect(filesUnder(path.join(directory, 'clients'))).toEqual(
      expect.arrayContaining([
        path.join('buyer', 'src', 'gql', 'graphql.ts'),
        path.join('buyer', 'src', 'gql', 'gql.ts'),
      ]),
    );
    expect(
      fs.readFileSync(path.join(directory, 'clients', 'buyer', 'src', 'gql', 'gql.ts'), 'utf8'),
    ).toContain('query Me');
    expect(fs.existsSync(path.join(directory, 'clients', 'console'))).toBe(false);
    expect(eslint).toEqual({ code: 0, output: '' });
    expect(prettier.code).toBe(0);
  }, 180_000);
});
