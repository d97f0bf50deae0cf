import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { hasMarker } from './markers.js'
import { AgentTeamError } from '../util/errors.js'
import type { CommentRef, Forge, IssueData, Permission, PullData, PullRef, RepoRef } from './forge.js'

/** The Forge of the command line, with the one thing GitHub has no need for: documents of its own. */
export interface LocalForge extends Forge {
  /** The folder the Markdown files go to. */
  readonly dir: string
  /** Writes `name` (e.g. `plan.md`) beside the forge's other files and returns its path. */
  writeDocument(name: string, body: string): Promise<string>
}

export interface LocalForgeOptions {
  /** Where the files go: the CLI uses `<git dir>/agent-team`. */
  dir: string
  repo: RepoRef
  /** The branch the team starts from: the one checked out. */
  defaultBranch: string
}

/** The files a run leaves, by what they show. */
export const LOCAL_FILES = {
  pullRequest: 'pull-request.md',
  progress: 'progress.md',
  plan: 'plan.md',
  questions: 'questions.md',
  reviews: 'review-replies.md'
} as const

interface StoredComment {
  id: number
  issueNumber: number
  body: string
}

interface StoredPull extends PullRef {
  head: string
  base: string
  title: string
  body: string
}

/**
 * The Forge port without GitHub, for the command line. Issues, comments and pull requests live in memory
 * for the run and are written as Markdown under the repository's git directory (`.git/agent-team/`), so
 * the person sees the PR body, the live progress and the plan without anything landing in the work tree
 * or in `git status`. The person at the terminal owns the checkout, so they are `admin`; the default
 * branch is the one checked out, because that is what they asked the team to build on.
 */
