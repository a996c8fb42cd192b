// /v1/databases and /v1/data_sources routes, https://developers.notion.com/reference/database and
// https://developers.notion.com/reference/data-source
import type { Routes } from '../route-table.js';
import type { AppContext } from '../../context.js';
import { presentDatabase, presentDataSource, presentLegacyDatabase } from '../../present/database.js';
import { DATA_SOURCE_VERSIONS, hasDataSources } from '../../api-version.js';
import {
  CreateDataSourceBody,
  createDatabaseBody,
  DatabaseIdParams,
  DataSourceIdParams,
  updateDatabaseBody,
  updateDataSourceBody,
  type CreateDatabaseBody,
  type UpdateDatabaseBody,
  type UpdateDataSourceBody,
} from '../../schemas/databases.js';
import { updateDatabase, updateDataSource } from '../../services/database-updates.js';
import { createDatabase, createDataSource, legacyDataSource, retrieveDatabase, retrieveDataSource, type DatabaseRecord } from '../../services/databases.js';
import { sendObject, viewOf } from '../reply.js';
import { bodyOf, pathParams } from '../input.js';

export function databaseRoutes(app: Routes, ctx: AppContext): void {
  const presentRecord = (record: DatabaseRecord, request: Parameters<typeof viewOf>[1]) => {
    const view = viewOf(ctx, request);
    if (hasDataSources(view.version)) return presentDatabase(record.database, record.dataSources, view);
    return presentLegacyDatabase(record.database, legacyDataSource(record.database, record.dataSources), view, record.visible);
  };

  app.post('/databases', async (request, reply) => {
    const body = bodyOf(request, createDatabaseBody(request.apiVersion)) as CreateDatabaseBody;
    const record = await createDatabase(ctx, request.actor, body, request.apiVersion);
    return sendObject(reply, presentRecord(record, request));
  });

  app.get('/databases/:database_id', async (request, reply) => {
    const { database_id } = pathParams(request, DatabaseIdParams);
    const record = await retrieveDatabase(ctx, request.actor, database_id);
    return sendObject(reply, presentRecord(record, request));
  });

  app.patch('/databases/:database_id', async (request, reply) => {
    const { database_id } = pathParams(request, DatabaseIdParams);
    const body = bodyOf(request, updateDatabaseBody(request.apiVersion)) as UpdateDatabaseBody;
    const record = await updateDatabase(ctx, request.actor, database_id, body, request.apiVersion);
    return sendObject(reply, presentRecord(record, request));
  });

  app.post('/data_sources', { config: { versions: DATA_SOURCE_VERSIONS } }, async (request, reply) => {
    const body = bodyOf(request, CreateDataSourceBody);
    const record = await createDataSource(ctx, request.actor, body);
    return sendObject(reply, presentDataSource(record.dataSource, record.database, viewOf(ctx, request), record.visible));
  });

  app.get('/data_sources/:data_source_id', { config: { versions: DATA_SOURCE_VERSIONS } }, async (request, reply) => {
    const { data_source_id } = pathParams(request, DataSourceIdParams);
    const record = await retrieveDataSource(ctx, request.actor, data_source_id);
    return sendObject(reply, presentDataSource(record.dataSource, record.database, viewOf(ctx, request), record.visible));
  });

  app.patch('/data_sources/:data_source_id', { config: { versions: DATA_SOURCE_VERSIONS } }, async (request, reply) => {
    const { data_source_id } = pathParams(request, DataSourceIdParams);
    const body = bodyOf(request, updateDataSourceBody(request.apiVersion)) as UpdateDataSourceBody;
    const record = await updateDataSource(ctx, request.actor, data_source_id, body);
    return sendObject(reply, presentDataSource(record.dataSource, record.database, viewOf(ctx, request), record.visible));
  });
}
