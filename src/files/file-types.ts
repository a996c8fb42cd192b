// The file types Notion accepts for upload, extension to MIME type
// (https://developers.notion.com/docs/working-with-files-and-media#supported-file-types).
const TYPES: Record<string, readonly string[]> = {
  // Audio
  aac: ['audio/aac'],
  adts: ['audio/aac'],
  mid: ['audio/midi'],
  midi: ['audio/midi'],
  mp3: ['audio/mpeg'],
  mpga: ['audio/mpeg'],
  m4a: ['audio/mp4'],
  m4b: ['audio/mp4'],
  oga: ['audio/ogg'],
  ogg: ['audio/ogg'],
  wav: ['audio/wav'],
  wma: ['audio/x-ms-wma'],
  // Documents
  pdf: ['application/pdf'],
  txt: ['text/plain'],
  json: ['application/json'],
  doc: ['application/msword'],
  dot: ['application/msword'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  dotx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.template'],
  xls: ['application/vnd.ms-excel'],
  xlt: ['application/vnd.ms-excel'],
  xla: ['application/vnd.ms-excel'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  xltx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.template'],
  ppt: ['application/vnd.ms-powerpoint'],
  pot: ['application/vnd.ms-powerpoint'],
  pps: ['application/vnd.ms-powerpoint'],
  ppa: ['application/vnd.ms-powerpoint'],
  pptx: ['application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  potx: ['application/vnd.openxmlformats-officedocument.presentationml.template'],
  // Images
  gif: ['image/gif'],
  heic: ['image/heic'],
  ico: ['image/vnd.microsoft.icon'],
  jpeg: ['image/jpeg'],
  jpg: ['image/jpeg'],
  png: ['image/png'],
  svg: ['image/svg+xml'],
  tif: ['image/tiff'],
  tiff: ['image/tiff'],
  webp: ['image/webp'],
  // Video (mp4 is also an audio container: both types are accepted)
  amv: ['video/x-amv'],
  asf: ['video/x-ms-asf'],
  avi: ['video/x-msvideo'],
  f4v: ['video/x-f4v'],
  flv: ['video/x-flv'],
  gifv: ['video/mp4'],
  m4v: ['video/mp4'],
  mkv: ['video/x-matroska'],
  mov: ['video/quicktime'],
  mp4: ['video/mp4', 'audio/mp4'],
  mpeg: ['video/mpeg'],
  qt: ['video/quicktime'],
  webm: ['video/webm'],
  wmv: ['video/x-ms-wmv'],
};

/** The lower-case extension of a file name, without the dot; undefined when it has none. */
export function extensionOf(filename: string): string | undefined {
  const dot = filename.lastIndexOf('.');
  return dot > 0 && dot < filename.length - 1 ? filename.slice(dot + 1).toLowerCase() : undefined;
}

/** A MIME type without parameters, lower-case (`text/plain; charset=utf-8` is `text/plain`). */
export const essenceOf = (contentType: string): string => contentType.split(';')[0]!.trim().toLowerCase();

/** The MIME type of a supported extension. */
export const typeOfExtension = (extension: string): string | undefined => TYPES[extension]?.[0];

/** The first extension that names a supported MIME type. */
export function extensionOfType(contentType: string): string | undefined {
  const essence = essenceOf(contentType);
  return Object.keys(TYPES).find((ext) => TYPES[ext]!.includes(essence));
}

/** Whether the extension is a supported one and, if a type is given, names that type. */
export function typeMatches(extension: string, contentType: string): boolean {
  return TYPES[extension]?.includes(essenceOf(contentType)) ?? false;
}

export const isSupportedType = (contentType: string): boolean => extensionOfType(contentType) !== undefined;
