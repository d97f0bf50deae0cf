import { describe, expect, it } from '@jest/globals'
import { createLoopGuard } from '../../../src/agents/loop-guard.js'
import { taskMessage } from '../../../src/agents/task-message.js'
import { agentTools } from '../../../src/agents/tools/agent-tools.js'
import type { ToolSpec } from '../../../src/models/model.js'
import { planRequestMessage, repairMessage } from '../../../src/planning/plan-messages.js'
import { planTool } from '../../../src/planning/plan-tool.js'
import { answerTool, resolveBlocker } from '../../../src/planning/resolve-blocker.js'
import { revisePlan } from '../../../src/planning/revise-plan.js'
import { reviseTool } from '../../../src/planning/revise-tool.js'
import { fillPrompt } from '../../../src/prompts/index.js'
import { fakeModel, reply, textReply, toolUseReply } from '../../harness/fake-model.js'
import { plan, task, team, webTeam } from '../planning/fixtures.js'

/**
 * The texts a model reads moved from code into src/prompts/ word for word. These are the texts as the code
 * built them before the move, so a prompt file that drifts (a lost blank line, a changed word) shows here;
 * change the expectation together with a prompt only when the change is meant.
 */
const lines = (...parts: string[]): string => parts.join('\n')

const CLOSING =
  'Work only inside your worktree, keep to this task, run the checks before you finish, then call finish_task. If a real ambiguity stops you, call report_blocker with one precise question.'

