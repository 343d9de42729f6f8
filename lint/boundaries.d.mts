// Types of lint/boundaries.mjs for test/lint/boundaries.test.ts.
export declare const LIB_DEPENDENCIES: Record<string, string[]>;
export declare function assertAcyclic(deps: Record<string, string[]>): void;
export declare const boundariesConfig: unknown;
