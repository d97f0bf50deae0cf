import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { agentTools } from '../../../src/agents/tools/agent-tools.js'
import type { ToolSpec } from '../../../src/models/model.js'
import { planTool } from '../../../src/planning/plan-tool.js'
import { answerTool } from '../../../src/planning/resolve-blocker.js'
import { reviseTool } from '../../../src/planning/revise-tool.js'
import { toolPrompt } from '../../../src/prompts/index.js'
import { promptTexts } from '../../../src/prompts/prompts.generated.js'

const SRC = normalize(join(import.meta.dirname ?? dirname(new URL(import.meta.url).pathname), '../../../src'))
const PROMPTS = join(SRC, 'prompts')

function files(dir: string, suffix: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return files(path, suffix)
    return path.endsWith(suffix) ? [path] : []
  })
}

const sources = files(SRC, '.ts').filter(file => !file.endsWith('prompts.generated.ts'))
const code = sources.map(file => readFileSync(file, 'utf8')).join('\n')
const bundled = Object.keys(promptTexts).sort()

/** The prompt names the code asks for by a literal name; toolPrompt('x') reads tools/x. */
const named = [...code.matchAll(/\b(prompt|fillPrompt|toolPrompt)\(\s*'([^']+)'/g)].map(([, fn, name]) =>
  fn === 'toolPrompt' ? `tools/${name}` : name
)
/** Families the code picks a member of at run time: prompt(`role-${base}`). */
const families = [...code.matchAll(/\b(?:prompt|fillPrompt)\(\s*`([^`$]+)\$\{/g)].map(([, prefix]) => prefix)

describe('the prompt files', () => {
  it('are all bundled, and nothing else is', () => {
    const onDisk = files(PROMPTS, '.md').map(file => relative(PROMPTS, file).replace(/\.md$/, ''))
    expect(onDisk.sort()).toEqual(bundled)
  })

  it('has a file for every name the code asks for', () => {
    expect(named.length).toBeGreaterThan(50)
    expect(named.filter(name => !bundled.includes(name!))).toEqual([])
    for (const prefix of families) expect(bundled.some(name => name.startsWith(prefix!))).toBe(true)
  })

  it('has no file that the code does not use', () => {
    const used = (name: string): boolean =>
      named.includes(name) || families.some(prefix => name.startsWith(prefix!))
    expect(bundled.filter(name => !used(name))).toEqual([])
  })

  it('describes exactly the fields of each tool', () => {
    const specs: ToolSpec[] = [...agentTools(), planTool(['a']), reviseTool(['a']), answerTool]
    for (const spec of specs) {
      const words = toolPrompt(spec.name.replace(/_/g, '-'), valuesFor(spec.name))
      // revise_plan's tasks have submit_plan's shape, and its words.
      const own = describedFields(spec).filter(
        path => spec.name !== 'revise_plan' || !path.startsWith('tasks.')
      )
      expect({ tool: spec.name, fields: [...words.fields].sort() }).toEqual({
        tool: spec.name,
        fields: own.sort()
      })
    }
  })
})

function valuesFor(tool: string): Record<string, number> {
  if (tool === 'list_files') return { max_entries: 0 }
  if (tool === 'search') return { max_matches: 0 }
  return {}
}

/** The paths (`comments.id`) of the fields that carry a description. */
function describedFields(spec: ToolSpec): string[] {
  const paths: string[] = []
  const walk = (properties: Record<string, Record<string, unknown>>, prefix: string): void => {
    for (const [key, schema] of Object.entries(properties)) {
      if (typeof schema.description === 'string') paths.push(prefix + key)
      const items = schema.items as { properties?: Record<string, Record<string, unknown>> } | undefined
      if (items?.properties) walk(items.properties, `${prefix}${key}.`)
    }
  }
  walk((spec.input_schema as { properties: Record<string, Record<string, unknown>> }).properties, '')
  return paths
}
