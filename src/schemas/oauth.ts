// Bodies of the OAuth token endpoints (https://developers.notion.com/reference/create-a-token,
// https://developers.notion.com/reference/refresh-a-token, introspect and revoke). Client
// credentials may also come in the body (client_id, client_secret), so other keys are let through.
import { Type, type Static } from '@sinclair/typebox';

const Credentials = {
  client_id: Type.Optional(Type.String()),
  client_secret: Type.Optional(Type.String()),
};

export const GrantTypeBody = Type.Object({ grant_type: Type.Optional(Type.Unknown()), ...Credentials });

export const AuthorizationCodeBody = Type.Object({
  grant_type: Type.Literal('authorization_code'),
  code: Type.String(),
  redirect_uri: Type.Optional(Type.String()),
  // For link preview integrations; kept by nothing here.
  external_account: Type.Optional(Type.Object({ key: Type.String(), name: Type.String() })),
  ...Credentials,
});

export const RefreshTokenBody = Type.Object({
  grant_type: Type.Literal('refresh_token'),
  refresh_token: Type.String(),
  ...Credentials,
});

export const TokenBody = Type.Object({ token: Type.String(), ...Credentials });

export type AuthorizationCodeBody = Static<typeof AuthorizationCodeBody>;
export type RefreshTokenBody = Static<typeof RefreshTokenBody>;
