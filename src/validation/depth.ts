// Bounds on nesting. What walks a parsed value (NUL removal, validation, cloning) recurses, and a
// value nested deeply enough overflows the stack; bodies that can be that deep are measured first.

/** Deepest nesting accepted in control bodies and fixtures; real fixtures need a few dozen levels. */
export const MAX_DEPTH = 256;

/** Whether JSON text nests arrays and objects at most `max` deep, measured before it is parsed. */
export function jsonDepthWithin(text: string, max = MAX_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return false;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return true;
}

/**
 * Whether a parsed value nests at most `max` deep, walked without recursion. Every path is
 * walked, shared nodes (YAML aliases) on each, so a cycle is found too deep rather than looping.
 */
export function valueDepthWithin(value: unknown, max = MAX_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return false;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
  }
  return true;
}
