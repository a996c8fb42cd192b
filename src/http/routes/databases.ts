// /v1/databases and /v1/data_sources routes (spec 3.4, 3.5).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { presentDatabase, presentDataSource, presentLegacyDatabase } from '../../present/database.js';
import type { ApiVersion } from '../../present/version.js';
import { CreateDataSourceBody, createDatabaseBody, DatabaseIdParams, DataSourceIdParams, type CreateDatabaseBody } from '../../schemas/databases.js';
import { createDatabase, createDataSource, legacyDataSource, retrieveDatabase, retrieveDataSource, type DatabaseRecord } from '../../services/databases.js';
import { sendObject, viewOf } from '../app.js';
import { bodyOf, pathParams } from '../input.js';

const DATA_SOURCE_VERSIONS: readonly ApiVersion[] = ['2025-09-03', '2026-03-11'];

export function databaseRoutes(app: FastifyInstance, ctx: AppContext): void {
  const presentRecord = (record: DatabaseRecord, request: Parameters<typeof viewOf>[1]) => {
    const view = viewOf(ctx, request);
    if (view.version !== '2022-06-28') return presentDatabase(record.database, record.dataSources, view);
    return presentLegacyDatabase(record.database, legacyDataSource(record.database, record.dataSources), view);
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

  app.post('/data_sources', { config: { versions: DATA_SOURCE_VERSIONS } }, async (request, reply) => {
    const body = bodyOf(request, CreateDataSourceBody);
    const record = await createDataSource(ctx, request.actor, body);
    return sendObject(reply, presentDataSource(record.dataSource, record.database, viewOf(ctx, request)));
  });

  app.get('/data_sources/:data_source_id', { config: { versions: DATA_SOURCE_VERSIONS } }, async (request, reply) => {
    const { data_source_id } = pathParams(request, DataSourceIdParams);
    const record = await retrieveDataSource(ctx, request.actor, data_source_id);
    return sendObject(reply, presentDataSource(record.dataSource, record.database, viewOf(ctx, request)));
  });
}
