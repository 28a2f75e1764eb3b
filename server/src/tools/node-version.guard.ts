/**
 * Refuses to run on a Node.js older than package.json's `engines.node`, saying which version is
 * needed and how to get it. main.ts and every command-line tool import this file first, before
 * anything else loads: on an older Node a dependency fails with an error that says nothing about
 * versions. Keep it small and plain (nothing newer than Node 16), so that it runs where the rest
 * would not.
 */
import fs from 'node:fs';
import path from 'node:path';

/** What CI, the Dockerfile and .nvmrc use; engines.node is the oldest that still works. */
const recommendedMajor = 24;

/** A message when `running` (process.versions.node) is older than `required` (`>=MAJOR[.MINOR[.PATCH]]`). */
export function nodeVersionProblem(running: string, required: string): string | undefined {
  const minimum = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(required.trim());
  if (!minimum) throw new Error(`engines.node "${required}" is not of the form >=MAJOR[.MINOR[.PATCH]]`);
  const wanted = minimum.slice(1).map((part) => Number(part ?? 0));
  const actual = running.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let index = 0; index < 3; index++) {
    if ((actual[index] ?? 0) > (wanted[index] ?? 0)) return undefined;
    if ((actual[index] ?? 0) < (wanted[index] ?? 0)) {
      const version = wanted.join('.').replace(/(\.0)+$/, '');
      return [
        `CodeSale needs Node.js ${version} or newer (${recommendedMajor} LTS recommended); this is Node.js ${running} (${process.execPath}).`,
        `Install Node.js ${recommendedMajor}: https://nodejs.org/en/download, or with nvm: nvm install ${recommendedMajor} && nvm use ${recommendedMajor}`,
      ].join('\n');
    }
  }
  return undefined;
}

function requiredNodeVersion(): string {
  const packageFile = path.join(__dirname, '..', '..', 'package.json');
  const manifest = JSON.parse(fs.readFileSync(packageFile, 'utf8')) as { engines?: { node?: string } };
  if (!manifest.engines?.node) throw new Error(`${packageFile} has no engines.node`);
  return manifest.engines.node;
}

const problem = nodeVersionProblem(process.versions.node, requiredNodeVersion());
if (problem !== undefined) {
  console.error(problem);
  process.exit(1);
}
