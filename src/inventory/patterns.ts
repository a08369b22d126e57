/**
 * Ansible-style host patterns, as network engineers already type them:
 * `all` / `*`, a host name, a group name, a glob (`cbr8-*`, `ncs?-1`), `~regex`, joined with `,`;
 * `!term` removes, `&term` intersects. A term that matches nothing is an error (a typo must not silently
 * select zero hosts). The result keeps inventory order.
 */
export type SelectResult = { readonly ok: true; readonly hosts: string[] } | { readonly ok: false; readonly error: string };

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

function expand(
  term: string,
  hosts: readonly string[],
  groups: Readonly<Record<string, readonly string[]>>,
): { ok: true; names: Set<string> } | { ok: false; error: string } {
  if (term === 'all' || term === '*') return { ok: true, names: new Set(hosts) };
  if (term in groups) return { ok: true, names: new Set(groups[term]) };
  if (hosts.includes(term)) return { ok: true, names: new Set([term]) };
  let re: RegExp;
  if (term.startsWith('~')) {
    try {
      re = new RegExp(term.slice(1));
    } catch {
      return { ok: false, error: `host pattern "${term}" is not a valid regular expression` };
    }
  } else if (/[*?]/.test(term)) {
    re = globToRegExp(term);
  } else {
    return { ok: false, error: `host pattern "${term}" matches no host or group` };
  }
  const names = new Set(hosts.filter((h) => re.test(h)));
  for (const [group, members] of Object.entries(groups)) if (re.test(group)) for (const m of members) names.add(m);
  if (names.size === 0) return { ok: false, error: `host pattern "${term}" matches no host or group` };
  return { ok: true, names };
}

export function selectHostNames(
  pattern: string,
  hosts: readonly string[],
  groups: Readonly<Record<string, readonly string[]>>,
): SelectResult {
  // Host and group names are printable ASCII: a control character or a non-ASCII one (TAB, BOM, a look-alike) is
  // a mistake that trimming would hide.
  if (/[^\x20-\x7e]/.test(pattern)) return { ok: false, error: `host pattern ${JSON.stringify(pattern.slice(0, 80))} holds a control or non-ASCII character` };
  const terms = pattern
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  if (terms.length === 0) return { ok: false, error: 'empty host pattern' };
  let selected = new Set<string>();
  const positives = terms.filter((t) => !t.startsWith('!') && !t.startsWith('&'));
  // A pattern of only exclusions/intersections starts from every host, as Ansible does.
  if (positives.length === 0) selected = new Set(hosts);
  for (const term of positives) {
    const r = expand(term, hosts, groups);
    if (!r.ok) return r;
    for (const n of r.names) selected.add(n);
  }
  for (const term of terms.filter((t) => t.startsWith('&'))) {
    const r = expand(term.slice(1), hosts, groups);
    if (!r.ok) return r;
    selected = new Set([...selected].filter((n) => r.names.has(n)));
  }
  for (const term of terms.filter((t) => t.startsWith('!'))) {
    const r = expand(term.slice(1), hosts, groups);
    if (!r.ok) return r;
    for (const n of r.names) selected.delete(n);
  }
  return { ok: true, hosts: hosts.filter((h) => selected.has(h)) };
}
