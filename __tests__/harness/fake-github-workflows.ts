import { parse } from 'yaml'
import { errorResult, type Handler, type RouteContext, type RouteResult } from './fake-github-http.js'
import type { DispatchRecord } from './fake-github-state.js'

/**
 * Starting a workflow run through the API (workflow_dispatch), refused where GitHub refuses it. The workflow
 * file is read from the repository at the requested ref (the `readFile` hook), as GitHub reads the trigger
 * and the inputs it declares from the file on that branch. GitHub's words, as clients have recorded them:
 * - a token without `actions: write`: 403 "Resource not accessible by integration" (jaseci-labs/jac#5283;
 *   a fine-grained PAT gets "… by personal access token", peter-evans/repository-dispatch#208);
 * - a ref that is no branch or tag, a commit id included: 422 "No ref found for: <ref>"
 *   (convictional/trigger-workflow-and-wait#44, day8/re-frame2#9287);
 * - a file without the trigger: 422 "Workflow does not have 'workflow_dispatch' trigger" (llm-d/llm-d#1572);
 * - inputs the file does not declare: 422 `Unexpected inputs provided: ["action", "arg"]`
 *   (benc-uk/workflow-dispatch#80);
 * - a required input left out: 422 "Required input 'x' not provided" (backstage/backstage#18511);
 * - a value outside a choice's options: 422 "Provided value 'v' for input 'x' not in the list of allowed
 *   values" (ROCm/TheRock#3651);
 * - a value that is not a string (a number sent by `gh api -F`): 422 "Invalid value for input 'x'"
 *   (atlanhq/application-sdk#1399).
 * More than 25 inputs (GitHub's description: `maxProperties: 25`, 10 before late 2025 and still on GHES 3.17)
 * never reaches this route: the OpenAPI check refuses it with 422 and records a violation. The fake knows
 * workflows by file name only: a numeric `workflow_id` fails that check too (`oneOf: [integer, string]`, and
 * the path's text matches both once coerced), which the engine never meets, as it dispatches by file name.
 */
export const workflowRoutes: Record<string, Handler> = {
  'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches': dispatchWorkflow
}

// GitHub's refusals of this operation point at its page.
const DISPATCH_DOCS = 'https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event'

const refuse = (status: number, message: string): RouteResult =>
  errorResult(status, message, {}, DISPATCH_DOCS)

async function dispatchWorkflow(ctx: RouteContext): Promise<RouteResult> {
  const { state } = ctx
  const workflow = ctx.pathParams.workflow_id!
  const { ref, inputs = {} } = ctx.body as { ref: string; inputs?: Record<string, unknown> }
  if (state.actionsPermission !== 'write') {
    const holder = state.tokenKind === 'installation' ? 'integration' : 'personal access token'
    return refuse(403, `Resource not accessible by ${holder}`)
  }
  if (!ctx.readFile) ctx.warn('the fake GitHub was started without readFile: it knows no workflow file')
  if (ctx.body.return_run_details === true)
    ctx.warn('the fake GitHub answers 204 without run details: return_run_details is not modelled')

  const path = `.github/workflows/${workflow}`
  const fullRef = await resolveRef(ctx, ref)
  if (fullRef === undefined) {
    // A workflow the repository does not have is a 404 whatever the ref; a known one on no ref is a 422.
    const known = await readFile(ctx, `refs/heads/${state.defaultBranch}`, path)
    return known === undefined ? refuse(404, 'Not Found') : refuse(422, `No ref found for: ${ref}`)
  }
  const text = await readFile(ctx, fullRef, path)
  if (text === undefined) return refuse(404, 'Not Found')
  const declared = declaredInputs(text)
  if (declared === undefined) return refuse(422, "Workflow does not have 'workflow_dispatch' trigger")
  const refused = inputsRefusal(declared, inputs)
  if (refused) return refuse(422, refused)

  const dispatch: DispatchRecord = {
    workflow,
    ref,
    fullRef,
    inputs: inputs as Record<string, string>,
    at: ctx.now
  }
  state.dispatches.push(dispatch)
  ctx.dispatched(dispatch)
  return { status: 204 }
}

/** The branch, else the tag, that a dispatch's ref names, as a full ref; undefined when there is neither. */
async function resolveRef(ctx: RouteContext, ref: string): Promise<string | undefined> {
  if (ref === '') return undefined
  const candidates = /^refs\/(heads|tags)\//.test(ref) ? [ref] : [`refs/heads/${ref}`, `refs/tags/${ref}`]
  for (const candidate of candidates) if (await refExists(ctx, candidate)) return candidate
  return undefined
}

function refExists(ctx: RouteContext, fullRef: string): Promise<boolean> {
  if (ctx.refExists) return ctx.refExists(fullRef)
  const branch = /^refs\/heads\/(.+)$/.exec(fullRef)?.[1]
  return Promise.resolve(branch !== undefined && (ctx.branchExists?.(branch) ?? true))
}

function readFile(ctx: RouteContext, fullRef: string, path: string): Promise<string | undefined> {
  return ctx.readFile ? ctx.readFile(fullRef, path) : Promise.resolve(undefined)
}

/** One input of `on.workflow_dispatch.inputs`, as the file spells it. */
interface DeclaredInput {
  required?: unknown
  default?: unknown
  type?: unknown
  options?: unknown
}

/**
 * The inputs the workflow's `workflow_dispatch` trigger declares (none for `on: workflow_dispatch` or a list
 * naming it); undefined when the file has no such trigger. A file that is not YAML is taken to have none (no
 * client has recorded GitHub's answer to that case). The `yaml` package reads YAML 1.2, where the key `on`
 * stays `on`, as in GitHub's reader (a YAML 1.1 reader would make it `true`).
 */
function declaredInputs(text: string): Record<string, DeclaredInput> | undefined {
  let workflow: unknown
  try {
    workflow = parse(text)
  } catch {
    return undefined
  }
  const on = isRecord(workflow) ? workflow.on : undefined
  if (on === 'workflow_dispatch') return {}
  if (Array.isArray(on)) return on.includes('workflow_dispatch') ? {} : undefined
  if (!isRecord(on) || !Object.hasOwn(on, 'workflow_dispatch')) return undefined
  const trigger = on.workflow_dispatch
  const inputs = isRecord(trigger) && isRecord(trigger.inputs) ? trigger.inputs : {}
  return Object.fromEntries(
    Object.entries(inputs).map(([name, input]) => [name, isRecord(input) ? input : {}])
  )
}

/** GitHub's 422 message for inputs the declared ones do not allow; undefined when they fit. */
function inputsRefusal(
  declared: Record<string, DeclaredInput>,
  given: Record<string, unknown>
): string | undefined {
  const unexpected = Object.keys(given).filter(name => !Object.hasOwn(declared, name))
  if (unexpected.length > 0)
    return `Unexpected inputs provided: [${unexpected.map(name => JSON.stringify(name)).join(', ')}]`
  for (const [name, value] of Object.entries(given))
    if (typeof value !== 'string') return `Invalid value for input '${name}'`
  for (const [name, input] of Object.entries(declared)) {
    const value = given[name] as string | undefined
    if (value === undefined) {
      if (input.required === true && input.default === undefined)
        return `Required input '${name}' not provided`
      continue
    }
    const options = Array.isArray(input.options) ? input.options.map(String) : []
    if (input.type === 'choice' && !options.includes(value))
      return `Provided value '${value}' for input '${name}' not in the list of allowed values`
  }
  return undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
