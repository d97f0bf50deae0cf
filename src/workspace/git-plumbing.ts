/**
 * Plumbing of the `Git` interface (git.ts): where the repository is, refs, objects and the repository's config,
 * read and written by name without a work tree or an index. GitRepository (git-repository.ts) adds the work
 * tree, the index, merges and the remote on top. Every command runs through run-git.ts, so the same safe
 * configuration applies to all of them.
 */
import { resolve } from 'node:path'
import type { Logger } from '../util/logger.js'
import { silentLogger } from '../util/logger.js'
import { arg, authorshipEnv, formatTree, parseConfigEntries, parseTree, withTrailers } from './git-formats.js'
import type { Authorship, GitConfig, GitLocation, GitObjects, GitOptions, GitRefs, TreeEntry } from './git.js'
import { refReaderFor, type RefReader } from './ref-reader.js'
import { runGit } from './run-git.js'
import { WorkspaceError } from './workspace-errors.js'

/** Refs, objects and config of the repository or worktree at `dir`, and the runner every command goes through. */
export class GitPlumbing implements GitLocation, GitRefs, GitObjects, GitConfig {
  // Children inherit the environment anyway; the caller may pass a narrower one.
  private readonly env: NodeJS.ProcessEnv
  private readonly logger: Logger
  private readonly refReader: RefReader | undefined

  constructor(
    readonly dir: string,
    options: GitOptions = {}
  ) {
    this.env = options.env ?? process.env
    this.logger = options.logger ?? silentLogger
    this.refReader = options.batchRefReads ? refReaderFor(dir, this.env) : undefined
  }

  /** `git <args>` in `dir`; exit codes outside `okCodes` throw a GitCommandError. */
  protected run(args: string[], okCodes: number[] = [0], extraEnv: NodeJS.ProcessEnv = {}, input?: string) {
    const env = { ...this.env, ...extraEnv }
    return runGit(this.dir, args, { okCodes, env, logger: this.logger, input })
  }

  /** For commands whose exit code is the answer: 0 is yes, every other code in `okCodes` is no. */
  protected async succeeds(args: string[], okCodes: number[]): Promise<boolean> {
    return (await this.run(args, okCodes)).exitCode === 0
  }

  /** Output of a command that prints one value (an id, a path), read from `input` when given. */
  protected async out(args: string[], extraEnv: NodeJS.ProcessEnv = {}, input?: string): Promise<string> {
    return (await this.run(args, [0], extraEnv, input)).stdout.trim()
  }

  /** Stdout, trimmed, when the command exits 0; undefined for the other `okCodes`. */
  protected async answer(args: string[], okCodes: number[]): Promise<string | undefined> {
    const result = await this.run(args, okCodes)
    return result.exitCode === 0 ? result.stdout.trim() : undefined
  }

  async topLevel() {
    return this.out(['rev-parse', '--show-toplevel'])
  }

  async commonDir() {
    return resolve(this.dir, await this.out(['rev-parse', '--git-common-dir']))
  }

  async locate() {
    const lines = await this.out(['rev-parse', '--show-toplevel', '--git-common-dir'])
    const [topLevel = '', commonDir = ''] = lines.split('\n')
    return { topLevel, commonDir: resolve(this.dir, commonDir) }
  }

  resolveCommit(ref: string) {
    return this.resolve(ref, 'commit')
  }

  resolveTree(ref: string) {
    return this.resolve(ref, 'tree')
  }

  private async resolve(ref: string, type: 'commit' | 'tree') {
    if (this.refReader) {
      try {
        return await this.refReader.objectOf(arg(ref), type)
      } catch {
        // Not a plain name, or the reader stopped: one process answers it.
      }
    }
    return this.answer(['rev-parse', '--verify', '--quiet', `${arg(ref)}^{${type}}`], [0, 1])
  }

  async currentBranch() {
    return this.answer(['symbolic-ref', '--quiet', '--short', 'HEAD'], [0, 1])
  }

  async isValidBranchName(name: string) {
    return this.succeeds(['check-ref-format', '--branch', name], [0, 1, 128])
  }

  async createBranch(name: string, startPoint: string) {
    await this.run(['branch', '--no-track', arg(name), arg(startPoint)])
  }

  async updateRef(ref: string, sha: string, expected?: string) {
    await this.run(['update-ref', arg(ref), arg(sha), ...(expected === undefined ? [] : [expected])])
  }

  async deleteRef(ref: string, expected: string) {
    return this.succeeds(['update-ref', '-d', arg(ref), arg(expected)], [0, 1, 128])
  }

  async isAncestor(ancestor: string, descendant: string) {
    return this.succeeds(['merge-base', '--is-ancestor', arg(ancestor), arg(descendant)], [0, 1])
  }

  async writeBlob(text: string) {
    return this.out(['hash-object', '-w', '--no-filters', '--stdin'], {}, text)
  }

  async blobText(sha: string) {
    return (await this.run(['cat-file', 'blob', arg(sha)])).stdout
  }

  async readBlob(ref: string, path: string) {
    const spec = `${arg(ref)}:${path.replace(/^\.?\//, '')}`
    if (!(await this.succeeds(['rev-parse', '--verify', '--quiet', spec], [0, 1]))) return undefined
    if ((await this.out(['cat-file', '-t', spec])) !== 'blob') {
      throw new WorkspaceError(`${path} at ${ref} is a directory or submodule, not a file.`)
    }
    return (await this.run(['cat-file', 'blob', spec])).stdout
  }

  async listTree(treeish: string) {
    return parseTree((await this.run(['ls-tree', '-z', arg(treeish)])).stdout)
  }

  async makeTree(entries: readonly TreeEntry[]) {
    return this.out(['mktree', '-z'], {}, formatTree(entries))
  }

  async commitTree(
    tree: string,
    parents: readonly string[],
    message: string,
    who: Authorship,
    trailers: Record<string, string> = {}
  ) {
    const parentArgs = parents.flatMap(parent => ['-p', arg(parent)])
    const args = ['commit-tree', arg(tree), ...parentArgs, '-m', withTrailers(message, trailers)]
    return this.out(args, authorshipEnv(who))
  }

  async configEntries(pattern: string, file?: string) {
    const args = ['config', ...this.configScope(file), '--null', '--get-regexp', pattern]
    return parseConfigEntries((await this.run(args, [0, 1])).stdout)
  }

  async configUnset(key: string, options: { value?: string; file?: string } = {}) {
    const which = options.value === undefined ? [key] : ['--fixed-value', key, options.value]
    await this.run(['config', ...this.configScope(options.file), '--unset-all', ...which], [0, 5])
  }

  /** The repository's own config file, or `file`. */
  private configScope(file?: string): string[] {
    return file ? ['--file', file] : ['--local']
  }
}
