import { afterEach, describe, expect, it } from '@jest/globals'
import { execFile, execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { checkoutHeaderKey, checkoutHeaderValue, checkoutLayouts } from './checkout-layouts.js'
import { startGitHttpOrigin, type GitHttpOrigin } from './git-http-origin.js'
import { createTempRepo, testGitEnv, type TempRepo } from './git-repo.js'
import { serveOverHttp } from './http-checkout.js'

const TOKEN = 'ghs_checkout_token_0123456789'
const OTHER_TOKEN = 'ghp_personal_token_9876543210'
const REPO = 'octo-org/widgets'

interface GitOutcome {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs git and resolves to its outcome even when it fails, since refusals are what these tests check. Headers
 * go in `env` (GIT_CONFIG_*), never on the command line.
 */
function git(cwd: string, args: string[], env: Record<string, string> = {}): Promise<GitOutcome> {
  return new Promise(resolve => {
    execFile('git', args, { cwd, env: { ...testGitEnv, ...env } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout: stdout.trim(), stderr })
    })
  })
}

/** GIT_CONFIG_* variables that add one extraheader for the server, as a process-scoped `git -c` would. */
function headerEnv(serverUrl: string, token: string): Record<string, string> {
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: checkoutHeaderKey(serverUrl),
    GIT_CONFIG_VALUE_0: checkoutHeaderValue(token)
  }
}

async function commit(repo: TempRepo, cwd: string, message: string): Promise<string> {
  await repo.git(cwd, 'commit', '--quiet', '--allow-empty', '--message', message)
  return repo.git(cwd, 'rev-parse', 'HEAD')
}

/** Adds `count` empty commits to the clone's current branch in one git process (fast-import), not `count`. */
function addCommits(cwd: string, count: number): void {
  const branch = execFileSync('git', ['symbolic-ref', 'HEAD'], { cwd, env: testGitEnv }).toString().trim()
  // Dated after everything else: negotiation sends the newest commits first, and these are what must be sent.
  const start = Math.floor(Date.now() / 1000) + 60
  let stream = ''
  for (let i = 0; i < count; i++) {
    const message = `Local ${i}\n`
    stream += `commit ${branch}\ncommitter Test Person <test@example.com> ${start + i} +0000\n`
    stream += `data ${message.length}\n${message}${i === 0 ? 'from HEAD^0\n' : ''}\n`
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd, env: testGitEnv, input: stream })
}

