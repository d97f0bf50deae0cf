import {
  blocksOf,
  type MessagesRequest,
  type WireRequestBlock,
  type WireTool
} from './fake-anthropic-request.js'

/**
 * The checks the real Messages API makes on the points the engine relies on. A request that fails one is
 * answered with 400 `invalid_request_error`, as the API would, and recorded as a violation.
 */
export type Validation = { ok: true; request: MessagesRequest } | { ok: false; message: string }

/** Most breakpoints one request may carry. */
export const MAX_CACHE_BREAKPOINTS = 4

const TOP_LEVEL_FIELDS = new Set([
  'model',
  'max_tokens',
  'messages',
  'system',
  'tools',
  'tool_choice',
  'stop_sequences',
  'stream',
  'metadata',
  'thinking',
  'service_tier'
])
const BLOCK_TYPES = new Set([
  'text',
  'image',
  'document',
  'tool_use',
  'tool_result',
  'thinking',
  'redacted_thinking'
])
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/

class Invalid extends Error {}

function fail(message: string): never {
  throw new Invalid(message)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The API version the current SDK sends; 2023-06-01 is the one before it. */
export const LATEST_API_VERSION = '2026-10-21'
// Version 2026-10-21 removed the sampling parameters: sending one, even at its default, is a 400.
const SAMPLING_FIELDS = ['temperature', 'top_p', 'top_k']

/**
 * Validates a parsed JSON body under an `anthropic-version`; the first problem found is the message,
 * worded like the API's.
 */
export function validateRequest(body: unknown, apiVersion: string = LATEST_API_VERSION): Validation {
  try {
    return { ok: true, request: check(body, apiVersion) }
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, message: error.message }
    throw error
  }
}

function check(body: unknown, apiVersion: string): MessagesRequest {
  if (!isObject(body)) fail('body: Input should be an object')
  const samplingAllowed = apiVersion < LATEST_API_VERSION
  for (const field of Object.keys(body)) {
    const known = TOP_LEVEL_FIELDS.has(field) || (samplingAllowed && SAMPLING_FIELDS.includes(field))
    if (!known) fail(`${field}: Extra inputs are not permitted`)
  }
  if (typeof body.model !== 'string' || body.model === '') fail('model: Field required')
  if (body.max_tokens === undefined) fail('max_tokens: Field required')
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) {
    fail('max_tokens: Input should be an integer greater than or equal to 1')
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean')
    fail('stream: Input should be a valid boolean')
  if (body.temperature !== undefined) {
    const t = body.temperature
    if (typeof t !== 'number' || t < 0 || t > 1) fail('temperature: Input should be between 0 and 1')
  }
  const tools = checkTools(body.tools)
  checkToolChoice(body.tool_choice, tools)
  const systemBlocks = checkSystem(body.system)
  const messageBlocks = checkMessages(body.messages)
  checkCacheControl([...tools, ...systemBlocks, ...messageBlocks])
  return body as MessagesRequest
}

function checkTools(tools: unknown): WireTool[] {
  if (tools === undefined) return []
  if (!Array.isArray(tools)) fail('tools: Input should be a valid list')
  const names = new Set<string>()
  tools.forEach((tool: unknown, i) => {
    if (!isObject(tool) || typeof tool.name !== 'string') fail(`tools.${i}.name: Field required`)
    if (!TOOL_NAME.test(tool.name)) fail(`tools.${i}.name: String should match pattern '${TOOL_NAME.source}'`)
    if (names.has(tool.name)) fail(`tools: Tool names must be unique. Duplicate: ${tool.name}`)
    names.add(tool.name)
    // Anthropic-defined tools (bash, text editor) carry a versioned `type` and no schema.
    if (tool.type === undefined || tool.type === 'custom') {
      const schema = tool.input_schema
      if (!isObject(schema)) fail(`tools.${i}.custom.input_schema: Field required`)
      if (schema.type !== 'object') fail(`tools.${i}.custom.input_schema.type: Input should be 'object'`)
    }
  })
  return tools as WireTool[]
}

function checkToolChoice(choice: unknown, tools: WireTool[]): void {
  if (choice === undefined) return
  if (!isObject(choice)) fail('tool_choice: Input should be an object')
  switch (choice.type) {
    case 'auto':
    case 'none':
      return
    case 'any':
      if (tools.length === 0) fail('tool_choice: tool_choice.type "any" requires `tools` to be provided')
      return
    case 'tool':
      if (typeof choice.name !== 'string') fail('tool_choice.tool.name: Field required')
      if (!tools.some(tool => tool.name === choice.name)) {
        fail(`tool_choice: Tool '${choice.name}' not found in provided tools`)
      }
      return
    default:
      fail(`tool_choice.type: Input tag '${String(choice.type)}' is not one of 'auto', 'any', 'tool', 'none'`)
  }
}

function checkSystem(system: unknown): WireRequestBlock[] {
  if (system === undefined || typeof system === 'string') return []
  if (!Array.isArray(system)) fail('system: Input should be a valid string or list')
  system.forEach((block: unknown, i) => {
    if (!isObject(block) || block.type !== 'text') fail(`system.${i}.type: Input should be 'text'`)
    if (typeof block.text !== 'string' || block.text === '')
      fail(`system.${i}.text: text content blocks must be non-empty`)
  })
  return system as WireRequestBlock[]
}

