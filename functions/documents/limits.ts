// How large an uploaded house template may be: checked by the API before the template is read, and by
// house-template.ts when it is.

/**
 * Largest template accepted, in bytes. On AWS the HTTP API hands a binary body to Lambda base64-encoded (4/3 of its
 * size) inside a JSON event, and a Lambda's request payload is at most 6 MB: 4 MB leaves room for both, so a
 * template the API accepts locally is one it accepts deployed.
 */
export const MAX_TEMPLATE_BYTES = 4 * 1024 * 1024;
