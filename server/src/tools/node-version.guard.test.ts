import fs from 'node:fs';
import path from 'node:path';
import { nodeVersionProblem } from './node-version.guard';

describe('nodeVersionProblem', () => {
  it.each([
    ['20.11.1', '>=22'],
    ['21.99.0', '>=22'],
    ['22.11.0', '>=22.12'],
    ['22.12.0', '>=22.12.1'],
  ])('refuses Node.js %s when engines.node is %s, naming the version needed', (running, required) => {
    const problem = nodeVersionProblem(running, required);
    expect(problem).toContain(`needs Node.js ${required.replace('>=', '')} or newer`);
    expect(problem).toContain(`this is Node.js ${running}`);
    expect(problem).toContain('https://nodejs.org/en/download');
  });

  it.each([
    ['22.0.0', '>=22'],
    ['24.11.0', '>=22'],
    ['22.12.0', '>=22.12'],
    ['23.0.0', '>=22.12.1'],
  ])('accepts Node.js %s when engines.node is %s', (running, required) => {
    expect(nodeVersionProblem(running, required)).toBeUndefined();
  });

  it('is a bug, not a refusal, when engines.node is not a plain minimum', () => {
    expect(() => nodeVersionProblem('24.0.0', '^22 || ^24')).toThrow(/not of the form/);
  });

  it('reads the same minimum as the workspace root declares', () => {
    const serverRoot = path.resolve(__dirname, '..', '..');
    const engines = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')).engines.node as string;
    expect(engines(path.join(serverRoot, 'package.json'))).toBe(
      engines(path.join(serverRoot, '..', 'package.json')),
    );
  });
});
