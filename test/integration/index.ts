// Entry the extension host loads (extensionTestsPath): every integration test under this folder.
import { runMochaSuite } from '../host/mochaSuite';

export function run(): Promise<void> {
  return runMochaSuite({ testsDir: __dirname, layer: 'integration' });
}
