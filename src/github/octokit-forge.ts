import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { systemClock, type Clock } from '../util/clock.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'
import { createOnce, statusOf } from './applied-once.js'
import { createReviewOperations } from './octokit-reviews.js'
import {
  DraftsUnsupported,
  type CommentData,
  type CommentRef,
  type Forge,
  type IssueData,
  type Permission,
  type PullRef,
  type RepoRef
} from './forge.js'

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

type Octokit = ReturnType<typeof getOctokit>

/** The Forge port over GitHub's REST API (and the GraphQL that REST lacks: drafts, threads, identity). */
export function createOctokitForge(options: OctokitForgeOptions): Forge {
  const { repo, logger } = options
  const retries = options.retries ?? 3
  const retryBaseMs = options.retryBaseMs ?? 1000
  const clock = options.clock ?? systemClock
  const octokit: Octokit = getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl,
      retry: { retries, retryAfterBaseValue: retryBaseMs },
      throttle: {
        enabled: options.throttle ?? true,
        // Primary and secondary rate limits: wait as GitHub asks, a bounded number of times.
        onRateLimit: (
          after: number,
          request: { method: string; url: string },
          _o: unknown,
          count: number
        ) => {
          logger.warning(`GitHub rate limit on ${request.method} ${request.url}; retrying in ${after}s`)
          return count < retries
        },
        onSecondaryRateLimit: (
          after: number,
          request: { method: string; url: string },
          _o: unknown,
          count: number
        ) => {
          logger.warning(
            `GitHub secondary rate limit on ${request.method} ${request.url}; retrying in ${after}s`
          )
          return count < retries
        },
        fallbackSecondaryRateRetryAfter: Math.max(1, Math.round((options.retryBaseMs ?? 1000) / 1000))
      }
    },
    retry,
    throttling
  )
  // The retry plugin is silent; a job log that shows every retry explains a slow run.
  octokit.hook.before('request', request => {
    const attempt = (request.request as { retryCount?: number } | undefined)?.retryCount ?? 0
    if (attempt > 0) logger.info(`GitHub API: retrying ${request.method} ${request.url} (retry ${attempt})`)
  })
  // Writes that create something are sent once by the plugin and retried by createOnce, which first
  // checks whether GitHub had applied the failed attempt.
  const once = { request: { retries: 0 } }

  let identity: Promise<string | undefined> | undefined
  const ownLogin = (): Promise<string | undefined> => (identity ??= whoAmI(octokit))

  const listOwnComments = async (issueNumber: number, since?: string): Promise<CommentData[]> => {
    const me = await ownLogin()
    if (!me) return []
    const found: CommentData[] = []
    const iterator = octokit.paginate.iterator(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: issueNumber,
      per_page: 100,
      ...(since ? { since } : {})
    })
    for await (const page of iterator) {
      for (const comment of page.data.map(toCommentData)) if (comment.author === me) found.push(comment)
    }
    return found
  }

  const findOpenPull = async (head: string): Promise<PullRef | undefined> => {
    const { data } = await octokit.rest.pulls.list({ ...repo, state: 'open', head: `${repo.owner}:${head}` })
    return data[0] ? toPullRef(data[0]) : undefined
  }

  return {
    repo,

    ...createReviewOperations({ octokit, repo, ownLogin, retries, retryBaseMs, clock, logger }),

    identity: ownLogin,

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
    },

    async createComment(issueNumber, body) {
      // Comments GitHub applied just before a failed answer were created after this moment (less skew).
      const since = new Date(clock.now() - 60_000).toISOString()
      return createOnce<CommentRef>({
        what: `Commenting on #${issueNumber}`,
        create: async () => {
          const { data } = await octokit.rest.issues.createComment({
            ...repo,
            issue_number: issueNumber,
            body,
            ...once
          })
          return { id: data.id, htmlUrl: data.html_url }
        },
        lookup: async () => (await listOwnComments(issueNumber, since)).find(c => c.body === body),
        retries,
        baseMs: retryBaseMs,
        clock,
        logger
      })
    },

    async updateComment(commentId, body) {
      const { data } = await octokit.rest.issues.updateComment({ ...repo, comment_id: commentId, body })
      return { id: data.id, htmlUrl: data.html_url }
    },

    async findComment(issueNumber, marker) {
      const found = (await listOwnComments(issueNumber)).find(comment => comment.body.includes(marker))
      return found ? { id: found.id, htmlUrl: found.htmlUrl } : undefined
    },

    async pollComments(issueNumber, { since, etag }) {
      try {
        const response = await octokit.rest.issues.listComments({
          ...repo,
          issue_number: issueNumber,
          since,
          per_page: 100,
          ...(etag ? { headers: { 'if-none-match': etag } } : {})
        })
        return { changed: true, etag: response.headers.etag, comments: response.data.map(toCommentData) }
      } catch (error) {
        // 304: nothing new since the last look, and GitHub does not count the request against the limit.
        if (statusOf(error) === 304) return { changed: false }
        throw error
      }
    },

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

    async addReaction(commentId, content) {
      await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content })
    },

    async addLabels(issueNumber, labels) {
      await octokit.rest.issues.addLabels({ ...repo, issue_number: issueNumber, labels })
    },

    async removeLabel(issueNumber, label) {
      try {
        await octokit.rest.issues.removeLabel({ ...repo, issue_number: issueNumber, name: label })
      } catch (error) {
        // Removing a label that is not there is the state we wanted.
        if (statusOf(error) !== 404) throw error
      }
    },

    findOpenPull,

    async createPull({ head, base, title, body, draft }) {
      try {
        return await createOnce<PullRef>({
          what: `Opening the pull request for ${head}`,
          create: async () =>
            toPullRef(
              (await octokit.rest.pulls.create({ ...repo, head, base, title, body, draft, ...once })).data
            ),
          lookup: () => findOpenPull(head),
          retries,
          baseMs: retryBaseMs,
          clock,
          logger
        })
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

/**
 * Who the token is. A user token (PAT) can read `GET /user`; an installation token (GITHUB_TOKEN, an App's)
 * is refused there with 403, and GraphQL's `viewer` answers with the bot's login, `[bot]` included.
 */
async function whoAmI(octokit: Octokit): Promise<string | undefined> {
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

function toCommentData(comment: {
  id: number
  html_url: string
  body?: string
  created_at: string
  user: { login: string } | null
}): CommentData {
  return {
    id: comment.id,
    htmlUrl: comment.html_url,
    body: comment.body ?? '',
    author: comment.user?.login ?? '',
    createdAt: comment.created_at
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