export function createLocalForge(options: LocalForgeOptions): LocalForge {
  const comments: StoredComment[] = []
  const pulls: StoredPull[] = []
  const labels = new Map<number, Set<string>>()
  // What the team said in review threads and which it resolved, in order, as review-replies.md shows them.
  const reviewLog: string[] = []
  const issues = new Map<number, IssueData>()
  let nextComment = 1

  const write = async (name: string, body: string): Promise<string> => {
    await mkdir(options.dir, { recursive: true })
    const path = join(options.dir, name)
    await writeFile(path, body.endsWith('\n') ? body : `${body}\n`)
    return path
  }
  const urlOf = (name: string): string => pathToFileURL(join(options.dir, name)).href

  // Each comment goes to the file of what it shows; the team's questions to people share one file.
  const fileOf = (body: string): string =>
    hasMarker(body, 'progress')
      ? LOCAL_FILES.progress
      : hasMarker(body, 'plan')
        ? LOCAL_FILES.plan
        : LOCAL_FILES.questions
  const saveComment = async (comment: StoredComment): Promise<CommentRef> => {
    const file = fileOf(comment.body)
    const body =
      file === LOCAL_FILES.questions
        ? comments
            .filter(c => fileOf(c.body) === LOCAL_FILES.questions)
            .map(c => c.body)
            .join('\n\n---\n\n')
        : comment.body
    await write(file, body)
    return { id: comment.id, htmlUrl: urlOf(file) }
  }

  const savePull = (pull: StoredPull): Promise<string> =>
    write(
      LOCAL_FILES.pullRequest,
      [
        `# ${pull.title}`,
        `\`${pull.head}\` → \`${pull.base}\` · ${pull.draft ? 'draft' : 'ready for review'}`,
        pull.body
      ].join('\n\n')
    )
  const logReview = async (entry: string): Promise<string> => {
    reviewLog.push(entry)
    return write(LOCAL_FILES.reviews, reviewLog.join('\n\n---\n\n'))
  }
  const pullNamed = (number: number): StoredPull => {
    const pull = pulls.find(p => p.number === number)
    if (!pull) throw new AgentTeamError(`There is no local pull request #${number}.`)
    return pull
  }

  return {
    repo: options.repo,
    // A comment here is a file: nobody's rate limit to respect, and a run's end need not wait for one.
    commentGapMs: 0,
    dir: options.dir,
    writeDocument: write,
    async getPermission(): Promise<Permission> {
      return 'admin'
    },
    async getDefaultBranch() {
      return options.defaultBranch
    },
    async getIssue(number) {
      const issue = issues.get(number)
      if (!issue) {
        throw new AgentTeamError(
          `Issue #${number} does not exist here: the command line has no issues; give the feature as text.`
        )
      }
      return issue
    },
    async createComment(issueNumber, body) {
      const comment = { id: nextComment++, issueNumber, body }
      comments.push(comment)
      return saveComment(comment)
    },
    async updateComment(commentId, body) {
      const comment = comments.find(c => c.id === commentId)
      if (!comment) throw new AgentTeamError(`There is no local comment ${commentId}.`)
      comment.body = body
      return saveComment(comment)
    },
    // The person at the terminal writes everything here: every comment is the run's own.
    async identity() {
      return LOCAL_AUTHOR
    },
    async pollComments() {
      // No one else can comment on a local run; `/agents stop` is Ctrl-C here.
      return { changed: false }
    },
    async ensureLabel() {},
    async findComment(issueNumber, marker) {
      const comment = comments.find(c => c.issueNumber === issueNumber && c.body.includes(marker))
      return comment ? { id: comment.id, htmlUrl: urlOf(fileOf(comment.body)) } : undefined
    },
    async addReaction() {},
    async addLabels(issueNumber, names) {
      const set = labels.get(issueNumber) ?? new Set<string>()
      for (const name of names) set.add(name)
      labels.set(issueNumber, set)
      // Labels have no colour here: nothing shows them but the run's own files.
      return [...set].map(name => ({ name, color: '', description: '' }))
    },
    async updateLabel() {},
    async removeLabel(issueNumber, name) {
      labels.get(issueNumber)?.delete(name)
    },
    async findOpenPull(head) {
      const pull = pulls.find(p => p.head === head)
      return pull ? refOf(pull) : undefined
    },
    async createPull(request) {
      // Issues and pull requests share GitHub's numbering; here there are only pull requests.
      const number = pulls.length + 1
      const pull: StoredPull = {
        ...request,
        number,
        nodeId: `local-pull-${number}`,
        htmlUrl: urlOf(LOCAL_FILES.pullRequest)
      }
      pulls.push(pull)
      await savePull(pull)
      return refOf(pull)
    },
    async updatePull(number, changes) {
      const pull = pullNamed(number)
      if (changes.title !== undefined) pull.title = changes.title
      if (changes.body !== undefined) pull.body = changes.body
      await savePull(pull)
    },
    async markReadyForReview(ref) {
      const pull = pullNamed(ref.number)
      pull.draft = false
      await savePull(pull)
    },
    async getPull(number): Promise<PullData> {
      const pull = pullNamed(number)
      // No one merges or closes a local pull request, and the forge does not read git: the sha is unknown.
      return {
        ...refOf(pull),
        headRef: pull.head,
        baseRef: pull.base,
        headSha: '',
        state: 'open',
        merged: false,
        fromFork: false,
        body: pull.body
      }
    },
    // No one reviews a local run: there are no review comments or threads to read.
    async listReviewComments() {
      return []
    },
    async getReviewComment(commentId) {
      throw new AgentTeamError(`There is no review comment ${commentId}: the command line has no reviews.`)
    },
    async listReviewThreads() {
      return []
    },
    async replyToReviewComment(pullNumber, commentId, body) {
      await logReview(`Reply on #${pullNumber} to review comment ${commentId}:\n\n${body}`)
      return { id: nextComment++, htmlUrl: urlOf(LOCAL_FILES.reviews) }
    },
    async resolveReviewThread(threadId) {
      await logReview(`Resolved review thread ${threadId}.`)
    },
    // The command line runs the whole team in this one process; there is no second runner to start.
    async dispatchWorkflow({ workflow, ref }) {
      throw new AgentTeamError(
        `Cannot start the workflow ${workflow} on ${ref}: several runners need GitHub Actions, and the ` +
          `command line runs the whole team in one process. Run the team here on one runner.`
      )
    }
  }
}

function refOf(pull: StoredPull): PullRef {
  return {
    number: pull.number,
    htmlUrl: pull.htmlUrl,
    nodeId: pull.nodeId,
    draft: pull.draft,
    title: pull.title
  }
}

/** The author of a local run's comments. */
const LOCAL_AUTHOR = 'you'
