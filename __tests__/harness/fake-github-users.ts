import type { Permission } from '../../src/github/forge.js'
import { errorResult, notFound, ok, type Handler } from './fake-github-http.js'
import type { FakeGitHubState } from './fake-github-state.js'
import type { Shapes } from './github-shapes.js'

// GitHub's legacy `permission` folds maintain into write and triage into read.
const LEGACY: Record<Permission, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
  none: 'none'
}
const RANK: Permission[] = ['none', 'read', 'triage', 'write', 'maintain', 'admin']

const PERMISSION_DOCS =
  'https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user'
const AUTHENTICATED_USER_DOCS = 'https://docs.github.com/rest/users/users#get-the-authenticated-user'

/** Whether GitHub would treat the login as an App's bot account. */
export function isBotLogin(login: string): boolean {
  return /\[bot\]$/i.test(login)
}

/** Who may do what, and who the token is. */
export const userRoutes: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}/collaborators/{username}/permission': ({ state, shapes, pathParams }) => {
    const login = pathParams.username
    if (state.unknownUsers.has(login!)) return notFound()
    // An App's bot is no user that can hold a role: GitHub answers "<login> is not a user" with 404
    // (anthropics/claude-code-action#1018 quotes it). A test that gives the bot a role on purpose wins.
    if (isBotLogin(login!) && !state.permissions.has(login!))
      return errorResult(404, `${login} is not a user`, {}, PERMISSION_DOCS)
    // Someone never given a role is an outsider: they can read a public repository and nothing else.
    const role = state.permissions.get(login!) ?? (state.private ? 'none' : 'read')
    const level = RANK.indexOf(role)
    const permissions = {
      pull: level >= 1,
      triage: level >= 2,
      push: level >= 3,
      maintain: level >= 4,
      admin: level >= 5
    }
    return ok({
      permission: LEGACY[role],
      role_name: role,
      user: { ...shapes.user(login!), permissions, role_name: role }
    })
  },

  // An installation token (GITHUB_TOKEN, an App's) is no user: GitHub refuses it here with 403
  // "Resource not accessible by integration"; a user's token (PAT) reads its own profile.
  'GET /user': ({ state, shapes }) =>
    state.tokenKind === 'installation'
      ? errorResult(403, 'Resource not accessible by integration', {}, AUTHENTICATED_USER_DOCS)
      : ok(authenticatedUser(state, shapes))
}

/** `private-user`: the token's owner sees their own private counters too. */
function authenticatedUser(state: FakeGitHubState, shapes: Shapes): Record<string, unknown> {
  return {
    ...publicProfile(shapes.user(state.actor)),
    user_view_type: 'private',
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true
  }
}

/** `public-user`: the simple user plus the profile fields every account has, empty here. */
function publicProfile(user: Record<string, unknown>): Record<string, unknown> {
  const at = '2020-01-02T03:04:05Z'
  return {
    ...user,
    name: null,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: at,
    updated_at: at
  }
}
