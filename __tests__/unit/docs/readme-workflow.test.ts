import { describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parse } from 'yaml'

const ROOT = resolve(import.meta.dirname ?? process.cwd(), '..', '..', '..')
const read = (path: string) => readFile(resolve(ROOT, path), 'utf8')

interface Workflow {
  jobs: Record<
    string,
    {
      if?: string
      concurrency?: { group: string; 'cancel-in-progress': boolean }
      'timeout-minutes'?: number
      steps: { uses?: string; with?: Record<string, unknown> }[]
    }
  >
}

/** The workflow people copy from the README is safe to copy: it parses, filters, and never blocks a stop. */
describe('the README workflow', () => {
  it('filters events, gives /agents stop its own concurrency group, and ends before the job limit', async () => {
    const readme = await read('README.md')
    const block = /## A first workflow\n\n```yaml\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(block).toBeDefined()
    const job = (parse(block as string) as Workflow).jobs.team

    expect(job!.if).toContain("github.event.label.name == 'agent-team'")
    expect(job!.if).toContain("startsWith(github.event.comment.body, '/agents')")
    // Reviews reach the team only on its own PRs, and only when they ask something of it.
    expect(job!.if).toContain("github.event_name == 'pull_request_review' &&")
    expect(job!.if).toContain("github.event.review.state == 'changes_requested'")
    expect(job!.if).toContain("github.event_name == 'pull_request_review_comment' &&")
    expect(
      job!.if?.match(/startsWith\(github\.event\.pull_request\.head\.ref, 'agent-team\/'\)/g)
    ).toHaveLength(2)
    expect(job!.concurrency?.group).toContain('github.event.pull_request.number')
    expect(job!.concurrency?.group).toContain("startsWith(github.event.comment.body, '/agents stop')")
    expect(job!.concurrency?.group).toContain('github.run_id')
    expect(job!.concurrency?.['cancel-in-progress']).toBe(false)
    const checkout = job!.steps.find(step => step.uses?.startsWith('actions/checkout@'))
    expect(checkout?.with?.['persist-credentials']).toBe(false)
    const action = job!.steps.find(step => step.uses?.startsWith('agent-team/agent-team@'))
    expect(Number(action?.with?.timeout_minutes)).toBeLessThan(job!['timeout-minutes'] ?? 360)
  })

  it('points at the release line of this version, which the changelog describes', async () => {
    const { version } = JSON.parse(await read('package.json')) as { version: string }
    const readme = await read('README.md')
    const refs = [...readme.matchAll(/uses: agent-team\/agent-team@(\S+)/g)].map(m => m[1])

    expect(refs.length).toBeGreaterThan(0)
    expect(new Set(refs)).toEqual(new Set([`v${version.split('.')[0]}`]))
    expect(await read('CHANGELOG.md')).toContain(`## ${version} `)
  })
})
