// Maps keyed by names a client chose (property names) must keep every name as an own key:
// assigning `obj["__proto__"] = v` changes the object's prototype instead, and the property
// silently disappears from the response. `__proto__` is a legal property name in Notion.

/** Set `key` on `target` as an own, enumerable property, whatever the key is. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
