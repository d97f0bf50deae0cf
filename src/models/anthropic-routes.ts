/**
 * Claude through a cloud's own endpoint: Amazon Bedrock or Google Vertex AI. The Messages API is the same; only
 * the client changes (the official Bedrock and Vertex SDKs sign each request with the cloud's credentials and
 * move the model into the URL), and so do the words a failure is explained with. The cloud SDKs are loaded
 * on a role's first call, not at start: most runs never use them, and they take a good part of the engine's
 * start-up to load.
 */
import type Anthropic from '@anthropic-ai/sdk'
import type { ModelFailure } from './model-error.js'

/** What the model adapter needs of a client: the Messages resource. */
export interface MessagesClient {
  messages: Pick<Anthropic['messages'], 'create' | 'stream'>
}

/** One way to reach Claude. */
export interface AnthropicRoute {
  /** How the log and errors name it: `Amazon Bedrock`, `Vertex AI`. */
  api: string
  /** The provider, as the team configuration names it, for the cost per provider. */
  provider: 'anthropic' | 'bedrock' | 'vertex'
  /** Where requests go, for a connection error. */
  baseURL: string
  /** The client, made (and its SDK loaded) on the first call; a failure there is one the retry policy sees. */
  client(): Promise<MessagesClient>
  /** Whether long replies may be streamed (Bedrock's SDK turns its binary event stream into the API's events). */
  streams: boolean
  /** The advice for a failure, where it differs from the direct API's. */
  hints: Partial<Record<ModelFailure, string>>
}

interface RouteOptions {
  region: string
  /** Default: the cloud's public endpoint for the region. */
  baseURL?: string
  timeoutMs: number
}

/**
 * Bedrock, with the AWS credentials the environment holds (the standard chain: the variables
 * aws-actions/configure-aws-credentials exports, OIDC web identity, a profile, a container role) or a Bedrock
 * API key in AWS_BEARER_TOKEN_BEDROCK.
 */
export function bedrockRoute(options: RouteOptions): AnthropicRoute {
  const baseURL = options.baseURL || `https://bedrock-runtime.${options.region}.amazonaws.com`
  const client = once(async () => {
    const { AnthropicBedrock } = await import('@anthropic-ai/bedrock-sdk')
    return new AnthropicBedrock({
      awsRegion: options.region,
      baseURL,
      maxRetries: 0,
      timeout: options.timeoutMs
    })
  })
  return {
    api: 'Amazon Bedrock',
    provider: 'bedrock',
    baseURL,
    client,
    streams: true,
    hints: {
      authentication:
        'Check the AWS credentials: the aws-actions/configure-aws-credentials step, its role, and that the role may call bedrock:InvokeModel.',
      connection:
        'Check that the runner can reach Bedrock in AWS_REGION (proxy, firewall, ANTHROPIC_BEDROCK_BASE_URL).',
      'rate-limited':
        'The account is over its Bedrock quota for this model: lower max-parallel, or ask AWS for more.'
    }
  }
}

/**
 * Vertex AI, with Google's application default credentials (the file google-github-actions/auth writes and
 * points GOOGLE_APPLICATION_CREDENTIALS at, with workload identity federation or a key).
 */
export function vertexRoute(options: RouteOptions & { projectId: string }): AnthropicRoute {
  const baseURL =
    options.baseURL ||
    (options.region === 'global'
      ? 'https://aiplatform.googleapis.com/v1'
      : `https://${options.region}-aiplatform.googleapis.com/v1`)
  // The client asks Google for its credentials as it is made: made on the first call, so a run that never
  // calls this role never reaches for them, and a failure there is one the retry policy sees.
  const client = once(async () => {
    const [{ AnthropicVertex }, { GoogleAuth }] = await Promise.all([
      import('@anthropic-ai/vertex-sdk'),
      import('google-auth-library')
    ])
    return new AnthropicVertex({
      region: options.region,
      projectId: options.projectId,
      // Given the project, Google's client does not ask the resource manager which one the credentials are in.
      googleAuth: new GoogleAuth({
        scopes: 'https://www.googleapis.com/auth/cloud-platform',
        projectId: options.projectId
      }),
      baseURL,
      maxRetries: 0,
      timeout: options.timeoutMs
    })
  })
  return {
    api: 'Vertex AI',
    provider: 'vertex',
    baseURL,
    client,
    streams: true,
    hints: {
      authentication:
        'Check the Google credentials: the google-github-actions/auth step, and that its account has the Vertex AI User role.',
      connection:
        'Check that the runner can reach Vertex AI and Google sign-in (proxy, firewall, ANTHROPIC_VERTEX_BASE_URL); a credentials file that cannot be read fails here too.',
      'rate-limited':
        'The project is over its Vertex AI quota for this model: lower max-parallel, or raise the quota.'
    }
  }
}

/** `make` run on the first call only; a failed attempt is made again by the next call. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined
  return () => {
    made ??= make().catch(error => {
      made = undefined
      throw error
    })
    return made
  }
}
