// Prints the closing line CI reads, "N passed, N failed", from Vitest's JSON report.
import { readFileSync, existsSync } from 'node:fs'

const file = process.argv[2]
if (!existsSync(file)) {
  console.log('0 passed, 1 failed')
  console.error(`no test report at ${file}: the test run did not finish`)
  process.exit(0)
}
const report = JSON.parse(readFileSync(file, 'utf8'))
const failedSuites = (report.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
const failed = report.numFailedTests + failedSuites
console.log(`${report.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
