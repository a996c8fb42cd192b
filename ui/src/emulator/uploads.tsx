import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { Json, Panel, Status, time, useLoad } from './shared.js';

interface FileUpload {
  id: string;
  created_time: string;
  expiry_time: string | null;
  status: string;
  filename: string | null;
  content_type: string | null;
  content_length: number | null;
}

/** File uploads as the workspace's owner sees them through GET /v1/file_uploads. */
export function UploadsPanel() {
  const uploads = useLoad(() => api<{ results: FileUpload[] }>('GET', '/file_uploads?page_size=100'));
  const [open, setOpen] = useState<string | null>(null);
  const detail = useLoad(async () => (open === null ? null : api<unknown>('GET', `/file_uploads/${open}`)), [open]);
  return (
    <Panel title="File uploads">
      <Status error={uploads.error} />
      <button type="button" onClick={uploads.reload}>
        Refresh
      </button>
      <table>
        <caption class="visually-hidden">File uploads</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Status</th>
            <th scope="col">Type</th>
            <th scope="col">Size</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
          </tr>
        </thead>
        <tbody>
          {uploads.data?.results.length === 0 && (
            <tr>
              <td colSpan={6}>No file uploads.</td>
            </tr>
          )}
          {uploads.data?.results.map((u) => (
            <tr key={u.id}>
              <td>
                <button type="button" class="link" aria-pressed={open === u.id} onClick={() => setOpen(open === u.id ? null : u.id)}>
                  {u.filename ?? u.id}
                </button>
              </td>
              <td>{u.status}</td>
              <td>{u.content_type ?? '—'}</td>
              <td>{u.content_length ?? '—'}</td>
              <td>{time(u.created_time)}</td>
              <td>{time(u.expiry_time) || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {detail.data !== undefined && detail.data !== null && <Json value={detail.data} label="File upload" />}
    </Panel>
  );
}
