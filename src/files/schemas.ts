// Request shapes of the /v1/file_uploads endpoints (https://developers.notion.com/reference/create-a-file-upload).
import { Type, type Static } from '@sinclair/typebox';
import { Enum, Strict, Uuid } from '../schemas/common.js';

export const FILE_UPLOAD_MODES = ['single_part', 'multi_part', 'external_url'] as const;
export const FILE_UPLOAD_STATUSES = ['pending', 'uploaded', 'expired', 'failed'] as const;

export const FileUploadIdParams = Strict({ file_upload_id: Uuid });

export const CreateFileUploadBody = Strict({
  mode: Type.Optional(Enum(FILE_UPLOAD_MODES)),
  filename: Type.Optional(Type.String()),
  content_type: Type.Optional(Type.String()),
  number_of_parts: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  external_url: Type.Optional(Type.String()),
});
export type CreateFileUploadBody = Static<typeof CreateFileUploadBody>;

export const ListFileUploadsQuery = Strict({
  status: Type.Optional(Enum(FILE_UPLOAD_STATUSES)),
  start_cursor: Type.Optional(Type.String()),
  page_size: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
});
export type ListFileUploadsQuery = Static<typeof ListFileUploadsQuery>;
