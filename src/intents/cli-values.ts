/**
 * Pure checks of the values an intent puts into CLI lines. Each returns null when the value is fine, or a sentence
 * saying what was expected. A newline would start a second command, `?` makes IOS print help instead of running
 * the line, and control characters edit the line (Ctrl-U, Ctrl-Z), so none of them may reach a device.
 */
import { isIP } from 'node:net';

/** Newline, other control characters, `?`, and spaces where a single CLI word is expected. */
export function checkCliWord(value: string, maxLength: number): string | null {
  if (/[\r\n]/.test(value)) return 'must not contain a line break';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(value)) return 'must not contain control characters';
  if (value.includes('?')) return 'must not contain "?" (the device reads it as a help request)';
  if (value.length === 0) return 'must not be empty';
  if (/\s/.test(value)) return 'must not contain spaces';
  if (value.length > maxLength) return `must be at most ${maxLength} characters`;
  return null;
}

function withWord(value: string, maxLength: number, check: () => string | null): string | null {
  return checkCliWord(value, maxLength) ?? check();
}

/** An IPv4 or IPv6 address without a zone (`fe80::1%eth0` is refused). */
export function checkIpAddress(value: string): string | null {
  return withWord(value, 45, () => (isIP(value) === 0 || value.includes('%') ? 'must be an IPv4 or IPv6 address (without a zone)' : null));
}

const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** A DNS name (RFC 1123 labels). */
export function checkHostName(value: string): string | null {
  return withWord(value, 253, () => {
    const name = value.endsWith('.') ? value.slice(0, -1) : value;
    if (name.length === 0 || !name.split('.').every((label) => LABEL.test(label))) {
      return 'must be a host name (letters, digits and "-" in dot-separated labels of up to 63 characters)';
    }
    if (/^[0-9.]+$/.test(name)) return 'must be a host name or a valid IP address';
    return null;
  });
}

/** An IP address or a host name. */
export function checkHost(value: string): string | null {
  const word = checkCliWord(value, 253);
  if (word !== null) return word;
  if (isIP(value) !== 0) return null;
  return checkHostName(value) === null ? null : 'must be an IP address or a host name';
}

export function checkPort(value: number): string | null {
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? null : 'must be a port number from 1 to 65535';
}

/** An `http://` or `https://` URL to a host (name or address), without credentials, query or fragment. */
export function checkHttpUrl(value: string): string | null {
  return withWord(value, 200, () => {
    if (!/^https?:\/\//i.test(value)) return 'must start with http:// or https://';
    // RFC 3986 characters only, without those a CLI line or an XML document could read otherwise (`|`, `;`, `&`,
    // quotes, `<`); a non-ASCII host or path must be given punycoded / percent-encoded.
    if (!/^[A-Za-z0-9._~:/[\]@%=+,-]+$/.test(value)) return 'must hold only URL characters (letters, digits and - . _ ~ : / [ ] @ % = + ,); percent-encode anything else';
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return 'must be a valid URL';
    }
    if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
    if (value.includes('#')) return 'must not have a fragment (#…)';
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (host === '') return 'must name a host';
    if (isIP(host) === 0 && checkHostName(host) !== null) return `has an invalid host "${host}"`;
    return null;
  });
}

/** An e-mail address: up to 200 characters, no spaces (001:273). */
export function checkEmail(value: string): string | null {
  return withWord(value, 200, () => {
    const at = value.lastIndexOf('@');
    if (at <= 0 || value.indexOf('@') !== at) return 'must be an e-mail address (local@domain)';
    const domain = value.slice(at + 1);
    return checkHostName(domain) === null || isIP(domain.replace(/^\[(.*)\]$/, '$1')) !== 0 ? null : `has an invalid domain "${domain}"`;
  });
}

/** An interface name such as `Vlan100`, `GigabitEthernet0/0/0/1`, `MgmtEth0/RP0/CPU0/0`. */
export function checkInterfaceName(value: string): string | null {
  return withWord(value, 64, () =>
    /^[A-Za-z][A-Za-z0-9._/:-]*$/.test(value) && /\d/.test(value) ? null : 'must be an interface name such as Vlan100 or GigabitEthernet0/0/0',
  );
}

/** VRF, call-home profile and trustpoint names: letters, digits, `_`, `.`, `-`. */
export function checkName(value: string, maxLength: number): string | null {
  return withWord(value, maxLength, () => (/^[A-Za-z0-9_.-]+$/.test(value) ? null : 'must hold only letters, digits, "_", "." or "-"'));
}
