// Mocha's spec output plus the closing line CI counts: "<layer>: N passed, N failed[, N skipped]".
import * as Mocha from 'mocha';

const { EVENT_RUN_END } = Mocha.Runner.constants;

class CountReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const layer = (options?.reporterOptions as { layer?: string } | undefined)?.layer ?? 'tests';
    runner.once(EVENT_RUN_END, () => {
      const { passes = 0, failures = 0, pending = 0 } = runner.stats ?? {};
      const skipped = pending > 0 ? `, ${pending} skipped` : '';
      console.log(`\n${layer}: ${passes} passed, ${failures} failed${skipped}`);
    });
  }
}

export = CountReporter;
