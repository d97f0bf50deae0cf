import {
  created,
  errorResult,
  notFound,
  ok,
  validationFailed,
  withIssue,
  type Handler,
  type RouteContext,
  type RouteResult
} from './fake-github-http.js'
import { ensureLabel, insertLabel } from './fake-github-state.js'

/**
 * Repository labels and the labels on an issue. GitHub matches label names without regard to case, and
 * adding a label the repository lacks to an issue creates it grey (`ededed`) with no description
 * (github/docs#35718) and answers with every label the issue then carries; removing one the issue does not
 * carry is a 404.
 */
export const labelRoutes: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}/labels/{name}': ctx => {
    const label = ctx.state.labels.get(ctx.pathParams.name!.toLowerCase())
    return label ? ok(ctx.shapes.label(label.name)) : notFound()
  },

  'POST /repos/{owner}/{repo}/labels': ctx => {
    const { name, color, description } = ctx.body as { name: string; color?: string; description?: string }
    const refused = labelRefusal({ color, description })
    if (refused) return refused
    if (ctx.state.labels.has(name.toLowerCase()))
      return validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }])
    const label = insertLabel(ctx.state, { name, color, description })
    return created(ctx.shapes.label(label.name))
  },

  'PATCH /repos/{owner}/{repo}/labels/{name}': ctx => {
    const label = ctx.state.labels.get(ctx.pathParams.name!.toLowerCase())
    if (!label) return notFound()
    const { new_name, color, description } = ctx.body as {
      new_name?: string
      color?: string
      description?: string
    }
    const refused = labelRefusal({ color, description })
    if (refused) return refused
    if (new_name !== undefined && new_name.toLowerCase() !== label.name.toLowerCase()) {
      if (ctx.state.labels.has(new_name.toLowerCase()))
        return validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }])
      ctx.state.labels.delete(label.name.toLowerCase())
      ctx.state.labels.set(new_name.toLowerCase(), label)
      renameOnIssues(ctx, label.name, new_name)
    }
    if (new_name !== undefined) label.name = new_name
    if (color !== undefined) label.color = color.toLowerCase()
    if (description !== undefined) label.description = description
    return ok(ctx.shapes.label(label.name))
  },

  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': ctx =>
    withIssue(ctx, issue => {
      const raw = Array.isArray(ctx.body)
        ? ctx.body
        : typeof ctx.body === 'string'
          ? [ctx.body]
          : ctx.body.labels
      issue.labels = [...new Set([...issue.labels, ...labelNames(ctx, raw ?? [])])]
      return ok(issue.labels.map(ctx.shapes.label))
    }),

  'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}': ctx =>
    withIssue(ctx, issue => {
      const name = ctx.pathParams.name!.toLowerCase()
      if (!issue.labels.some(l => l.toLowerCase() === name)) return errorResult(404, 'Label does not exist')
      issue.labels = issue.labels.filter(l => l.toLowerCase() !== name)
      return ok(issue.labels.map(ctx.shapes.label))
    })
}

/** The repository's names for labels given by name or `{ name }`, creating the ones it lacks. */
export function labelNames(ctx: RouteContext, raw: (string | { name: string })[]): string[] {
  return raw.map(item => ensureLabel(ctx.state, typeof item === 'string' ? item : item.name).name)
}

/**
 * What GitHub refuses in a label's fields: a colour other than six hex digits (`#5319e7` too; Octokit's
 * recorded fixtures show the shape) and a description over 100 characters, as the description documents.
 */
function labelRefusal(fields: { color?: string; description?: string }): RouteResult | undefined {
  if (fields.color !== undefined && !/^[0-9a-f]{6}$/i.test(fields.color))
    return validationFailed([{ resource: 'Label', code: 'invalid', field: 'color' }])
  if (fields.description !== undefined && fields.description.length > 100)
    return validationFailed([{ resource: 'Label', code: 'invalid', field: 'description' }])
  return undefined
}

/** A renamed label keeps its place on every issue that carries it. */
function renameOnIssues(ctx: RouteContext, from: string, to: string): void {
  for (const issue of ctx.state.issues.values())
    issue.labels = issue.labels.map(name => (name.toLowerCase() === from.toLowerCase() ? to : name))
}