describe('the texts a model reads', () => {
  it('builds the task brief with every section, values verbatim', () => {
    const text = taskMessage({
      task: task('T1', ['T0'], { files: ['src/a.ts'], title: 'Add {{x}} api' }),
      planSummary: 'The plan.',
      decisions: ['d1', 'd2'],
      finishedDependencies: [
        { id: 'T0', title: 'Base', summary: 'Did base.' },
        { id: 'T9', title: 'Other', summary: 'S2' }
      ],
      allowedCommands: ['npm test'],
      guidance: 'Go on.'
    })
    expect(text).toBe(
      lines(
        '# Your task: T1 — Add {{x}} api',
        '',
        'Do the work of T1.',
        '',
        '## Deliverables',
        '- Code for T1',
        '',
        '## Acceptance criteria',
        '- npm test passes',
        '',
        '## Files you will probably touch',
        '- src/a.ts',
        '',
        "## The team's plan",
        'The plan.',
        '',
        '## Team decisions (follow them)',
        '- d1',
        '- d2',
        '',
        '## Work already merged into your branch',
        '### T0 — Base',
        'Did base.',
        '',
        '### T9 — Other',
        'S2',
        '',
        '## Commands you may run',
        '- npm test',
        '',
        '## Guidance',
        'Go on.',
        '',
        CLOSING
      )
    )
  })

  it('builds the task brief with only the sections every task has', () => {
    const text = taskMessage({
      task: task('T2'),
      decisions: [],
      finishedDependencies: [],
      allowedCommands: []
    })
    expect(text).toBe(
      lines(
        '# Your task: T2 — Task T2',
        '',
        'Do the work of T2.',
        '',
        '## Deliverables',
        '- Code for T2',
        '',
        '## Acceptance criteria',
        '- npm test passes',
        '',
        '## Team decisions (follow them)',
        '- (none)',
        '',
        '## Commands you may run',
        '- (none)',
        '',
        CLOSING
      )
    )
  })

  it('builds the plan request and the repair turn', () => {
    const request = planRequestMessage({
      team: team({ a: 'Does A.', b: '  ' }),
      feature: { title: ' F ', body: ' Body ' },
      repoSummary: ' repo '
    })
    expect(request.content).toEqual([
      {
        type: 'text',
        text: lines(
          '<feature>',
          '# F',
          '',
          'Body',
          '</feature>',
          '',
          "The team's roles; assign every task to one of these names:",
          '<roles>',
          '- `a`: Does A.',
          '- `b`: (no description)',
          '</roles>',
          '',
          'What is known about the repository:',
          '<repository>',
          'repo',
          '</repository>',
          '',
          'Plan this feature for the team and submit the plan with submit_plan.'
        )
      }
    ])
    const twoCalls = reply(
      [
        { type: 'tool_use', id: 'a', name: 'x', input: {} },
        { type: 'tool_use', id: 'b', name: 'submit_plan', input: {} }
      ],
      'tool_use'
    )
    expect(repairMessage(twoCalls, ['p1', 'p2']).content).toEqual([
      {
        type: 'tool_result',
        tool_use_id: 'a',
        is_error: true,
        content: 'This call was not read; only the first submit_plan call of a reply counts.'
      },
      {
        type: 'tool_result',
        tool_use_id: 'b',
        is_error: true,
        content:
          'The plan was not accepted. Fix these problems and call submit_plan again with the whole corrected plan:\n- p1\n- p2'
      }
    ])
  })

  it('builds the revision request for a review', async () => {
    const model = fakeModel([textReply('no')])
    await revisePlan({
      model,
      team: webTeam,
      managerPrompt: 'M',
      feature: { title: 'T', body: 'B' },
      current: {
        summary: 'S',
        decisions: [],
        tasks: [
          { ...task('A'), state: 'done', merged: true, summary: 'did A' },
          { ...task('B', ['A', 'C']), state: 'failed', merged: false, failure: 'broke' }
        ]
      },
      reason: {
        kind: 'review',
        by: 'rev',
        text: '',
        comments: [
          { id: 1, author: 'x', path: 'a.ts', diffHunk: '@@', body: 'b1' },
          { id: 2, author: 'y', path: 'b.ts', line: 3, startLine: 1, diffHunk: '@@2', body: 'b2' },
          { id: 3, author: 'z', path: 'c.ts', line: 4, startLine: 4, diffHunk: 'h', body: 'b3' }
        ]
      },
      maxRepairs: 0
    }).catch(() => undefined)
    expect(model.requests[0]!.messages[0]!.content).toEqual([
      {
        type: 'text',
        text: lines(
          '<feature>',
          '# T',
          '',
          'B',
          '</feature>',
          '',
          "The team's roles:",
          '<roles>',
          '- `backend-dev`: Builds the HTTP API and the database layer.',
          '- `frontend-dev`: Builds the React user interface.',
          '- `qa`: Writes end-to-end tests and checks the feature against the request.',
          '</roles>',
          '',
          'The current plan:',
          '<plan>',
          'Summary: S',
          '',
          'Decisions:',
          '(none)',
          '',
          'Tasks:',
          '- A (backend-dev, merged): Task A',
          '  depends on: nothing',
          '  Do the work of A.',
          '  result: did A',
          '- B (backend-dev, failed): Task B',
          '  depends on: A, C',
          '  Do the work of B.',
          '  failure: broke',
          '</plan>',
          '',
          '@rev reviewed the pull request:',
          '<review>',
          '(no text)',
          '<comment id="1" author="x" file="a.ts" at="the whole file">',
          '```diff',
          '@@',
          '```',
          'b1',
          '</comment>',
          '<comment id="2" author="y" file="b.ts" at="lines 1-3">',
          '```diff',
          '@@2',
          '```',
          'b2',
          '</comment>',
          '<comment id="3" author="z" file="c.ts" at="line 4">',
          '```diff',
          'h',
          '```',
          'b3',
          '</comment>',
          '</review>',
          '',
          'Submit the new version with revise_plan.'
        )
      }
    ])
  })

  it.each([
    [
      'blocker',
      ['d'],
      lines('<decisions>', '- d', '</decisions>'),
      lines('<question>', 'why?', '</question>')
    ],
    [
      'stall',
      [],
      lines('<decisions>', '(none yet)', '</decisions>'),
      lines(
        'The agent on this task stopped making progress: why?',
        'Give it concrete guidance to finish the task (what to change, in which files, how to check it).'
      )
    ]
  ] as const)('builds the manager’s context for a %s', async (kind, decisions, decisionsText, ending) => {
    const model = fakeModel([toolUseReply('answer_blocker', { can_answer: true, answer: 'x' })])
    await resolveBlocker({
      model,
      managerPrompt: 'M',
      plan: plan([task('A'), task('B')]),
      decisions: [...decisions],
      task: task('A'),
      question: 'why?',
      kind
    })
    expect(model.requests[0]!.messages[0]!.content).toEqual([
      {
        type: 'text',
        text: lines(
          '<plan>',
          'Build the feature in small steps.',
          '',
          '- A (backend-dev): Task A',
          '- B (backend-dev): Task B',
          '</plan>',
          '',
          decisionsText,
          '',
          '<task id="A" role="backend-dev">',
          'Task A',
          '',
          'Do the work of A.',
          '</task>',
          '',
          ending
        )
      }
    ])
  })

  it('words the session’s turns, the loop guard’s notes and the engine’s briefs as before', () => {
    const guard = createLoopGuard({ nudgeAt: 1 })
    guard.checkCall('read_file', {})
    expect(guard.checkCall('read_file', {})).toBe(
      'You already made this exact read_file call and nothing has changed since, so its result would be the same. Use the earlier result, change something first, or try a different approach.'
    )
    expect(guard.endTurn(false)).toEqual({
      action: 'nudge',
      message:
        'You are not making progress: your last turns changed no file and repeated earlier work. Step back: re-read the task, change approach, call report_blocker if something is unclear, or finish_task if the work is done.'
    })
    expect(fillPrompt('agent/reply-cut-off')).toBe(
      'Your reply was cut off at the token limit. Continue with smaller steps.'
    )
    expect(fillPrompt('agent/keep-working')).toBe(
      'Keep working with the tools. When the task is complete and the checks pass, call finish_task; if you cannot go on without an answer, call report_blocker.'
    )
    expect(fillPrompt('agent/one-question')).toBe(
      'Only one question can wait for an answer at a time. Ask this one again after the first is answered.'
    )
    expect(fillPrompt('agent/tool-failed', { error: 'bang' })).toBe('The tool failed: bang')
    expect(fillPrompt('agent/blocker-answer', { answer: 'UTC.' })).toBe(
      'Answer: UTC.\nThis is now a team decision; carry on with the task.'
    )
    expect(fillPrompt('agent/task-resumed')).toBe(
      'Your branch already holds work from an earlier attempt; check it and carry on.'
    )
    expect(fillPrompt('agent/task-stalled', { reason: 'no progress' })).toBe(
      'Your last attempt stalled (no progress). Take a different approach.'
    )
    expect(fillPrompt('agent/fix-round', { id: 'T1', title: 'API', failure: 'FAIL x' })).toBe(
      [
        '# Fix: the checks fail on the merge of T1 — API',
        "Your task's branch was merged with the feature branch's latest work, and the team's checks fail on the result. Nothing lands on the feature branch until they pass:\n\nFAIL x",
        'Fix the cause in the code (do not weaken or skip the checks), run the checks again, then call finish_task.'
      ].join('\n\n')
    )
    expect(fillPrompt('agent/integration', { id: 'T1', title: 'API', files: '- a.ts\n- b.ts' })).toBe(
      [
        '# Integration: merging T1 — API',
        "Merging this task's branch into the feature branch conflicted in these files:\n- a.ts\n- b.ts",
        "Open each file, resolve every conflict (the `<<<<<<<`, `=======`, `>>>>>>>` blocks) so that both sides' intent is kept, remove all markers, run the checks, then call finish_task. Do not change anything else."
      ].join('\n\n')
    )
  })

  it('describes every tool and field as before', () => {
    const specs: ToolSpec[] = [...agentTools(), planTool(['a', 'b']), reviseTool(['a', 'b']), answerTool]
    expect(Object.fromEntries(specs.map(spec => [spec.name, descriptionsOf(spec)]))).toEqual(TOOL_TEXTS)
  })
})

