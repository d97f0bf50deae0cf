/**
 * The Forge port: everything the engine asks of GitHub. The action uses octokit-forge.ts; the CLI uses a
 * local stand-in that writes files. Numbers are GitHub's issue/PR numbers; ids are comment ids.
 */
export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none'

export interface RepoRef {
  owner: string
  repo: string
}

export interface IssueData {
  number: number
  title: string
  body: string
  htmlUrl: string
  labels: string[]
  isPullRequest: boolean
}

export interface CommentRef {
  id: number
  htmlUrl: string
}

export interface PullRef {
  number: number
  htmlUrl: string
  nodeId: string
  draft: boolean
}

export interface Forge {
  readonly repo: RepoRef
  /** The actor's permission on the repository; `none` when they are not a collaborator. */
  getPermission(login: string): Promise<Permission>
  getDefaultBranch(): Promise<string>
  getIssue(number: number): Promise<IssueData>
  createComment(issueNumber: number, body: string): Promise<CommentRef>
  updateComment(commentId: number, body: string): Promise<CommentRef>
  /** The first comment on the issue whose body contains `marker` (a hidden HTML comment). */
  findComment(issueNumber: number, marker: string): Promise<CommentRef | undefined>
  /** React to the comment that triggered the run, so the person sees it was heard. */
  addReaction(commentId: number, content: 'eyes' | 'rocket' | '+1' | 'confused'): Promise<void>
  addLabels(issueNumber: number, labels: string[]): Promise<void>
  removeLabel(issueNumber: number, label: string): Promise<void>
  findOpenPull(head: string): Promise<PullRef | undefined>
  createPull(options: {
    head: string
    base: string
    title: string
    body: string
    draft: boolean
  }): Promise<PullRef>
  updatePull(number: number, options: { title?: string; body?: string }): Promise<void>
  markReadyForReview(pull: PullRef): Promise<void>
}
