// Entry the extension host loads for the installed-.vsix suite: every test under this folder.
import { runMochaSuite } from '../host/mochaSuite';

export function run(): Promise<void> {
  return runMochaSuite({ testsDir: __dirname, layer: 'vsix' });
}
