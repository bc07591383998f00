// Prints plain closing lines after the run: "tests: N passed, N failed[, N skipped]", so CI logs
// and humans see the count without scrolling, and the slowest test files, so whoever keeps
// `.ci/run` under its time budget sees where the time goes.
const SLOWEST = 10;

export default class SummaryReporter {
  onTestRunEnd(testModules) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const durations = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
      durations.push([module.moduleId, module.diagnostic().duration]);
    }
    const cwd = process.cwd() + '/';
    const slowest = durations
      .sort((a, b) => b[1] - a[1])
      .slice(0, SLOWEST)
      .map(([id, ms]) => `  ${(ms / 1000).toFixed(1).padStart(7)} s  ${id.replace(cwd, '')}`);
    process.stdout.write(
      `\nslowest test files:\n${slowest.join('\n')}\n` +
        `\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
    );
  }
}
