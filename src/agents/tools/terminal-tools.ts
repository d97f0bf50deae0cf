import type { ToolSpec } from '../../models/model.js'
import { guarded, onlyFields, requiredString, stringArray } from './tool-input.js'
import type { ToolExecutor } from './tool-types.js'

/** The model-facing contract of report_blocker. */
export const reportBlockerSpec: ToolSpec = {
  name: 'report_blocker',
  description:
    'Stop and ask a question you cannot answer from the code or the task: a missing decision, a ' +
    'contradiction in the requirements, access you do not have. The session pauses until the manager ' +
    '(or a person) answers. Ask one specific question and say what you need it for.',
  input_schema: {
    type: 'object',
    properties: {
      question: { type: 'string', description: 'The question, with the context needed to answer it.' }
    },
    required: ['question'],
    additionalProperties: false
  }
}

/** Ends the session with a question for the manager. */
export const executeReportBlocker: ToolExecutor = guarded('report_blocker', async input => {
  onlyFields(input, ['question'])
  const question = requiredString(input, 'question').trim()
  return {
    content: 'Blocker reported. The session pauses here until the question is answered.',
    isError: false,
    terminal: { kind: 'blocker', question }
  }
})

/** The model-facing contract of finish_task. */
export const finishTaskSpec: ToolSpec = {
  name: 'finish_task',
  description:
    'Call once when the task is complete: the files are written and the checks pass. Give a short ' +
    'summary for the reviewer, the files you changed, and the commands you ran to check the work.',
  input_schema: {
    type: 'object',
    properties: {
      summary: { type: 'string', description: 'What was done and why, in a few sentences.' },
      files_changed: {
        type: 'array',
        items: { type: 'string' },
        description: 'Paths relative to the repository root.'
      },
      checks_run: {
        type: 'array',
        items: { type: 'string' },
        description: 'Commands run to verify the work, with their result (e.g. `npm test: passed`).'
      }
    },
    required: ['summary', 'files_changed', 'checks_run'],
    additionalProperties: false
  }
}

/** Ends the session: the task is done. */
export const executeFinishTask: ToolExecutor = guarded('finish_task', async input => {
  onlyFields(input, ['summary', 'files_changed', 'checks_run'])
  const summary = requiredString(input, 'summary').trim()
  const filesChanged = stringArray(input, 'files_changed')
  const checksRun = stringArray(input, 'checks_run')
  return {
    content: 'Task finished.',
    isError: false,
    terminal: { kind: 'finish', summary, filesChanged, checksRun }
  }
})
