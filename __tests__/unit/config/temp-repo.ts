import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** A throwaway directory of real files; `cleanup` removes every one made so far. */
export function tempRepos() {
  const made: string[] = []
  return {
    async make(files: Record<string, string> = {}): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), 'agent-team-config-'))
      made.push(dir)
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(dir, path)), { recursive: true })
        await writeFile(join(dir, path), text)
      }
      return dir
    },
    async cleanup(): Promise<void> {
      await Promise.all(made.splice(0).map(dir => rm(dir, { recursive: true, force: true })))
    }
  }
}

/** Joins lines, so a test's YAML reads top to bottom with its line numbers countable. */
export function lines(...rows: string[]): string {
  return rows.join('\n') + '\n'
}
