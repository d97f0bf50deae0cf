import {
  created,
  errorResult,
  notFound,
  ok,
  validationFailed,
  withIssue,
  type Handler,
  type RouteContext
} from './fake-github-http.js'
import { ensureLabel, insertLabel } from './fake-github-state.js'

/**
 * Repository labels and the labels on an issue. GitHub matches label names without regard to case, and
 * adding a label the repository lacks to an issue creates it grey (`ededed`) with no description
 * (github/docs#35718), which is why the action defines its labels with a colour before using them.
 */
export const labelRoutes: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}/labels/{name}': ctx => {
    const label = ctx.state.labels.get(ctx.pathParams.name!.toLowerCase())
    return label ? ok(ctx.shapes.label(label.name)) : notFound()
  },

  'POST /repos/{owner}/{repo}/labels': ctx => {
    const { name, color, description } = ctx.body as { name: string; color?: string; description?: string }
    // Six hex digits and nothing else: `#5319e7` is refused too (Octokit's recorded fixtures show the shape).
    if (color !== undefined && !/^[0-9a-f]{6}$/i.test(color))
      return validationFailed([{ resource: 'Label', code: 'invalid', field: 'color' }])
    if (ctx.state.labels.has(name.toLowerCase()))
      return validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }])
    const label = insertLabel(ctx.state, { name, color, description })
    return created(ctx.shapes.label(label.name))
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
