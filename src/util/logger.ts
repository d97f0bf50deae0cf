/** Where the core writes what it is doing. The action maps it to @actions/core, the CLI to the terminal. */
export interface Logger {
  info(message: string): void
  warning(message: string): void
  error(message: string): void
  debug(message: string): void
}

export const silentLogger: Logger = { info() {}, warning() {}, error() {}, debug() {} }
