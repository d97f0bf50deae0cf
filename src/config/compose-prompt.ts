import { prompt } from '../prompts/index.js'
import { ConfigError } from '../util/errors.js'
import { isBuiltInBase, isBuiltInPlatform } from './default-team.js'
import { readCapped, resolveRepoFile } from './repo-files.js'
import type { RoleConfig } from './team-config.js'

/** How much repository text a role prompt may carry. */
export interface PromptCaps {
  /** Bytes of one file; the rest is cut with a note. */
  fileBytes: number
  /** Bytes of the whole prompt, notes included; sections that do not fit are cut or left out with a note. */
  totalBytes: number
}

/**
 * 20 kB a file keeps one long README from crowding out everything else; 100 kB in all (about 25k tokens)
 * leaves most of the context window for the task and the tool results.
 */
export const DEFAULT_PROMPT_CAPS: Readonly<PromptCaps> = Object.freeze({
  fileBytes: 20 * 1024,
  totalBytes: 100 * 1024
})

/** Room kept at the end of the prompt for the note that lists what was left out. */
const NOTE_ROOM = 512

interface Section {
  /** How the section is named in the "left out" note. */
  label: string
  heading?: string
  text: string
}

/**
 * A role's system prompt: its base prompt (bundled `role-<base>`, or a Markdown file in the repository),
 * then each platform note, then each project context file, in the order the configuration lists them,
 * each under a heading that names it. Each file is cut at `caps.fileBytes` and the whole at
 * `caps.totalBytes`, always with a note that says so.
 *
 * Files are read only inside `repoDir`, symlinks followed: this is a security boundary (see
 * resolveRepoFile), checked again here because a RoleConfig need not come from loadTeamConfig and the
 * checkout may have changed since. A path that escapes is a ConfigError.
 */
export async function composeRolePrompt(
  role: RoleConfig,
  repoDir: string,
  caps: PromptCaps = DEFAULT_PROMPT_CAPS
): Promise<string> {
  const read = (path: string, what: string) =>
    readRepoText(repoDir, path, `${what} of role "${role.name}"`, caps)
  const sections: Section[] = [
    {
      label: `base ${role.base}`,
      text: isBuiltInBase(role.base) ? prompt(`role-${role.base}`) : await read(role.base, 'the base prompt')
    }
  ]
  for (const platform of role.platforms) {
    sections.push({
      label: `platform ${platform}`,
      heading: `Platform notes: ${platform}`,
      text: isBuiltInPlatform(platform)
        ? prompt(`platform-${platform}`)
        : await read(platform, 'a platform note')
    })
  }
  for (const path of role.projectContext) {
    sections.push({
      label: path,
      heading: `Project context: ${path}`,
      text: await read(path, 'project context')
    })
  }
  return assemble(sections, caps.totalBytes)
}

async function readRepoText(repoDir: string, path: string, what: string, caps: PromptCaps): Promise<string> {
  const file = await resolveRepoFile(repoDir, path)
  if (!file.ok) throw new ConfigError(path, 1, 1, `cannot be used as ${what}: ${file.problem}`)
  const { text, bytes, truncated } = await readCapped(file.path, caps.fileBytes)
  if (text.includes('\u0000'))
    throw new ConfigError(path, 1, 1, `cannot be used as ${what}: it is not a text file`)
  const body = text.trim()
  return truncated
    ? `${body}\n\n[Cut: this is the first ${caps.fileBytes} of ${bytes} bytes of ${path}; read_file shows the rest.]`
    : body
}

function assemble(sections: Section[], totalBytes: number): string {
  const blocks: string[] = []
  const leftOut: string[] = []
  let used = 0
  for (const section of sections) {
    const block = section.heading ? `# ${section.heading}\n\n${section.text}` : section.text
    const size = byteLength(block) + (blocks.length > 0 ? 2 : 0)
    if (leftOut.length === 0 && used + size <= totalBytes - NOTE_ROOM) {
      blocks.push(block)
      used += size
      continue
    }
    const room = totalBytes - NOTE_ROOM - used - 2
    // A sliver of a file helps nobody; past this point the rest only gets named.
    if (leftOut.length === 0 && room >= 1024) {
      blocks.push(cutToBytes(block, room))
      used = totalBytes - NOTE_ROOM
    }
    leftOut.push(section.label)
  }
  if (leftOut.length > 0) {
    blocks.push(
      `[Cut short or left out, the prompt being limited to ${totalBytes} bytes: ${leftOut.join(', ')}. ` +
        'Repository files can be read with read_file.]'
    )
  }
  // The note names files, so on a very long list it is the note that gets cut.
  return cutToBytes(blocks.join('\n\n'), totalBytes)
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

function cutToBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length <= maxBytes) return text
  return new TextDecoder().decode(bytes.subarray(0, maxBytes)).replace(/\uFFFD$/, '')
}
