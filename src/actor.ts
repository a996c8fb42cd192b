// Who makes a request and what it may do: the integration (or personal access token) behind the bearer token and its
// capabilities (https://developers.notion.com/reference/capabilities). Types and constants only, so that every layer may name
// them; deciding who reaches what is services/access.ts.
export type UserInformation = 'none' | 'without_email' | 'with_email';

export interface Capabilities {
  read_content: boolean;
  update_content: boolean;
  insert_content: boolean;
  read_comments: boolean;
  insert_comments: boolean;
  user_information: UserInformation;
}

export const ALL_CAPABILITIES: Capabilities = {
  read_content: true,
  update_content: true,
  insert_content: true,
  read_comments: true,
  insert_comments: true,
  user_information: 'with_email',
};

export type ContentCapability = 'read_content' | 'update_content' | 'insert_content' | 'read_comments' | 'insert_comments';

/** The integration making a request, or the personal access token (kind `personal`). */
export interface Actor {
  integrationId: string;
  integrationName: string;
  kind: 'internal' | 'public' | 'personal';
  botId: string;
  ownerUserId: string | null;
  workspaceId: string;
  workspaceName: string;
  capabilities: Capabilities;
  /**
   * Whose grants decide what the caller reaches (`grants.integration_id`), two of them: an
   * integration's own id twice; for a personal access token its person, and the workspace when
   * the person is a member who sees the workspace's pages (docs/decisions.md, "Tokens, OAuth and
   * workspaces").
   */
  reach: readonly [string, string];
}
