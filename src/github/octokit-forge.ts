import { systemClock, type Clock } from '../util/clock.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'
import { statusOf } from './applied-once.js'
import {
  DispatchRefused,
  DraftsUnsupported,
  type Forge,
  type IssueData,
  type Permission,
  type PullRef,
  type RepoRef
} from './forge.js'
import { createOctokitClient, type OctokitClient } from './octokit-client.js'
import { createCommentOperations } from './octokit-comments.js'
import { SEND_ONCE, writeOnce, type OctokitContext } from './octokit-context.js'
import { createReviewOperations } from './octokit-reviews.js'

export interface OctokitForgeOptions {
  token: string
  repo: RepoRef
  /** REST base URL; GITHUB_API_URL on the runner (GitHub Enterprise and the test fake differ). */
  baseUrl: string
  logger: Logger
  /** Retries of a failed request (5xx, rate limits) before the call fails. */
  retries?: number
  /** First back-off step in ms; later steps grow with the square of the attempt. */
  retryBaseMs?: number
  /** Space writes as GitHub asks integrations to (on by default; tests against the fake turn it off). */
  throttle?: boolean
  clock?: Clock
}

/** The Forge port over GitHub's REST API (and the GraphQL that REST lacks: drafts, threads, identity). */
export function createOctokitForge(options: OctokitForgeOptions): Forge {
  const ctx = forgeContext(options)
  return {
    repo: ctx.repo,
    identity: ctx.ownLogin,
    ...createRepositoryOperations(ctx),
    ...createCommentOperations(ctx),
    ...createLabelOperations(ctx),
    ...createPullOperations(ctx),
    ...createReviewOperations(ctx),
    ...createWorkflowOperations(ctx)
  }
}

/** The client, with the defaults filled in, and who the token is (asked once, when first needed). */
function forgeContext(options: OctokitForgeOptions): OctokitContext {
  const { token, baseUrl, repo, logger } = options
  const retries = options.retries ?? 3
  const retryBaseMs = options.retryBaseMs ?? 1000
  const octokit = createOctokitClient({
    token,
    baseUrl,
    logger,
    retries,
    retryBaseMs,
    throttle: options.throttle ?? true
  })
  let identity: Promise<string | undefined> | undefined
  const ownLogin = (): Promise<string | undefined> => (identity ??= whoAmI(octokit))
  return { octokit, repo, ownLogin, retries, retryBaseMs, clock: options.clock ?? systemClock, logger }
}

/** The repository and its issues, and what a login may do there. */
function createRepositoryOperations({
  octokit,
  repo
}: OctokitContext): Pick<Forge, 'getPermission' | 'getDefaultBranch' | 'getIssue'> {
  return {
    async getPermission(login) {
      try {
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login })
        // `permission` is the legacy four-level value (maintain reads as write); `role_name` is exact
        // for the built-in roles, and a custom role's name otherwise, where the legacy value must serve.
        return normalisePermission(data.role_name) ?? normalisePermission(data.permission) ?? 'none'
      } catch (error) {
        // GitHub answers 404 when the login is unknown or cannot be a collaborator: that is "no access".
        if (statusOf(error) === 404) return 'none'
        throw error
      }
    },

    async getDefaultBranch() {
      const { data } = await octokit.rest.repos.get({ ...repo })
      return data.default_branch
    },

    async getIssue(number) {
      const { data } = await octokit.rest.issues.get({ ...repo, issue_number: number })
      const issue: IssueData = {
        number: data.number,
        title: data.title,
        body: data.body ?? '',
        htmlUrl: data.html_url,
        labels: data.labels.map(label => (typeof label === 'string' ? label : (label.name ?? ''))),
        isPullRequest: data.pull_request != null
      }
      return issue
    }
  }
}

/** Labels: made when missing, added to and taken off issues, given their colour; each is idempotent. */
function createLabelOperations({
  octokit,
  repo
}: OctokitContext): Pick<Forge, 'ensureLabel' | 'addLabels' | 'updateLabel' | 'removeLabel'> {
  return {
    async ensureLabel({ name, color, description }) {
      try {
        await octokit.rest.issues.getLabel({ ...repo, name })
        return
      } catch (error) {
        if (statusOf(error) !== 404) throw error
      }
      try {
        await octokit.rest.issues.createLabel({ ...repo, name, color, description })
      } catch (error) {
        // Another run made it in the meantime: the label exists, which is all we wanted.
        if (statusOf(error) !== 422) throw error
      }
    },

    async addLabels(issueNumber, labels) {
      const { data } = await octokit.rest.issues.addLabels({ ...repo, issue_number: issueNumber, labels })
      return data.map(label => ({
        name: label.name,
        color: label.color,
        description: label.description ?? ''
      }))
    },

    async updateLabel({ name, color, description }) {
      await octokit.rest.issues.updateLabel({ ...repo, name, color, description })
    },

    async removeLabel(issueNumber, label) {
      try {
        await octokit.rest.issues.removeLabel({ ...repo, issue_number: issueNumber, name: label })
      } catch (error) {
        // Removing a label that is not there is the state we wanted.
        if (statusOf(error) !== 404) throw error
      }
    }
  }
}