/** A tool's description (under '') and its fields' descriptions by path (`tasks.id`). */
function descriptionsOf(spec: ToolSpec): Record<string, string> {
  const out: Record<string, string> = { '': spec.description }
  const walk = (properties: Record<string, Record<string, unknown>>, prefix: string): void => {
    for (const [key, schema] of Object.entries(properties)) {
      if (typeof schema.description === 'string') out[prefix + key] = schema.description
      const items = schema.items as { properties?: Record<string, Record<string, unknown>> } | undefined
      if (items?.properties) walk(items.properties, `${prefix}${key}.`)
    }
  }
  walk((spec.input_schema as { properties: Record<string, Record<string, unknown>> }).properties, '')
  return out
}

const TOOL_TEXTS: Record<string, Record<string, string>> = {
  read_file: {
    '': 'Read a text file of the repository. `path` is relative to the repository root (e.g. `src/index.ts`). Each output line starts with its line number and a tab; that prefix is not part of the file. Long files are cut: the output then says which `start_line` to use to read on. Use `start_line` / `end_line` (1-based, inclusive) to read part of a file.',
    path: 'File path relative to the repository root.',
    start_line: 'First line to show (default 1).',
    end_line: 'Last line to show (default: end of file).'
  },
  write_file: {
    '': 'Create a file, or replace a file’s whole content. Missing parent directories are created. `path` is relative to the repository root. To change part of an existing file, prefer edit_file. Paths under .git, .github/workflows and the team’s protected paths cannot be written.',
    path: 'File path relative to the repository root.',
    content: 'The complete new content of the file.'
  },
  edit_file: {
    '': 'Replace an exact piece of text in an existing file. `old_string` must match the file exactly, whitespace and indentation included (do not include the line-number prefix read_file shows), and must occur exactly once unless `replace_all` is true. Add surrounding lines to make it unique. To create a file, use write_file.',
    path: 'File path relative to the repository root.',
    old_string: 'The exact text to replace.',
    new_string: 'The text to put in its place.',
    replace_all: 'Replace every occurrence (default false).'
  },
  list_files: {
    '': 'List the repository’s files (tracked, plus new files not ignored by .gitignore) that match a glob. `**` matches across directories: `src/**/*.ts`. A pattern without `/` matches file names anywhere (`*.test.ts`). A plain directory name lists everything under it (`src/agents`). Default: all files. At most 500 paths are shown.',
    pattern: 'Glob relative to the repository root, e.g. `src/**/*.ts`.'
  },
  search: {
    '': 'Search the repository’s text files (tracked, plus new files not ignored by .gitignore) with git grep. Returns `path:line: text` for each matching line. By default `pattern` is a plain string; set `regex` to true for an extended regular expression. Narrow with `path` (a file or directory) and/or `glob` (e.g. `*.ts`, `src/**/*.test.ts`). At most 200 matches are shown.',
    pattern: 'Text (or regular expression) to look for.',
    regex: 'Treat pattern as an extended regular expression (default false).',
    case_sensitive: 'Match case exactly (default true).',
    path: 'File or directory to search in, relative to the repository root.',
    glob: 'Only files matching this glob; without `/` it matches file names.'
  },
  run_command: {
    '': 'Run one allowed command (tests, build, lint) in the repository and get its exit code and output. There is no shell: no pipes, `&&`, `;`, redirection, variables or globs; one program with its arguments per call. Only commands on the role’s allow-list may run (extra arguments after an allowed command are fine); a refused command’s message lists them. Commands have a time limit, long output is cut in the middle, and no credentials are available to them.',
    command: 'The command line, e.g. `npm test -- src/a.test.ts`.',
    cwd: 'Directory to run in, relative to the repository root (default: the root).'
  },
  report_blocker: {
    '': 'Stop and ask a question you cannot answer from the code or the task: a missing decision, a contradiction in the requirements, access you do not have. The session pauses until the manager (or a person) answers. Ask one specific question and say what you need it for.',
    question: 'The question, with the context needed to answer it.'
  },
  finish_task: {
    '': 'Call once when the task is complete: the files are written and the checks pass. Give a short summary for the reviewer, the files you changed, and the commands you ran to check the work.',
    summary: 'What was done and why, in a few sentences.',
    files_changed: 'Paths relative to the repository root.',
    checks_run: 'Commands run to verify the work, with their result (e.g. `npm test: passed`).'
  },
  submit_plan: {
    '': 'Submit the plan for the feature: a summary, the decisions every task must follow, and the tasks with their dependencies. Call it once with the whole plan; if it answers with problems, fix them and call it again.',
    summary: 'One paragraph: how the team will build the feature.',
    decisions: 'Team-wide decisions (interfaces, names, formats, file locations) that all tasks follow.',
    'tasks.id':
      'Short unique id such as T1 or API-1: a letter, then letters, digits, "-" or "_". Used in branch names.',
    'tasks.title': 'What the task delivers, in a few words.',
    'tasks.role': 'The team role that does the task.',
    'tasks.description': 'What to build and why, with enough detail to work without asking.',
    'tasks.deliverables': 'Concrete outputs: code, tests, docs.',
    'tasks.dependencies': 'Ids of tasks whose work must be merged before this one can start. Empty if none.',
    'tasks.acceptance_criteria': 'Checkable statements that say the task is done.',
    'tasks.files': 'Optional: files the task is expected to create or change.'
  },
  revise_plan: {
    '': 'Submit the revised plan: what changed, the tasks that are not merged (kept, rewritten or new), the tasks dropped with a reason, and for a review the answer to every comment. Call it once with the whole revision.',
    change: 'One or two sentences for people: what changed and why.',
    summary: 'One paragraph: how the team will now finish the feature.',
    decisions: 'New team-wide decisions only; earlier ones stay.',
    'tasks.id':
      'Short unique id such as T1 or API-1: a letter, then letters, digits, "-" or "_". Used in branch names.',
    'tasks.title': 'What the task delivers, in a few words.',
    'tasks.role': 'The team role that does the task.',
    'tasks.description': 'What to build and why, with enough detail to work without asking.',
    'tasks.deliverables': 'Concrete outputs: code, tests, docs.',
    'tasks.dependencies': 'Ids of tasks whose work must be merged before this one can start. Empty if none.',
    'tasks.acceptance_criteria': 'Checkable statements that say the task is done.',
    'tasks.files': 'Optional: files the task is expected to create or change.',
    dropped: 'Tasks of the current plan that the new version gives up, each with the reason.',
    comments: 'Review rounds only: one entry per review comment.',
    'comments.id': 'The comment id, as the message gives it.',
    'comments.tasks': 'Ids of the tasks that address the comment.',
    'comments.reason': 'When no task addresses it: why the team does not act on it, in one sentence.'
  },
  answer_blocker: {
    '': "Answer an agent's question from the plan and the team decisions, or say that only a person can answer it.",
    can_answer: 'True when the plan, the decisions or sound engineering judgement settle the question.',
    answer: 'The answer, stated as a decision the whole team can follow. Empty when can_answer is false.',
    question_for_humans:
      'When can_answer is false: the question to post for the people who asked for the feature.'
  }
}
