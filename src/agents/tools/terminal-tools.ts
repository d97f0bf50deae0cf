import type { ToolSpec } from '../../models/model.js'
import { toolPrompt } from '../../prompts/index.js'
import { guarded, onlyFields, requiredString, stringArray } from './tool-input.js'
import type { ToolExecutor } from './tool-types.js'

// The words are in src/prompts/tools/report-blocker.md; the name and the schema's shape stay here.
const reportBlockerWords = toolPrompt('report-blocker')

/** The model-facing contract of report_blocker. */
export const reportBlockerSpec: ToolSpec = {
  name: 'report_blocker',
  description: reportBlockerWords.description,
  input_schema: {
    type: 'object',
    properties: {
      question: { type: 'string', description: reportBlockerWords.field('question') }
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

// The words are in src/prompts/tools/finish-task.md; the name and the schema's shape stay here.
const finishTaskWords = toolPrompt('finish-task')

/** The model-facing contract of finish_task. */
export const finishTaskSpec: ToolSpec = {
  name: 'finish_task',
  description: finishTaskWords.description,
  input_schema: {
    type: 'object',
    properties: {
      summary: { type: 'string', description: finishTaskWords.field('summary') },
      files_changed: {
        type: 'array',
        items: { type: 'string' },
        description: finishTaskWords.field('files_changed')
      },
      checks_run: {
        type: 'array',
        items: { type: 'string' },
        description: finishTaskWords.field('checks_run')
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
