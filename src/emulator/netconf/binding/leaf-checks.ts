/**
 * Value checks for the leaves a binding turns into configuration lines: the YANG type of the leaf and what the
 * device's CLI accepts at that position (a `WORD` has no blanks, an interface name has a known type). Every value
 * ends up in a CLI line, so none may hold a control character or `?` (the CLI's help key).
 * A check returns what is wrong (completing "<leaf> …"), or undefined.
 */
import { isHostname, isHttpUrl, isIpv4, isIpv6, resolveInterfaceType } from '../../device/cli/arg-types.js';

export type LeafCheck = (value: string) => string | undefined;

const UNSAFE = /[\u0000-\u001f\u007f?]/;

function safe(value: string): string | undefined {
  if (value === '') return 'is empty';
  return UNSAFE.test(value) ? `"${value}" holds a control character or "?"` : undefined;
}

/** A `WORD`: no blanks, `min`..`max` characters. */
export function word(min = 1, max = 255): LeafCheck {
  return (v) => safe(v) ?? (/\s|"/.test(v) ? `"${v}" must be one word (no blanks or quotes)` : v.length < min || v.length > max ? `"${v}" must be ${min}..${max} characters` : undefined);
}

/** A `LINE`: blanks allowed, `max` characters. */
export function text(max = 255): LeafCheck {
  return (v) => safe(v) ?? (v.length > max ? `is longer than ${max} characters` : undefined);
}

export const ipAddress: LeafCheck = (v) => safe(v) ?? (isIpv4(v) || isIpv6(v) ? undefined : `"${v}" is not an IPv4 or IPv6 address`);

export const host: LeafCheck = (v) => safe(v) ?? (isIpv4(v) || isIpv6(v) || isHostname(v) ? undefined : `"${v}" is not a host name or IP address`);

/** An http:// or https:// URL of 8..200 characters (the call-home `http-address` type). */
export const httpUrl: LeafCheck = (v) =>
  safe(v) ?? (v.length < 8 || v.length > 200 ? `"${v}" must be 8..200 characters` : isHttpUrl(v) && !/\s/.test(v) ? undefined : `"${v}" is not an http:// or https:// URL`);

export const email: LeafCheck = (v) => safe(v) ?? (v.length <= 200 && /^[^\s@"]+@[^\s@"]+$/.test(v) ? undefined : `"${v}" is not an e-mail address`);

/** An interface name of the platform (`GigabitEthernet0/0/0`, `MgmtEth0/RP0/CPU0/0`, `Loopback0`). */
export function interfaceName(types: readonly string[]): LeafCheck {
  return (v) => {
    const unsafe = safe(v);
    if (unsafe !== undefined) return unsafe;
    const m = /^([A-Za-z][A-Za-z-]*?)(\d[\w/]*(?:\.\d+)?)$/.exec(v);
    return m !== null && resolveInterfaceType(m[1] ?? '', types) !== null ? undefined : `"${v}" is not an interface name of this device`;
  };
}

export function uint(min: number, max: number): LeafCheck {
  return (v) => (/^\d{1,10}$/.test(v) && Number(v) >= min && Number(v) <= max ? undefined : `"${v}" is not an integer in ${min}..${max}`);
}

export function enumeration(values: readonly string[]): LeafCheck {
  return (v) => (values.includes(v) ? undefined : `"${v}" is not one of ${values.join(', ')}`);
}
