import type { ToolSpec } from '../../models/model.js'
import { redactSecrets } from '../../secrets/redact.js'
import { editFileSpec, executeEditFile } from './edit-file.js'
import { executeListFiles, listFilesSpec } from './list-files.js'
import { executeReadFile, readFileSpec } from './read-file.js'
import { executeRunCommand, runCommandSpec } from './run-command.js'
import { executeSearch, searchSpec } from './search.js'
import {
  executeFinishTask,
  executeReportBlocker,
  finishTaskSpec,
  reportBlockerSpec
} from './terminal-tools.js'
import { errorOutcome } from './tool-input.js'
import type { TerminalOutcome, ToolContext, ToolExecutor, ToolOutcome } from './tool-types.js'
import { executeWriteFile, writeFileSpec } from './write-file.js'

const TOOLS: ReadonlyArray<{ spec: ToolSpec; execute: ToolExecutor }> = [
  { spec: readFileSpec, execute: executeReadFile },
  { spec: writeFileSpec, execute: executeWriteFile },
  { spec: editFileSpec, execute: executeEditFile },
  { spec: listFilesSpec, execute: executeListFiles },
  { spec: searchSpec, execute: executeSearch },
  { spec: runCommandSpec, execute: executeRunCommand },
  { spec: reportBlockerSpec, execute: executeReportBlocker },
  { spec: finishTaskSpec, execute: executeFinishTask }
]

/** The tools an agent session offers the model, in a stable order (it is part of the cached prompt). */
export function agentTools(): ToolSpec[] {
  // Copies, so a caller that adds cache_control to the last one does not change ours.
  return TOOLS.map(tool => structuredClone(tool.spec))
}

/**
 * Runs the tool the model named. An unknown name is an error outcome, not an exception. Every outcome is
 * redacted: a file or a command's output may contain a secret value, and nothing the model sees (or
 * what it writes into a summary) should carry one onward into a prompt, a log or a pull request.
 */
export async function executeTool(name: string, input: unknown, context: ToolContext): Promise<ToolOutcome> {
  const tool = TOOLS.find(candidate => candidate.spec.name === name)
  if (!tool) {
    const names = TOOLS.map(candidate => candidate.spec.name).join(', ')
    return errorOutcome(`There is no tool named \`${name}\`. Available tools: ${names}.`)
  }
  const outcome = await tool.execute(input, context)
  const redact = (text: string): string => redactSecrets(text, context.secrets)
  return {
    ...outcome,
    content: redact(outcome.content),
    ...(outcome.terminal ? { terminal: redactTerminal(outcome.terminal, redact) } : {})
  }
}

function redactTerminal(terminal: TerminalOutcome, redact: (text: string) => string): TerminalOutcome {
  if (terminal.kind === 'blocker') return { kind: 'blocker', question: redact(terminal.question) }
  return {
    kind: 'finish',
    summary: redact(terminal.summary),
    filesChanged: terminal.filesChanged,
    checksRun: terminal.checksRun.map(redact)
  }
}
