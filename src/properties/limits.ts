// Page objects carry at most 25 items of an array-valued property (people, relation, rich text);
// the property item endpoint returns all of them
// (https://developers.notion.com/reference/retrieve-a-page-property).
export const PAGE_PROPERTY_ITEM_LIMIT = 25;
