// Types of source-state.js, for the TypeScript that imports it (the benchmark, the tests).
export declare const ROOT: string;
export declare const DIST: string;
export declare const SOURCE_DIRS: readonly string[];
export declare const BUILD_STAMP: string;
export declare function newestSource(): number;
export declare function isDistCurrent(): boolean;
