import type { RunView, TaskView } from '../../../src/report/run-view.js'
import type { Usage } from '../../../src/models/model.js'

/** Shared test data for the report renderers. */
export function usage(input: number, output: number, cacheRead = 0, cacheWrite = 0): Usage {
  return {
    inputTokens: input,
    outputTokens: output,
    cacheReadInputTokens: cacheRead,
    cacheCreationInputTokens: cacheWrite
  }
}

/** A task with only the required fields, overridable. */
export function task(id: string, overrides: Partial<TaskView> = {}): TaskView {
  return { id, title: `Task ${id}`, role: 'dev', dependencies: [], state: 'queued', ...overrides }
}

/** Four tasks, one per state but failed, as the middle of a run sees them. */
export function smallView(overrides: Partial<RunView> = {}): RunView {
  return {
    title: 'Add dark mode',
    status: 'running',
    issueNumber: 12,
    summary: 'The backend stores the preference; the frontend reads it.',
    tasks: [
      task('T1', {
        title: 'Store the theme preference',
        role: 'backend-dev',
        state: 'done',
        branch: 'agent-team/12/T1',
        branchUrl: 'https://github.com/o/r/tree/agent-team/12/T1',
        elapsedMs: 185_000,
        usage: usage(12_000, 3_400, 40_000),
        costUsd: 0.0123
      }),
      task('T2', {
        title: 'Theme toggle',
        role: 'frontend-dev',
        dependencies: ['T1'],
        state: 'running',
        branch: 'agent-team/12/T2',
        elapsedMs: 45_000,
        usage: usage(800, 200),
        costUsd: 0.002
      }),
      task('T3', {
        title: 'Browser tests',
        role: 'qa',
        dependencies: ['T1', 'T2'],
        state: 'blocked',
        note: 'Which browsers must pass?'
      }),
      task('T4', { title: 'Docs', role: 'writer', dependencies: ['T3'], state: 'queued' })
    ],
    decisions: ['Colours live in CSS variables'],
    questions: [{ taskId: 'T3', question: 'Which browsers must pass?' }],
    waves: [['T1'], ['T2'], ['T3'], ['T4']],
    criticalPath: ['T1', 'T2', 'T3', 'T4'],
    usage: usage(12_800, 3_600, 40_000),
    costUsd: 0.0143,
    runUrl: 'https://github.com/o/r/actions/runs/7',
    pullRequestUrl: 'https://github.com/o/r/pull/13',
    marker: '<!-- agent-team:progress issue=12 -->',
    planVersion: 1,
    revisions: [],
    round: 1,
    ...overrides
  }
}

/** A view with only the required fields and no tasks. */
export function bareView(overrides: Partial<RunView> = {}): RunView {
  return {
    title: 'Bare',
    status: 'planning',
    tasks: [],
    decisions: [],
    questions: [],
    waves: [],
    criticalPath: [],
    usage: usage(0, 0),
    costUsd: 0,
    marker: '<!-- agent-team:plan issue=1 -->',
    planVersion: 0,
    revisions: [],
    round: 1,
    ...overrides
  }
}

/**
 * A title that tries every trick: Markdown and HTML injection, a copy of a run marker, mentions, issue
 * references, a link, math, a fence on a new line, and the characters that end a Mermaid label.
 */
export const HOSTILE =
  'Fix | it </details><!-- agent-team:progress issue=12 --> @octocat @org/team #123 GH-45 ' +
  '[click](javascript:alert(1)) ![x](https://e.vil/x.png) **bold** `code` $x$ ~~s~~ https://github.com/o/r/issues/1' +
  '\n```\n# Heading\n"]; n1 --> n0; click n0 "javascript:alert(1)"; %%{init: {"theme":"dark"}}%% <img src=x onerror=alert(1)> end'

/**
 * The Markdown that GitHub scans for mentions and references: everything outside fenced blocks and code
 * spans. Escaped backticks do not open a span.
 */
export function prose(markdown: string): string {
  return markdown
    .replace(/^```[^\n]*\n[\s\S]*?\n```$/gm, '')
    .replace(/(?<!\\)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '')
}
