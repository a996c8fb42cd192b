// Maps keyed by names a client chose (property names) must keep every name as an own key:
// assigning `obj["__proto__"] = v` changes the object's prototype instead, and the property
// silently disappears from the response. `__proto__` is a legal property name in Notion.

/** Set `key` on `target` as an own, enumerable property, whatever the key is. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  // `__proto__` is the one name whose assignment does not make an own property (the accessor
  // Object.prototype has); every other name is assigned, which is several times faster than
  // defining it (rendering a page of 100 results sets each of their properties).
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
