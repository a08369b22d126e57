/**
 * ID (registration) tokens as typed after `license smart register idtoken`. The seeds show them as URL-escaped
 * base64 text (`…%0A…%3D%0A`, 000:457-459; 001:417 even carries a `$`), wrapped in the documents only by the page
 * width: on the device the token is one word. Checked before anything is sent; the error says what is wrong with
 * the token, never what it is.
 */
import { InvalidArgumentError } from '../errors.js';
import { isSecret, toSecret, type Secret } from '../secret.js';

/** Shorter than any token CSSM issues (real ones are 80-200 characters). */
export const ID_TOKEN_MIN_LENGTH = 16;
/** Far longer than any token CSSM issues, short enough for one IOS command line. */
export const ID_TOKEN_MAX_LENGTH = 1024;

/**
 * Base64 (`+`, `/`, `=`), its URL-safe form (`-`, `_`), URL escapes (`%0A`, `%3D`) and the `$` of 001:417. Anything
 * else (`|`, `;`, `&`, `<`, quotes) is no part of a token and is refused rather than typed on a device or put in XML.
 */
const TOKEN_CHARACTERS = /^[A-Za-z0-9+/=%$_.-]+$/;

/** Why a token cannot be typed on a device, or null when it can. */
export function idTokenProblem(value: string): string | null {
  if (value.length === 0) return 'is empty';
  if (/[\r\n]/.test(value)) return 'contains a line break (a token is one word; copy it again without the line breaks)';
  if (/\s/.test(value)) return 'contains whitespace (a token is one word)';
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'contains a control character';
  if (value.includes('?')) return 'contains "?" (IOS would answer it with command help instead of taking the token)';
  if (/[^\u0021-\u007e]/.test(value)) return 'contains a character outside printable ASCII';
  if (!TOKEN_CHARACTERS.test(value)) return 'contains a character no ID token has (tokens are base64 text, URL-escaped: letters, digits, "+", "/", "=", "%", "$", "-", "_", ".")';
  if (value.length < ID_TOKEN_MIN_LENGTH) return `is too short (${value.length} characters; tokens have at least ${ID_TOKEN_MIN_LENGTH})`;
  if (value.length > ID_TOKEN_MAX_LENGTH) return `is too long (${value.length} characters; at most ${ID_TOKEN_MAX_LENGTH})`;
  return null;
}

/**
 * Checks that the token can be typed on a device and wraps it as a `Secret` (so every later log line, error and
 * report has it scrubbed). Throws `InvalidArgumentError` (`E_INVALID_ARGUMENT`, argument `idToken`) otherwise.
 */
export function validateIdToken(token: Secret | string, options: { readonly host?: string; readonly argument?: string } = {}): Secret {
  if (typeof token !== 'string' && !isSecret(token)) {
    throw new InvalidArgumentError(options.argument ?? 'idToken', 'must be a string or a Secret', options.host === undefined ? {} : { host: options.host });
  }
  // Checked before wrapping: a plain string that is no token (`abc`) must not join the redaction registry.
  const problem = idTokenProblem(isSecret(token) ? token.reveal() : token);
  if (problem !== null) {
    throw new InvalidArgumentError(options.argument ?? 'idToken', `the ID token ${problem}`, options.host === undefined ? {} : { host: options.host });
  }
  return toSecret(token);
}
