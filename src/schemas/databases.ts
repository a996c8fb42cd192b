// Request shapes of /v1/databases and /v1/data_sources, per version.
// https://developers.notion.com/reference/data-source
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { hasArchived, hasDataSources, type ApiVersion } from '../api-version.js';
import { CoverRequest, IconRequest, RichTextRequest, Strict, Uuid } from './common.js';
import { PropertiesCreateRequest, PropertiesCreateRequestLegacy, PropertiesUpdateRequest } from './properties.js';

export const DatabaseIdParams = Strict({ database_id: Uuid });
export const DataSourceIdParams = Strict({ data_source_id: Uuid });

const DatabaseParent = Type.Union([
  Strict({ type: Type.Optional(Type.Literal('page_id')), page_id: Uuid }),
  Strict({ type: Type.Optional(Type.Literal('workspace')), workspace: Type.Literal(true) }),
]);

const common = {
  parent: DatabaseParent,
  title: Type.Optional(RichTextRequest),
  description: Type.Optional(RichTextRequest),
  is_inline: Type.Optional(Type.Boolean()),
  icon: Type.Optional(IconRequest),
  cover: Type.Optional(CoverRequest),
};

/** 2025-09-03 on: the schema goes to the first data source. */
export const CreateDatabaseBody = Strict({
  ...common,
  initial_data_source: Type.Optional(Strict({ properties: Type.Optional(PropertiesCreateRequest) })),
});
/** 2022-06-28: the database is its table, and `properties` is required. */
export const CreateDatabaseBodyLegacy = Strict({ ...common, properties: PropertiesCreateRequestLegacy });
export type CreateDatabaseBody = Static<typeof CreateDatabaseBody> & { properties?: Static<typeof PropertiesCreateRequest> };

export const createDatabaseBody = (v: ApiVersion): TSchema => (hasDataSources(v) ? CreateDatabaseBody : CreateDatabaseBodyLegacy);

const updateCommon = {
  title: Type.Optional(RichTextRequest),
  description: Type.Optional(RichTextRequest),
  is_inline: Type.Optional(Type.Boolean()),
  icon: Type.Optional(IconRequest),
  cover: Type.Optional(CoverRequest),
  in_trash: Type.Optional(Type.Boolean()),
  is_locked: Type.Optional(Type.Boolean()),
};
const UpdateDatabaseBodyLegacy = Strict({ ...updateCommon, archived: Type.Optional(Type.Boolean()), properties: Type.Optional(PropertiesUpdateRequest) });
const UpdateDatabaseBody2025 = Strict({ ...updateCommon, archived: Type.Optional(Type.Boolean()), parent: Type.Optional(DatabaseParent) });
const UpdateDatabaseBody2026 = Strict({ ...updateCommon, parent: Type.Optional(DatabaseParent) });
export type UpdateDatabaseBody = Static<typeof UpdateDatabaseBodyLegacy> & { parent?: Static<typeof DatabaseParent> };

export function updateDatabaseBody(v: ApiVersion): TSchema {
  if (!hasDataSources(v)) return UpdateDatabaseBodyLegacy;
  return hasArchived(v) ? UpdateDatabaseBody2025 : UpdateDatabaseBody2026;
}

export const CreateDataSourceBody = Strict({
  parent: Strict({ type: Type.Optional(Type.Literal('database_id')), database_id: Uuid }),
  properties: PropertiesCreateRequest,
  title: Type.Optional(RichTextRequest),
  icon: Type.Optional(IconRequest),
});
export type CreateDataSourceBody = Static<typeof CreateDataSourceBody>;

const updateDataSource = {
  title: Type.Optional(RichTextRequest),
  icon: Type.Optional(IconRequest),
  properties: Type.Optional(PropertiesUpdateRequest),
  in_trash: Type.Optional(Type.Boolean()),
  parent: Type.Optional(Strict({ type: Type.Optional(Type.Literal('database_id')), database_id: Uuid })),
};
const UpdateDataSourceBody2025 = Strict({ ...updateDataSource, archived: Type.Optional(Type.Boolean()) });
const UpdateDataSourceBody2026 = Strict(updateDataSource);
export type UpdateDataSourceBody = Static<typeof UpdateDataSourceBody2025>;
export const updateDataSourceBody = (v: ApiVersion): TSchema => (hasArchived(v) ? UpdateDataSourceBody2025 : UpdateDataSourceBody2026);
