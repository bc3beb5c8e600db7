// Files: uploads to POST /v1/files with the bearer token (XMLHttpRequest, for its upload
// progress), and signed links for showing them. A browser cannot send the token from an <img>
// or a download link, and a token in a URL would outlive the page in history and logs, so each
// file is shown through a short-lived link the node signs for this user. The links are URLs of
// this page's origin (any node serves any file), so the page's policy (img-src 'self') allows them.
import { ApiError } from './api.js';

// Ask for a new link this long before the old one expires, so a click never meets a dead one.
const LINK_MARGIN_MS = 30_000;
const links = new Map();

/** Uploads `file` for `channelId`; `onProgress(fraction)` as bytes go out. Resolves to the file's record. */
export async function uploadFile(auth, channelId, file, onProgress) {
  const token = await auth.accessToken();
  const query = new URLSearchParams({ channelId, name: file.name || 'pasted' });
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `${auth.node}/v1/files?${query}`);
    request.setRequestHeader('Authorization', `Bearer ${token}`);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => {
      let data = {};
      try {
        data = JSON.parse(request.responseText);
      } catch {
        // not JSON: the status says enough
      }
      if (request.status === 201) resolve(data.file);
      else reject(new ApiError(request.status, data.code || 'internal', data.message || `upload failed (${request.status})`));
    };
    request.onerror = () => reject(new ApiError(0, 'unavailable', 'the upload could not reach the server'));
    request.send(file);
  });
}

/** Takes back an uploaded file no post uses, so it stops counting against the quota. */
export async function discardFile(auth, fileId) {
  const response = await fetch(`${auth.node}/v1/files/${encodeURIComponent(fileId)}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${await auth.accessToken()}` },
  });
  if (!response.ok && response.status !== 404) {
    const data = await response.json().catch(() => ({}));
    throw new ApiError(response.status, data.code || 'internal', data.message || response.statusText);
  }
}

/** The file's link if one is known and not about to expire, else null: for building rows at once. */
export function knownLink(fileId) {
  const known = links.get(fileId);
  return known && known.expiresAt - LINK_MARGIN_MS > Date.now() ? known : null;
}

/** A signed link to the file (and its thumbnail), reused until shortly before it expires. */
export async function fileLink(auth, fileId) {
  const known = knownLink(fileId);
  if (known) {
    return known;
  }
  const response = await fetch(`${auth.node}/v1/files/${encodeURIComponent(fileId)}/link`, {
    headers: { Authorization: `Bearer ${await auth.accessToken()}` },
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(response.status, data.code || 'internal', data.message || response.statusText);
  }
  links.set(fileId, data);
  return data;
}

/** "2.4 MiB" */
export function fileSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
