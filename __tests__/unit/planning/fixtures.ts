import type { RoleConfig, TeamConfig } from '../../../src/config/team-config.js'
import type { Plan, PlanTask } from '../../../src/planning/plan.js'

/** A worker or manager role with the defaults the loader would fill in. */
export function role(name: string, description: string): RoleConfig {
  return {
    name,
    description,
    base: 'generic',
    platforms: [],
    projectContext: [],
    model: { provider: 'scripted', modelName: 'fake-model' },
    maxTokens: 8000
  }
}

/** A team with the given worker roles (name → description). */
export function team(roles: Record<string, string>): TeamConfig {
  return {
    source: '.ai-agents/config.yml',
    manager: role('manager', 'Plans the work and answers questions.'),
    roles: Object.fromEntries(
      Object.entries(roles).map(([name, description]) => [name, role(name, description)])
    ),
    protectedPaths: [],
    allowWorkflowEdits: false,
    checks: [],
    limits: {
      maxParallel: 2,
      maxTurns: 30,
      tokenBudget: 0,
      costLimitUsd: 0,
      commandTimeoutSeconds: 300,
      maxTasks: 50
    },
    coordination: { maxIterations: 2, autoMerge: true },
    sandbox: { setup: [], readOnlyPaths: [], env: {}, memoryMb: 4096, maxProcesses: 1024 }
  }
}

export const webTeam = team({
  'backend-dev': 'Builds the HTTP API and the database layer.',
  'frontend-dev': 'Builds the React user interface.',
  qa: 'Writes end-to-end tests and checks the feature against the request.'
})

/** A complete, valid task; `dependencies` and any field can be set. */
export function task(id: string, dependencies: string[] = [], fields: Partial<PlanTask> = {}): PlanTask {
  return {
    id,
    title: `Task ${id}`,
    role: 'backend-dev',
    description: `Do the work of ${id}.`,
    deliverables: [`Code for ${id}`],
    dependencies,
    acceptance_criteria: ['npm test passes'],
    ...fields
  }
}

/** A plan around the given tasks. */
export function plan(tasks: PlanTask[], decisions: string[] = []): Plan {
  return { summary: 'Build the feature in small steps.', decisions, tasks }
}
