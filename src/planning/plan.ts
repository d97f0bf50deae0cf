/** The manager's plan: a task graph plus the decisions every agent must respect. */
export interface PlanTask {
  /** Short, unique, stable id such as `T1` or `API-1`. */
  id: string
  title: string
  /** A role name from the team configuration. */
  role: string
  description: string
  deliverables: string[]
  /** Ids of the tasks that must be merged before this one starts. */
  dependencies: string[]
  acceptance_criteria: string[]
  /** Optional hints: files the task is expected to touch. */
  files?: string[]
}

export interface Plan {
  /** One paragraph: how the team will build the feature. */
  summary: string
  tasks: PlanTask[]
  /** Team-wide decisions (interfaces, names, conventions) that all tasks follow. */
  decisions: string[]
}
