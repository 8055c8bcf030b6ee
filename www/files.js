// Opening a text file: which files are taken and how their bytes become text.

/** The largest file opened (bytes); analyzing 1 MB takes about a second, long texts are analysed in chunks. */
export const MAX_FILE_BYTES = 20_000_000;

/** A .txt file, or any file the browser says is text. */
export function isTextFile(file) {
  return /\.(txt|text)$/i.test(file.name) || /^text\//.test(file.type);
}

/**
 * The text of a file's bytes: UTF-8 or UTF-16 when it starts with a byte-order
 * mark, else UTF-8 if the bytes are valid UTF-8, else Windows-1256 (the Arabic
 * Windows code page old Persian text files use). null for bytes with a NUL
 * character (not text).
 * @param {ArrayBuffer} buffer
 * @returns {{text: string, encoding: string} | null}
 */
export function decodeText(buffer) {
  const b = new Uint8Array(buffer);
  let result;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    result = { text: new TextDecoder('utf-8').decode(b), encoding: 'UTF-8' };
  } else if (b[0] === 0xff && b[1] === 0xfe) {
    result = { text: new TextDecoder('utf-16le').decode(b), encoding: 'UTF-16LE' };
  } else if (b[0] === 0xfe && b[1] === 0xff) {
    result = { text: new TextDecoder('utf-16be').decode(b), encoding: 'UTF-16BE' };
  } else {
    try {
      result = { text: new TextDecoder('utf-8', { fatal: true }).decode(b), encoding: 'UTF-8' };
    } catch {
      result = { text: new TextDecoder('windows-1256').decode(b), encoding: 'Windows-1256' };
    }
  }
  return result.text.includes('\0') ? null : result;
}
