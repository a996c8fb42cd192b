// Row types of the tables, as both engines store them: ids and timestamps as text (ISO-8601
// sorts as text), flags as 0/1 integers, structured values as JSON text.
import type { Generated } from 'kysely';

export interface WorkspaceRow {
  id: string;
  name: string;
  created_time: string;
  /** Largest file an upload may hold, in bytes; null: the server's setting. */
  max_file_upload_bytes?: number | null;
  /** The workspace's icon (a URL or an emoji), as the OAuth token response names it. */
  icon?: string | null;
}

export interface UserRow {
  id: string;
  workspace_id: string;
  type: 'person' | 'bot';
  name: string | null;
  avatar_url: string | null;
  email: string | null;
  created_time: string;
}

export interface IntegrationRow {
  id: string;
  workspace_id: string;
  bot_id: string;
  name: string;
  token: string;
  /** `personal`: a personal access token, acting as its owner (owner_user_id). */
  kind: 'internal' | 'public' | 'personal';
  owner_user_id: string | null;
  capabilities: string;
  created_time: string;
}

export interface GrantRow {
  /** Who was given the block: an integration, a person or a workspace (every member). */
  integration_id: string;
  block_id: string;
}

export interface BlockRow {
  id: string;
  workspace_id: string;
  type: string;
  parent_type: 'workspace' | 'page_id' | 'block_id' | 'database_id' | 'data_source_id';
  parent_id: string | null;
  position: number;
  content: string;
  /**
   * JSON whose meaning depends on the row: on a data source row its schema (the property list),
   * on a page row in a data source its values by property id, on any other page row its title
   * (`{title}`). Read it only through src/properties/row-properties.ts.
   */
  properties: string | null;
  title: string | null;
  icon: string | null;
  cover: string | null;
  in_trash: number;
  is_locked: number;
  created_time: string;
  created_by: string;
  last_edited_time: string;
  last_edited_by: string;
}

export interface PageValueRow {
  page_id: string;
  data_source_id: string;
  property_id: string;
  seq: number;
  txt: string | null;
  txt_lower: string | null;
  num: number | null;
  date_start: string | null;
  date_end: string | null;
  date_only: number | null;
  /** The page's created_time (which never changes): the order of ties in the value indexes (migration 0018). */
  page_created: string;
}

export interface CounterRow {
  key: string;
  value: number;
}

export interface MetaRow {
  key: string;
  value: string;
}

export interface CommentRow {
  id: string;
  workspace_id: string;
  parent_type: 'page_id' | 'block_id';
  parent_id: string;
  discussion_id: string;
  /** Rich text in response form (JSON). */
  rich_text: string;
  /** `{type, resolved_name}` (JSON). */
  display_name: string;
  /** `[{category, external: {url}}]` (JSON) of attached uploads, as internal links; null when none. */
  attachments?: string | null;
  created_by: string;
  created_time: string;
  last_edited_time: string;
}

export interface FileUploadRow {
  id: string;
  workspace_id: string;
  integration_id: string;
  /** The bot that created it. */
  created_by: string;
  /** Creation order, for listing newest first. */
  seq: number;
  mode: 'single_part' | 'multi_part' | 'external_url';
  status: 'pending' | 'uploaded' | 'expired' | 'failed';
  filename: string | null;
  content_type: string | null;
  content_length: number | null;
  number_of_parts: number | null;
  /** Distinct parts received (multi_part). */
  parts_sent: number;
  /** 1 once attached somewhere: the upload no longer expires. */
  attached: number;
  /** The address an `external_url` upload is imported from. */
  external_url: string | null;
  /** `file_import_result` (JSON) once an import finished. */
  import_result: string | null;
  created_time: string;
  last_edited_time: string;
  expiry_time: string | null;
}

/** One part of an upload's bytes, stored under `blob_key` (a single-part upload has part 1). */
export interface FilePartRow {
  upload_id: string;
  part_number: number;
  blob_key: string;
  size: number;
}

export interface FileChunkRow {
  blob_key: string;
  chunk: number;
  data: Uint8Array;
}

export interface CustomEmojiRow {
  id: string;
  workspace_id: string;
  name: string;
  url: string;
  created_time: string;
}

export interface RestrictedMemberRow {
  user_id: string;
}

/** A guest: a restricted person who is not a member, left out of users.list. */
export interface GuestRow {
  user_id: string;
}

export interface OAuthClientRow {
  id: string;
  name: string;
  secret: string;
  /** JSON array of the redirect URIs registered. */
  redirect_uris: string;
  /** JSON capabilities its installations get. */
  capabilities: string;
  created_time: string;
}

export interface OAuthCodeRow {
  code: string;
  client_id: string;
  user_id: string;
  workspace_id: string;
  /** JSON array of the page and database ids the person chose to share. */
  pages: string;
  /** The redirect_uri the authorization request named; null when it named none. */
  redirect_uri: string | null;
  expires_time: string;
  used_time: string | null;
}

export interface OAuthInstallationRow {
  integration_id: string;
  client_id: string;
  user_id: string;
  refresh_token: string;
  /** When its access token was issued (introspection's iat). */
  issued_time: string;
}

/** A view of a database (https://developers.notion.com/reference/view); JSON columns as sent. */
export interface ViewRow {
  id: string;
  workspace_id: string;
  database_id: string;
  data_source_id: string | null;
  dashboard_view_id: string | null;
  name: string;
  type: string;
  position: number;
  filter: string | null;
  sorts: string | null;
  quick_filters: string | null;
  configuration: string | null;
  created_time: string;
  created_by: string;
  last_edited_time: string;
  last_edited_by: string;
}

/** The result set of a view query, fixed when it was made. */
export interface ViewQueryRow {
  id: string;
  view_id: string;
  integration_id: string;
  /** JSON array of page ids, in order. */
  page_ids: string;
  incomplete: number;
  created_time: string;
  expires_at: string;
}

/** A template page of a data source. */
export interface TemplateRow {
  page_id: string;
  data_source_id: string;
  is_default: number;
}

export interface AsyncTaskRow {
  id: string;
  integration_id: string;
  operation: string;
  status: 'queued' | 'running' | 'retrying' | 'succeeded' | 'failed';
  created_time: string;
  input: string;
  result: string | null;
  error: string | null;
  /** 1 while the task waits for the emulator's controls to release it. */
  held: number;
}

/** Whether new async tasks are held, and the failure the next one is given (one row, id `tasks`). */
export interface AsyncTaskSettingsRow {
  id: string;
  holding: number;
  /** JSON of the forced failure, or null. */
  fail_next: string | null;
}

export interface Database {
  workspaces: WorkspaceRow;
  users: UserRow;
  integrations: IntegrationRow;
  grants: GrantRow;
  blocks: BlockRow;
  meta: MetaRow;
  counters: CounterRow;
  page_values: PageValueRow;
  comments: CommentRow;
  file_uploads: FileUploadRow;
  file_parts: FilePartRow;
  file_chunks: FileChunkRow;
  custom_emojis: CustomEmojiRow;
  restricted_members: RestrictedMemberRow;
  oauth_clients: OAuthClientRow;
  oauth_codes: OAuthCodeRow;
  oauth_installations: OAuthInstallationRow;
  views: ViewRow;
  view_queries: ViewQueryRow;
  templates: TemplateRow;
  async_tasks: AsyncTaskRow;
  async_task_settings: AsyncTaskSettingsRow;
  guests: GuestRow;
}

export type Seq = Generated<number>;