describe('git HTTP origin', () => {
  let repo: TempRepo | undefined
  let origin: GitHttpOrigin | undefined

  afterEach(async () => {
    await origin?.close()
    await repo?.cleanup()
    origin = undefined
    repo = undefined
  })

  async function serve(tokens = [TOKEN]): Promise<{ repo: TempRepo; origin: GitHttpOrigin }> {
    repo = await createTempRepo()
    origin = await startGitHttpOrigin({ repos: { [REPO]: repo.origin }, tokens })
    return { repo, origin }
  }

  it('serves clone, fetch and push to requests that carry one valid Authorization header', async () => {
    const { repo, origin } = await serve()
    const auth = headerEnv(origin.url, TOKEN)
    const clone = join(repo.root, 'http-clone')

    expect((await git(repo.root, ['clone', '--quiet', origin.repoUrl(REPO), clone], auth)).code).toBe(0)
    await repo.git(clone, 'config', 'user.name', 'Test Person')
    await repo.git(clone, 'config', 'user.email', 'test@example.com')
    const pushed = await commit(repo, clone, 'Over HTTP')
    expect((await git(clone, ['push', '--quiet', 'origin', 'main'], auth)).code).toBe(0)
    expect(await repo.git(repo.origin, 'rev-parse', 'refs/heads/main')).toBe(pushed)

    const fetched = await commit(repo, repo.work, 'Fetched back')
    await repo.git(repo.work, 'push', '--quiet', repo.origin, 'HEAD:refs/heads/side')
    expect((await git(clone, ['fetch', '--quiet', 'origin', 'side'], auth)).code).toBe(0)
    expect(await repo.git(clone, 'rev-parse', 'FETCH_HEAD')).toBe(fetched)

    expect(origin.log.length).toBeGreaterThan(0)
    for (const entry of origin.log) {
      expect(entry).toMatchObject({ authorizationHeaders: 1, token: TOKEN, tokenValid: true, status: 200 })
    }
    expect(origin.log.filter(entry => entry.push)).toEqual([
      expect.objectContaining({ method: 'POST', path: `/${REPO}.git/git-receive-pack` })
    ])
    expect(origin.log.map(entry => entry.service)).toContain('git-upload-pack')
  })

  it('streams a chunked push body and inflates a gzipped fetch request', async () => {
    const { repo, origin } = await serve()
    await repo.git(repo.work, 'remote', 'set-url', 'origin', origin.repoUrl(REPO))
    // A post buffer at git's minimum and a larger incompressible file: the push body goes out chunked. (Only for
    // the push: git 2.39's protocol v2 fetch hits an internal BUG() with a buffer that small.)
    const pushEnv = {
      ...headerEnv(origin.url, TOKEN),
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_1: 'http.postBuffer',
      GIT_CONFIG_VALUE_1: '65520'
    }
    await writeFile(join(repo.work, 'noise.bin'), randomBytes(256 * 1024))
    await repo.git(repo.work, 'add', 'noise.bin')
    const pushed = await commit(repo, repo.work, 'Large')
    expect((await git(repo.work, ['push', '--quiet', 'origin', 'main'], pushEnv)).code).toBe(0)
    expect(await repo.git(repo.origin, 'rev-parse', 'refs/heads/main')).toBe(pushed)

    // Enough local commits the origin lacks that the fetch's "have" lines pass the 1 KiB git gzips beyond.
    addCommits(repo.work, 60)
    const tree = await repo.git(repo.origin, 'rev-parse', 'main^{tree}')
    const identity = ['-c', 'user.name=Upstream', '-c', 'user.email=upstream@example.com']
    const upstream = await repo.git(
      repo.origin,
      ...identity,
      'commit-tree',
      '-p',
      'main',
      '-m',
      'Upstream',
      tree
    )
    await repo.git(repo.origin, 'update-ref', 'refs/heads/main', upstream)
    expect((await git(repo.work, ['fetch', '--quiet', 'origin'], headerEnv(origin.url, TOKEN))).code).toBe(0)

    expect(await repo.git(repo.work, 'rev-parse', 'origin/main')).toBe(upstream)
    expect(origin.log.some(entry => entry.push && entry.contentLength === undefined)).toBe(true)
    expect(origin.log.some(entry => entry.contentEncoding === 'gzip')).toBe(true)
    expect(origin.log.every(entry => entry.status === 200)).toBe(true)
  })

  it('answers 400 to a push that carries two Authorization headers', async () => {
    const { repo, origin } = await serve()
    await repo.git(repo.work, 'remote', 'set-url', 'origin', origin.repoUrl(REPO))
    // The persisted header and a second one for the same server: git sends both.
    await repo.git(repo.work, 'config', checkoutHeaderKey(origin.url), checkoutHeaderValue(TOKEN))
    await commit(repo, repo.work, 'Two headers')

    const push = await git(repo.work, ['push', 'origin', 'main'], headerEnv(origin.url, TOKEN))

    expect(push.code).not.toBe(0)
    expect(push.stderr).toContain('400')
    expect(origin.log).toEqual([
      expect.objectContaining({
        service: 'git-receive-pack',
        authorizationHeaders: 2,
        status: 400,
        push: false
      })
    ])
  })

  it('answers 401 with a Basic challenge when no credentials come', async () => {
    const { repo, origin } = await serve()

    const response = await fetch(`${origin.repoUrl(REPO)}/info/refs?service=git-upload-pack`)
    const listing = await git(repo.root, ['ls-remote', origin.repoUrl(REPO)])

    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="GitHub"')
    expect(listing.code).not.toBe(0)
    expect(origin.log.map(entry => [entry.authorizationHeaders, entry.status])).toEqual([
      [0, 401],
      [0, 401]
    ])
  })

  it('answers 401 to a token it does not know', async () => {
    const { repo, origin } = await serve()

    const listing = await git(
      repo.root,
      ['ls-remote', origin.repoUrl(REPO)],
      headerEnv(origin.url, OTHER_TOKEN)
    )

    expect(listing.code).not.toBe(0)
    expect(origin.log).toEqual([
      expect.objectContaining({ authorizationHeaders: 1, token: OTHER_TOKEN, tokenValid: false, status: 401 })
    ])
  })

  it('accepts the token in the basic, bearer and token forms', async () => {
    const { origin } = await serve()
    const infoRefs = `${origin.repoUrl(REPO)}/info/refs?service=git-upload-pack`
    const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64')

    for (const authorization of [`Basic ${basic}`, `Bearer ${TOKEN}`, `token ${TOKEN}`]) {
      const response = await fetch(infoRefs, { headers: { authorization } })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/x-git-upload-pack-advertisement')
    }
    expect(origin.log.map(entry => entry.token)).toEqual([TOKEN, TOKEN, TOKEN])
  })

  it('records which token pushed, and refuses one that was revoked', async () => {
    const { repo, origin } = await serve([TOKEN, OTHER_TOKEN])
    await repo.git(repo.work, 'remote', 'set-url', 'origin', origin.repoUrl(REPO))
    await commit(repo, repo.work, 'Pushed with the other token')

    expect((await git(repo.work, ['push', 'origin', 'main'], headerEnv(origin.url, OTHER_TOKEN))).code).toBe(
      0
    )
    origin.setTokens([TOKEN])
    await commit(repo, repo.work, 'After revocation')
    const refused = await git(repo.work, ['push', 'origin', 'main'], headerEnv(origin.url, OTHER_TOKEN))

    expect(origin.log.filter(entry => entry.push).map(entry => entry.token)).toEqual([OTHER_TOKEN])
    expect(refused.code).not.toBe(0)
    expect(origin.log.at(-1)).toMatchObject({ token: OTHER_TOKEN, tokenValid: false, status: 401 })
  })

  it('answers 404 for a repository it does not serve', async () => {
    const { repo, origin } = await serve()

    const listing = await git(
      repo.root,
      ['ls-remote', origin.repoUrl('octo-org/other')],
      headerEnv(origin.url, TOKEN)
    )

    expect(listing.code).not.toBe(0)
    expect(origin.log.map(entry => entry.status)).toEqual([404])
  })

  it("keeps the bare repository's receive.denyNonFastForwards over HTTP", async () => {
    const { repo, origin } = await serve()
    await repo.git(repo.origin, 'config', 'receive.denyNonFastForwards', 'true')
    await repo.git(repo.work, 'remote', 'set-url', 'origin', origin.repoUrl(REPO))
    const before = await repo.git(repo.origin, 'rev-parse', 'refs/heads/main')
    await repo.git(repo.work, 'commit', '--quiet', '--amend', '--allow-empty', '--message', 'Rewritten')

    const push = await git(repo.work, ['push', '--force', 'origin', 'main'], headerEnv(origin.url, TOKEN))

    expect(push.code).not.toBe(0)
    expect(push.stderr).toMatch(/non-fast-forward/)
    expect(await repo.git(repo.origin, 'rev-parse', 'refs/heads/main')).toBe(before)
    // Refused by receive-pack itself, inside an answered request: the gate let it through.
    expect(origin.log.filter(entry => entry.push)).toEqual([expect.objectContaining({ status: 200 })])
  })
})