/** The run's pull request: found by its branch, opened once, updated, and taken out of draft. */
function createPullOperations(
  ctx: OctokitContext
): Pick<Forge, 'findOpenPull' | 'createPull' | 'updatePull' | 'markReadyForReview'> {
  const { octokit, repo } = ctx

  const findOpenPull = async (head: string): Promise<PullRef | undefined> => {
    const { data } = await octokit.rest.pulls.list({ ...repo, state: 'open', head: `${repo.owner}:${head}` })
    return data[0] ? toPullRef(data[0]) : undefined
  }

  return {
    findOpenPull,

    async createPull({ head, base, title, body, draft }) {
      try {
        return await writeOnce<PullRef>(
          ctx,
          `Opening the pull request for ${head}`,
          async () =>
            toPullRef(
              (await octokit.rest.pulls.create({ ...repo, head, base, title, body, draft, ...SEND_ONCE }))
                .data
            ),
          () => findOpenPull(head)
        )
      } catch (error) {
        if (
          draft &&
          statusOf(error) === 422 &&
          /draft pull requests? (are|is) not supported/i.test(detailOf(error))
        ) {
          throw new DraftsUnsupported(`${repo.owner}/${repo.repo} does not support draft pull requests.`)
        }
        throw error
      }
    },

    async updatePull(number, { title, body }) {
      await octokit.rest.pulls.update({ ...repo, pull_number: number, title, body })
    },

    async markReadyForReview(pull) {
      if (!pull.draft) return
      // REST cannot take a pull request out of draft; GitHub offers only this GraphQL mutation.
      // GraphQL answers errors with status 200; Octokit turns them into a thrown GraphqlResponseError.
      await octokit.graphql(
        'mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }',
        { id: pull.nodeId }
      )
    }
  }
}

/** Workflow runs the engine starts itself: a run of the same workflow for each task that became ready. */
function createWorkflowOperations({ octokit, repo }: OctokitContext): Pick<Forge, 'dispatchWorkflow'> {
  return {
    async dispatchWorkflow({ workflow, ref, inputs }) {
      try {
        // Sent with the retry plugin's retries, like the other calls that create nothing the forge can find
        // again: a 5xx is sent again, a 4xx never. GitHub answers a dispatch with no run id, so there is no
        // lookup as for a comment, and a dispatch GitHub applied before a 502 may start a second run. That is
        // acceptable: the workflow's concurrency group per task never lets the two run at once.
        await octokit.rest.actions.createWorkflowDispatch({
          ...repo,
          workflow_id: WORKFLOW_ID.test(workflow) ? Number(workflow) : workflow,
          ref,
          inputs
        })
      } catch (error) {
        throw dispatchRefusal(error, workflow, ref) ?? error
      }
    }
  }
}

/** A workflow named by its numeric id rather than its file name. */
const WORKFLOW_ID = /^\d+$/

/**
 * GitHub's refusal of a dispatch, as an error that says what to change; undefined for any other failure
 * (a 5xx the retries did not ride out, a lost connection), which is thrown as it is.
 */
function dispatchRefusal(error: unknown, workflow: string, ref: string): DispatchRefused | undefined {
  const status = statusOf(error)
  if (status !== 403 && status !== 404 && status !== 422) return undefined
  const said = githubMessage(error)
  const refused = `GitHub refused to start the workflow ${workflow} on ${ref} (${status}: ${said})`
  if (status === 403) {
    return new DispatchRefused(
      status,
      `${refused}. The token may not start workflow runs: add \`actions: write\` to the workflow's ` +
        `\`permissions:\`, or pass a github_token that has it.`
    )
  }
  if (status === 404) {
    const file = WORKFLOW_ID.test(workflow)
      ? `The workflow with id ${workflow}`
      : `.github/workflows/${workflow}`
    return new DispatchRefused(
      status,
      `${refused}. ${file} is not on ${ref}: the runs of the other tasks start that same workflow on ${ref}, ` +
        `so commit the workflow file there.`
    )
  }
  if (/^No ref found for/i.test(said)) {
    return new DispatchRefused(status, `${refused}. There is no branch or tag ${ref} on GitHub.`)
  }
  return new DispatchRefused(
    status,
    `${refused}. The workflow must declare \`on: workflow_dispatch\` with the inputs \`mode\`, \`task\` and ` +
      `\`run_key\`; see "Several runners" in the README.`
  )
}

/** GitHub's own words for a refusal (Octokit's message adds a link to the docs). */
function githubMessage(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } }).response?.data
  if (typeof data?.message === 'string' && data.message) return data.message
  return errorMessage(error).replace(/ - https:\/\/docs\.github\.com\S*$/, '')
}

/**
 * Who the token is. A user token (PAT) can read `GET /user`; an installation token (GITHUB_TOKEN, an App's)
 * is refused there with 403, and GraphQL's `viewer` answers with the bot's login, `[bot]` included.
 */
async function whoAmI(octokit: OctokitClient): Promise<string | undefined> {
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login
  } catch (error) {
    const status = statusOf(error)
    if (status !== 403 && status !== 401 && status !== 404) throw error
  }
  try {
    const { viewer } = await octokit.graphql<{ viewer: { login: string } }>('query { viewer { login } }')
    return viewer?.login || undefined
  } catch {
    return undefined
  }
}

function toPullRef(pull: {
  number: number
  html_url: string
  node_id: string
  draft?: boolean
  title: string
}): PullRef {
  return {
    number: pull.number,
    htmlUrl: pull.html_url,
    nodeId: pull.node_id,
    draft: pull.draft ?? false,
    title: pull.title
  }
}

/** GitHub's validation messages, joined: the top-level message is only "Validation Failed". */
function detailOf(error: unknown): string {
  const data = (error as { response?: { data?: { message?: string; errors?: { message?: string }[] } } })
    .response?.data
  return [data?.message ?? '', ...(data?.errors ?? []).map(e => e.message ?? ''), errorMessage(error)].join(
    ' '
  )
}

function normalisePermission(value: string | undefined): Permission | undefined {
  const known: Permission[] = ['admin', 'maintain', 'write', 'triage', 'read', 'none']
  return (known as (string | undefined)[]).includes(value) ? (value as Permission) : undefined
}
