// Types of dist-stamp.mjs, for the tests that import it.

/** What `npm run package` reads besides node_modules (which package-lock.json stands for). */
export declare const BUILD_INPUTS: readonly string[]
/** The hash of everything the build reads: src/**, the prompt embedder, package*.json, tsconfig*.json. */
export declare function buildInputsHash(root: string): Promise<string>
/** The hash of what the build wrote: every file under dist/. */
export declare function distHash(root: string): Promise<string>
/** Where the stamp of the checkout at `root` lives. */
export declare function stampPath(root: string): Promise<string>
/** Records that dist/ is the build of the source as it is now. Called right after a build. */
export declare function writeStamp(root: string): Promise<{ inputs: string; dist: string }>
/** Why dist/ is not the build of the current source, or undefined when it is. */
export declare function distStaleness(root: string): Promise<string | undefined>