function checkMessages(messages: unknown): WireRequestBlock[] {
  if (!Array.isArray(messages) || messages.length === 0) fail('messages: at least one message is required')
  const all: WireRequestBlock[] = []
  const seenToolUseIds = new Set<string>()
  messages.forEach((entry: unknown, i) => {
    if (!isObject(entry)) fail(`messages.${i}: Input should be an object`)
    if (entry.role !== 'user' && entry.role !== 'assistant')
      fail(`messages.${i}.role: Input should be 'user' or 'assistant'`)
    if (i === 0 && entry.role !== 'user') fail('messages: first message must use the "user" role')
    if (i > 0 && entry.role === (messages[i - 1] as { role: string }).role) {
      fail(
        `messages: roles must alternate between "user" and "assistant", but found multiple "${entry.role}" roles in a row`
      )
    }
    if (typeof entry.content === 'string') {
      if (entry.content === '' && i < messages.length - 1)
        fail(`messages.${i}: text content blocks must be non-empty`)
      all.push({ type: 'text', text: entry.content })
      return
    }
    if (!Array.isArray(entry.content) || entry.content.length === 0) {
      fail(`messages.${i}: all messages must have non-empty content`)
    }
    const blocks = entry.content as unknown[]
    blocks.forEach((block, j) => checkBlock(block, `messages.${i}.content.${j}`, entry.role as string))
    for (const block of blocks as WireRequestBlock[]) {
      if (block.type !== 'tool_use') continue
      if (seenToolUseIds.has(block.id as string))
        fail(`messages.${i}: \`tool_use\` ids must be unique: ${block.id}`)
      seenToolUseIds.add(block.id as string)
    }
    all.push(...(blocks as WireRequestBlock[]))
  })
  checkToolPairs(messages as { role: string; content: string | WireRequestBlock[] }[])
  return all
}

function checkBlock(block: unknown, path: string, role: string): void {
  if (!isObject(block) || typeof block.type !== 'string') fail(`${path}.type: Field required`)
  if (!BLOCK_TYPES.has(block.type))
    fail(`${path}.type: Input tag '${block.type}' is not a known content block type`)
  switch (block.type) {
    case 'text':
      if (typeof block.text !== 'string' || block.text === '')
        fail(`${path}: text content blocks must be non-empty`)
      return
    case 'tool_use':
      if (role !== 'assistant') fail(`${path}: \`tool_use\` blocks can only be in \`assistant\` messages`)
      if (typeof block.id !== 'string' || typeof block.name !== 'string')
        fail(`${path}: tool_use needs \`id\` and \`name\``)
      if (!isObject(block.input)) fail(`${path}.input: Input should be a valid dictionary`)
      return
    case 'tool_result':
      if (role !== 'user') fail(`${path}: \`tool_result\` blocks can only be in \`user\` messages`)
      if (typeof block.tool_use_id !== 'string') fail(`${path}.tool_use_id: Field required`)
      if (block.content !== undefined && typeof block.content !== 'string' && !Array.isArray(block.content)) {
        fail(`${path}.content: Input should be a valid string or list`)
      }
      return
  }
}

/** Every tool_use is answered in the very next user turn, and every tool_result answers one of those. */
function checkToolPairs(messages: { role: string; content: string | WireRequestBlock[] }[]): void {
  messages.forEach((entry, i) => {
    const blocks = blocksOf(entry)
    if (entry.role === 'user') {
      const previous = i > 0 ? blocksOf(messages[i - 1]!) : []
      const asked = new Set(previous.filter(block => block.type === 'tool_use').map(block => block.id))
      let seenOther = false
      blocks.forEach((block, j) => {
        if (block.type !== 'tool_result') {
          seenOther = true
          return
        }
        if (!asked.has(block.tool_use_id)) {
          fail(
            `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${block.tool_use_id}. ` +
              'Each `tool_result` block must have a corresponding `tool_use` block in the previous message.'
          )
        }
        if (seenOther) fail(`messages.${i}: \`tool_result\` blocks must come before any other content`)
      })
      return
    }
    const next = messages[i + 1]
    if (!next) return
    const answered = new Set(
      blocksOf(next).flatMap(block => (block.type === 'tool_result' ? [block.tool_use_id] : []))
    )
    const missing = blocks
      .filter(block => block.type === 'tool_use' && !answered.has(block.id))
      .map(block => block.id)
    if (missing.length > 0) {
      fail(
        `messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. ` +
          'Each `tool_use` block must have a corresponding `tool_result` block in the next message.'
      )
    }
  })
}

function checkCacheControl(blocks: { cache_control?: unknown }[]): void {
  const marked = blocks.filter(block => block.cache_control !== undefined)
  for (const block of marked) {
    const control = block.cache_control
    if (!isObject(control) || control.type !== 'ephemeral')
      fail("cache_control.type: Input should be 'ephemeral'")
    if (control.ttl !== undefined && control.ttl !== '5m' && control.ttl !== '1h') {
      fail("cache_control.ttl: Input should be '5m' or '1h'")
    }
  }
  if (marked.length > MAX_CACHE_BREAKPOINTS) {
    fail(
      `A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${marked.length}.`
    )
  }
}
