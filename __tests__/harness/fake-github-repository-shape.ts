import type { FakeGitHubState } from './fake-github-state.js'

// Every `*_url` template GitHub's full-repository carries, relative to the repository's API URL.
const TEMPLATES: [string, string][] = [
  ['archive', '{archive_format}{/ref}'],
  ['assignees', 'assignees{/user}'],
  ['blobs', 'git/blobs{/sha}'],
  ['branches', 'branches{/branch}'],
  ['collaborators', 'collaborators{/collaborator}'],
  ['comments', 'comments{/number}'],
  ['commits', 'commits{/sha}'],
  ['compare', 'compare/{base}...{head}'],
  ['contents', 'contents/{+path}'],
  ['contributors', 'contributors'],
  ['deployments', 'deployments'],
  ['downloads', 'downloads'],
  ['events', 'events'],
  ['forks', 'forks'],
  ['git_commits', 'git/commits{/sha}'],
  ['git_refs', 'git/refs{/sha}'],
  ['git_tags', 'git/tags{/sha}'],
  ['hooks', 'hooks'],
  ['issue_comment', 'issues/comments{/number}'],
  ['issue_events', 'issues/events{/number}'],
  ['issues', 'issues{/number}'],
  ['keys', 'keys{/key_id}'],
  ['labels', 'labels{/name}'],
  ['languages', 'languages'],
  ['merges', 'merges'],
  ['milestones', 'milestones{/number}'],
  ['notifications', 'notifications{?since,all,participating}'],
  ['pulls', 'pulls{/number}'],
  ['releases', 'releases{/id}'],
  ['stargazers', 'stargazers'],
  ['statuses', 'statuses/{sha}'],
  ['subscribers', 'subscribers'],
  ['subscription', 'subscription'],
  ['tags', 'tags'],
  ['teams', 'teams'],
  ['trees', 'git/trees{/sha}']
]

/**
 * The `full-repository` GitHub answers `GET /repos/{owner}/{repo}` with. API links point at the fake
 * (`api` is its base URL), browser links at https://github.com; `user` renders the owner. With `forkOwner`,
 * the same repository as that user's fork: another id and owner, `fork: true` (a pull request's head.repo).
 */
export function repositoryShape(
  state: FakeGitHubState,
  api: string,
  user: (login: string) => Record<string, unknown>,
  forkOwner?: string
): Record<string, unknown> {
  const owner = forkOwner ?? state.owner
  const id = forkOwner === undefined ? state.repoId : state.repoId + 1 + (user(owner).id as number)
  const repoPath = `${owner}/${state.repo}`
  const repoApi = `${api}/repos/${repoPath}`
  const repoWeb = `https://github.com/${repoPath}`
  const at = '2024-01-02T03:04:05Z'
  const openIssues = [...state.issues.values()].filter(issue => issue.state === 'open').length
  return {
    id,
    node_id:
      forkOwner === undefined
        ? state.repoNodeId
        : `R_kgDO${Buffer.from(`fake:fork:${id}`).toString('base64url')}`,
    name: state.repo,
    full_name: repoPath,
    private: state.private,
    visibility: state.private ? 'private' : 'public',
    owner: user(owner),
    html_url: repoWeb,
    description: 'A repository served by the fake GitHub.',
    fork: forkOwner !== undefined,
    url: repoApi,
    ...Object.fromEntries(TEMPLATES.map(([name, suffix]) => [`${name}_url`, `${repoApi}/${suffix}`])),
    clone_url: `${repoWeb}.git`,
    git_url: `git://github.com/${repoPath}.git`,
    ssh_url: `git@github.com:${repoPath}.git`,
    svn_url: repoWeb,
    mirror_url: null,
    homepage: null,
    language: 'TypeScript',
    license: null,
    size: 128,
    default_branch: state.defaultBranch,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    subscribers_count: 1,
    network_count: 0,
    open_issues: openIssues,
    open_issues_count: openIssues,
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    is_template: false,
    topics: [],
    allow_forking: true,
    web_commit_signoff_required: false,
    pushed_at: at,
    created_at: at,
    updated_at: at
  }
}