describe('checkout layouts served over HTTP', () => {
  let repo: TempRepo | undefined
  let close: (() => Promise<void>) | undefined

  afterEach(async () => {
    await close?.()
    await repo?.cleanup()
    close = undefined
    repo = undefined
  })

  it.each(checkoutLayouts.filter(layout => layout !== 'no-persist'))(
    '%s: a plain push from the clone carries the persisted token, once',
    async layout => {
      repo = await createTempRepo()
      const served = await serveOverHttp(repo, { token: TOKEN, layout })
      close = served.close
      const pushed = await commit(repo, repo.work, `Pushed after checkout ${layout}`)

      const push = await git(repo.work, ['push', 'origin', 'main'])

      expect(push.code).toBe(0)
      expect(await repo.git(repo.origin, 'rev-parse', 'refs/heads/main')).toBe(pushed)
      expect(served.origin.log.filter(entry => entry.push)).toEqual([
        expect.objectContaining({ path: `/${REPO}/git-receive-pack`, authorizationHeaders: 1, token: TOKEN })
      ])
    }
  )

  it.each(['v4', 'v5'] as const)("%s: writes the header into the clone's own .git/config", async layout => {
    repo = await createTempRepo()
    const served = await serveOverHttp(repo, { token: TOKEN, layout })
    close = served.close
    const key = checkoutHeaderKey(served.serverUrl)

    expect(await repo.git(repo.work, 'config', '--local', '--get-all', key)).toBe(checkoutHeaderValue(TOKEN))
    expect(await repo.git(repo.work, 'config', '--get-all', '--includes', key)).toBe(
      checkoutHeaderValue(TOKEN)
    )
    expect(await repo.git(repo.work, 'config', '--local', 'remote.origin.url')).toBe(
      `${served.serverUrl}/${REPO}`
    )
    expect(await readdir(served.runnerTemp).catch(() => [])).toEqual([])
  })

  it.each(['v6', 'v7'] as const)(
    '%s: keeps the header in a RUNNER_TEMP file that .git/config includes for the clone and its worktrees',
    async layout => {
      repo = await createTempRepo()
      const served = await serveOverHttp(repo, { token: TOKEN, layout })
      close = served.close
      const key = checkoutHeaderKey(served.serverUrl)
      const file = served.checkout.credentialsFile ?? ''
      const gitDir = join(repo.work, '.git')

      expect(await repo.git(repo.work, 'config', '--get-all', '--includes', key)).toBe(
        checkoutHeaderValue(TOKEN)
      )
      expect((await git(repo.work, ['config', '--local', '--get-all', key])).code).toBe(1)
      expect(file).toMatch(/\/git-credentials-[0-9a-f-]{36}\.config$/)
      expect(await readdir(served.runnerTemp)).toEqual([file.split('/').at(-1)])
      expect(await readFile(file, 'utf8')).toBe(
        `[http "${served.serverUrl}/"]\n\textraheader = ${checkoutHeaderValue(TOKEN)}\n`
      )
      const includes = await repo.git(repo.work, 'config', '--local', '--get-regexp', '^includeif\\.')
      const containerFile = `/github/runner_temp/${file.split('/').at(-1)}`
      expect(includes.split('\n')).toEqual([
        `includeif.gitdir:${gitDir}.path ${file}`,
        `includeif.gitdir:${gitDir}/worktrees/*.path ${file}`,
        `includeif.gitdir:/github/workspace/.git.path ${containerFile}`,
        `includeif.gitdir:/github/workspace/.git/worktrees/*.path ${containerFile}`
      ])

      const worktree = join(repo.root, 'worktree')
      await repo.git(repo.work, 'worktree', 'add', '--quiet', '-b', 'agent', worktree)
      expect(await repo.git(worktree, 'config', '--get-all', '--includes', key)).toBe(
        checkoutHeaderValue(TOKEN)
      )
    }
  )

  it('no-persist: leaves no credential, so a plain push is refused with 401', async () => {
    repo = await createTempRepo()
    const served = await serveOverHttp(repo, { token: TOKEN, layout: 'no-persist' })
    close = served.close
    await commit(repo, repo.work, 'No credentials')

    const header = await git(repo.work, [
      'config',
      '--get-all',
      '--includes',
      checkoutHeaderKey(served.serverUrl)
    ])
    const push = await git(repo.work, ['push', 'origin', 'main'])

    expect(header.code).toBe(1)
    expect(existsSync(served.runnerTemp)).toBe(false)
    expect(push.code).not.toBe(0)
    expect(served.origin.log.map(entry => [entry.authorizationHeaders, entry.status])).toEqual([[0, 401]])
  })

  it('v6: the persisted header plus one the engine adds for the same key is two headers, refused with 400', async () => {
    repo = await createTempRepo()
    const served = await serveOverHttp(repo, { token: TOKEN, layout: 'v6', extraTokens: [OTHER_TOKEN] })
    close = served.close
    await commit(repo, repo.work, 'Two headers')

    const push = await git(repo.work, ['push', 'origin', 'main'], headerEnv(served.serverUrl, OTHER_TOKEN))

    expect(push.code).not.toBe(0)
    expect(served.origin.log).toEqual([expect.objectContaining({ authorizationHeaders: 2, status: 400 })])
  })
})
