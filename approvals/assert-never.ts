/** The default branch of an exhaustive switch: unreachable while the union is handled in full. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
}
