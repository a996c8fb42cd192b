// Notion-Version values. Every accepted value maps onto one of the three behaviours we render;
// the 2021 versions and 2022-02-22 behave as 2022-06-28 (see docs/decisions.md).
export const ACCEPTED_VERSIONS = ['2021-05-11', '2021-05-13', '2021-08-16', '2022-02-22', '2022-06-28', '2025-09-03', '2026-03-11'] as const;
export type AcceptedVersion = (typeof ACCEPTED_VERSIONS)[number];
export type ApiVersion = '2022-06-28' | '2025-09-03' | '2026-03-11';

export function isAcceptedVersion(value: string): value is AcceptedVersion {
  return (ACCEPTED_VERSIONS as readonly string[]).includes(value);
}

export function behaviourOf(version: AcceptedVersion): ApiVersion {
  return version === '2025-09-03' || version === '2026-03-11' ? version : '2022-06-28';
}

/** Versions from 2025-09-03 on split databases into data sources. */
export const hasDataSources = (v: ApiVersion): boolean => v !== '2022-06-28';
/** 2026-03-11 removed `archived` in favour of `in_trash`, and `after` in favour of `position`. */
export const hasArchived = (v: ApiVersion): boolean => v !== '2026-03-11';
/** Pages carry `is_archived` from 2025-09-03 on, beside `in_trash`. */
export const hasIsArchived = (v: ApiVersion): boolean => v !== '2022-06-28';

/** Versions that have the data source endpoints (/v1/data_sources/...); under 2022-06-28 they are unknown URLs. */
export const DATA_SOURCE_VERSIONS: readonly ApiVersion[] = ['2025-09-03', '2026-03-11'];
/** Versions that still query through /v1/databases/{id}/query. */
export const DATABASE_QUERY_VERSIONS: readonly ApiVersion[] = ['2022-06-28'];

/** The `type` of a list whose results are pages and databases (or data sources, where the version has them). */
export const pageListTypeOf = (v: ApiVersion): 'page_or_data_source' | 'page_or_database' => (hasDataSources(v) ? 'page_or_data_source' : 'page_or_database');
