import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import type { CommentRef, Forge, IssueData, Permission, PullRef, RepoRef } from './forge.js'
import type { Logger } from '../util/logger.js'

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
}

type Octokit = ReturnType<typeof getOctokit>

/** The Forge port over GitHub's REST API (and one GraphQL mutation that REST lacks). */
export function createOctokitForge(options: OctokitForgeOptions): Forge {
  const { repo, logger } = options
  const retries = options.retries ?? 3
  const octokit: Octokit = getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl,
      retry: { retries, retryAfterBaseValue: options.retryBaseMs ?? 1000 },
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

  return {
    repo,

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
      const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body })
      return { id: data.id, htmlUrl: data.html_url }
    },

    async updateComment(commentId, body) {
      const { data } = await octokit.rest.issues.updateComment({ ...repo, comment_id: commentId, body })
      return { id: data.id, htmlUrl: data.html_url }
    },

    async findComment(issueNumber, marker) {
      const iterator = octokit.paginate.iterator(octokit.rest.issues.listComments, {
        ...repo,
        issue_number: issueNumber,
        per_page: 100
      })
      for await (const page of iterator) {
        const found = page.data.find(comment => comment.body?.includes(marker))
        if (found) return { id: found.id, htmlUrl: found.html_url } satisfies CommentRef
      }
      return undefined
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

    async findOpenPull(head) {
      const { data } = await octokit.rest.pulls.list({
        ...repo,
        state: 'open',
        head: `${repo.owner}:${head}`
      })
      const pull = data[0]
      return pull ? toPullRef(pull) : undefined
    },

    async createPull({ head, base, title, body, draft }) {
      const { data } = await octokit.rest.pulls.create({ ...repo, head, base, title, body, draft })
      return toPullRef(data)
    },

    async updatePull(number, { title, body }) {
      await octokit.rest.pulls.update({ ...repo, pull_number: number, title, body })
    },

    async markReadyForReview(pull) {
      if (!pull.draft) return
      // REST cannot take a pull request out of draft; GitHub offers only this GraphQL mutation.
      await octokit.graphql(
        'mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }',
        { id: pull.nodeId }
      )
    }
  }
}

function toPullRef(pull: { number: number; html_url: string; node_id: string; draft?: boolean }): PullRef {
  return { number: pull.number, htmlUrl: pull.html_url, nodeId: pull.node_id, draft: pull.draft ?? false }
}

function normalisePermission(value: string | undefined): Permission | undefined {
  const known: Permission[] = ['admin', 'maintain', 'write', 'triage', 'read', 'none']
  return (known as (string | undefined)[]).includes(value) ? (value as Permission) : undefined
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : undefined
}
