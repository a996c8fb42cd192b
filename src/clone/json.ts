// Answers of the API being cloned. The clone reads them field by field as Notion documents them
// (https://developers.notion.com/reference/intro), and every field it relies on may be absent:
// reads go through `?.` and `??`, so a loose type is what fits them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers of a remote API, read defensively (above)
export type Json = Record<string, any>;
