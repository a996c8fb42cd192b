// Notion-Version values, and every behaviour that differs between them: each difference is one
// predicate here, named for what it decides, so that no other file compares version strings.
// The table of these differences is in docs/decisions.md ("Version table").
// https://developers.notion.com/reference/versioning

/** The values the header may take. The 2021 versions and 2022-02-22 behave as 2022-06-28 (docs/decisions.md). */
export const ACCEPTED_VERSIONS = ['2021-05-11', '2021-05-13', '2021-08-16', '2022-02-22', '2022-06-28', '2025-09-03', '2026-03-11', '2026-12-01'] as const;
export type AcceptedVersion = (typeof ACCEPTED_VERSIONS)[number];

/** The behaviours rendered, oldest first: every accepted value maps onto one of them. */
export const SERVED_VERSIONS = ['2022-06-28', '2025-09-03', '2026-03-11', '2026-12-01'] as const;
export type ApiVersion = (typeof SERVED_VERSIONS)[number];

/** The newest version this server knows. */
export const NEWEST_VERSION: ApiVersion = SERVED_VERSIONS[SERVED_VERSIONS.length - 1]!;

export function isAcceptedVersion(value: string): value is AcceptedVersion {
  return (ACCEPTED_VERSIONS as readonly string[]).includes(value);
}

export function behaviourOf(version: AcceptedVersion): ApiVersion {
  return (SERVED_VERSIONS as readonly string[]).includes(version) ? (version as ApiVersion) : '2022-06-28';
}

/**
 * A version this server does not know yet but that is newer than all it knows: a well-formed
 * date after the newest (lenient mode answers it as the newest, docs/decisions.md).
 */
export function isNewerUnknownVersion(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || isAcceptedVersion(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && value > NEWEST_VERSION;
}

const since =
  (from: ApiVersion) =>
  (v: ApiVersion): boolean =>
    SERVED_VERSIONS.indexOf(v) >= SERVED_VERSIONS.indexOf(from);
const before =
  (until: ApiVersion) =>
  (v: ApiVersion): boolean =>
    !since(until)(v);

// ---- 2025-09-03 ------------------------------------------------------------------------------

/** Versions from 2025-09-03 on split databases into data sources. */
export const hasDataSources = since('2025-09-03');
/** Pages carry `is_archived` from 2025-09-03 on, beside `in_trash`. */
export const hasIsArchived = since('2025-09-03');
/** Every paragraph answers `icon` (null when none) from 2025-09-03 on; before, only one that has an icon. */
export const alwaysParagraphIcon = since('2025-09-03');

// ---- 2026-03-11 ------------------------------------------------------------------------------

/** 2026-03-11 removed `archived` in favour of `in_trash`, and `after` in favour of `position`. */
export const hasArchived = before('2026-03-11');
/** 2022-06-28 sends `archived` before `in_trash`; 2025-09-03 sends it last, after every other key (recorded). */
export const archivedFirst = (v: ApiVersion): boolean => hasArchived(v) && !hasDataSources(v);
export const archivedLast = (v: ApiVersion): boolean => hasArchived(v) && hasDataSources(v);
/** Search filters by `in_trash` and sorts by relevance from 2026-03-11 on. */
export const hasSearchTrashFilter = since('2026-03-11');

// ---- 2026-12-01 (https://developers.notion.com/guides/data-apis/upgrade-guide-2026-12-01) -----

/** Pages listed by search and data source queries carry only their title unless `filter_properties` is given. */
export const titleOnlyInLists = since('2026-12-01');
/** Status filters by group (`status.group`), and `equals` compares option names only. */
export const statusGroupsByDefault = since('2026-12-01');
/** Markdown is Notion-flavored Markdown v2 unless asked otherwise, and `"v1"` is refused. */
export const markdownV2Only = since('2026-12-01');
/** `replace_content_range` edits of page markdown are refused (use `update_content`). */
export const refusesContentRange = since('2026-12-01');
/** `insert_content.after` must match the start of exactly one block. */
export const anchoredInsertAfter = since('2026-12-01');
/** A person's `name` may be null; before, a missing name is answered as "". */
export const nullablePersonNames = since('2026-12-01');

// ---- Betas (Notion-Beta header) --------------------------------------------------------------

/** The previews a request may opt into with `Notion-Beta` (https://developers.notion.com/reference/versioning). */
export const KNOWN_BETAS = ['status-group-filters-2026-10-06'] as const;
export type Beta = (typeof KNOWN_BETAS)[number];
export const isKnownBeta = (name: string): name is Beta => (KNOWN_BETAS as readonly string[]).includes(name);

/** Whether status group filters apply: by default from 2026-12-01, before that with their beta. */
export const statusGroupFilters = (v: ApiVersion, betas: readonly Beta[]): boolean =>
  statusGroupsByDefault(v) || betas.includes('status-group-filters-2026-10-06');

// ---- Routes ----------------------------------------------------------------------------------

/** Versions that have the data source endpoints (/v1/data_sources/...); under 2022-06-28 they are unknown URLs. */
export const DATA_SOURCE_VERSIONS: readonly ApiVersion[] = SERVED_VERSIONS.filter(hasDataSources);
/** Versions that still query through /v1/databases/{id}/query. */
export const DATABASE_QUERY_VERSIONS: readonly ApiVersion[] = SERVED_VERSIONS.filter((v) => !hasDataSources(v));

/** The `type` of a list whose results are pages and databases (or data sources, where the version has them). */
export const pageListTypeOf = (v: ApiVersion): 'page_or_data_source' | 'page_or_database' => (hasDataSources(v) ? 'page_or_data_source' : 'page_or_database');
