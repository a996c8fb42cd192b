// The event types Notion sends and which of them it aggregates
// (https://developers.notion.com/reference/webhooks-events-delivery), and the retry schedule.

export const EVENT_TYPES = [
  'page.created',
  'page.content_updated',
  'page.properties_updated',
  'page.moved',
  'page.deleted',
  'page.undeleted',
  'page.locked',
  'page.unlocked',
  'page.permissions_updated',
  'page.transcription_block.transcript_deleted',
  'database.created',
  'database.content_updated',
  'database.schema_updated',
  'database.moved',
  'database.deleted',
  'database.undeleted',
  'data_source.created',
  'data_source.content_updated',
  'data_source.schema_updated',
  'data_source.moved',
  'data_source.deleted',
  'data_source.undeleted',
  'comment.created',
  'comment.updated',
  'comment.deleted',
  'file_upload.created',
  'file_upload.completed',
  'file_upload.expired',
  'file_upload.upload_failed',
  'view.created',
  'view.updated',
  'view.deleted',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export const isEventType = (value: string): value is EventType => (EVENT_TYPES as readonly string[]).includes(value);

const AGGREGATED = /^(page\.(created|content_updated|properties_updated|moved|deleted|undeleted)|database\.|data_source\.)/;

/** Types Notion batches per entity over a short window ("Agg." in its table of events). */
export const isAggregated = (type: string): boolean => AGGREGATED.test(type);

/** Versions a subscription's payloads may be rendered for. */
export const WEBHOOK_API_VERSIONS = ['2022-06-28', '2025-09-03', '2026-03-11'] as const;
export type WebhookApiVersion = (typeof WEBHOOK_API_VERSIONS)[number];
export const DEFAULT_WEBHOOK_API_VERSION: WebhookApiVersion = '2025-09-03';

/** Delivery attempts in all, attempt_number 1 to 8. */
export const MAX_ATTEMPTS = 8;

/**
 * Seconds to wait after each failed attempt. Notion retries "up to 8 times with exponential
 * backoff", the last attempt about 24 hours after the event: these seven waits add up to 23.7
 * hours (docs/decisions.md, "Webhooks").
 */
export const RETRY_DELAYS_S = [60, 180, 600, 1800, 5400, 16_200, 61_200] as const;
