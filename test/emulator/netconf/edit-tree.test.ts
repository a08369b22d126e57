import t from 'tap';
import { NetconfRpcError } from '../../../src/errors.js';
import { applyEditToTree, mergeTrees } from '../../../src/emulator/netconf/edit-tree.js';
import { SchemaIndex } from '../../../src/emulator/netconf/schema.js';
import { parseXmlFragment, renderXml } from '../../../src/netconf/xml.js';
import type { DefaultOperation, ErrorOption } from '../../../src/netconf/requests.js';

const N = 'urn:n';
const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const schema = new SchemaIndex({
  lists: { [`{${N}}top/tp`]: ['id'], [`{${N}}top/addr`]: ['type', 'dest'] },
  leafLists: [`{${N}}top/ns`],
});

const BASE = `<top xmlns="${N}"><name>r1</name><ns>1.1.1.1</ns><ns>2.2.2.2</ns><tp><id>A</id><rc>none</rc></tp><tp><id>B</id></tp><svc><active/></svc></top>`;

/** Writes `<top>` content with an nc prefix available for operation attributes. */
const cfg = (inner: string): string => `<top xmlns="${N}" xmlns:nc="${NC}">${inner}</top>`;
const out = (inner: string): string => `<top xmlns="${N}">${inner}</top>`;

interface Case {
  readonly name: string;
  readonly edit: string;
  readonly defaultOperation?: DefaultOperation;
  readonly expect?: string;
  readonly error?: { readonly tag: string; readonly path?: string };
}

const CASES: Case[] = [
  { name: 'merge sets a leaf', edit: cfg('<name>r2</name>'), expect: out('<name>r2</name><ns>1.1.1.1</ns><ns>2.2.2.2</ns><tp><id>A</id><rc>none</rc></tp><tp><id>B</id></tp><svc><active/></svc>') },
  { name: 'merge adds a leaf-list entry after its siblings; an existing one is kept once', edit: cfg('<ns>3.3.3.3</ns><ns>1.1.1.1</ns>'), expect: out('<name>r2</name>'.replace('r2', 'r1') + '<ns>1.1.1.1</ns><ns>2.2.2.2</ns><ns>3.3.3.3</ns><tp><id>A</id><rc>none</rc></tp><tp><id>B</id></tp><svc><active/></svc>') },
  { name: 'merge into a list entry by key', edit: cfg('<tp><id>B</id><rc>crl</rc></tp>'), expect: out('<name>r1</name><ns>1.1.1.1</ns><ns>2.2.2.2</ns><tp><id>A</id><rc>none</rc></tp><tp><id>B</id><rc>crl</rc></tp><svc><active/></svc>') },
  { name: 'new list entry: keys first, after the other entries', edit: cfg('<tp><rc>none</rc><id>C</id></tp>'), expect: out('<name>r1</name><ns>1.1.1.1</ns><ns>2.2.2.2</ns><tp><id>A</id><rc>none</rc></tp><tp><id>B</id></tp><tp><id>C</id><rc>none</rc></tp><svc><active/></svc>') },
  { name: 'an empty element merged onto a container changes nothing', edit: cfg('<svc/>'), expect: BASE },
  { name: 'create a new entry', edit: cfg('<tp nc:operation="create"><id>C</id></tp>'), expect: out('<name>r1</name><ns>1.1.1.1</ns><ns>2.2.2.2</ns><tp><id>A</id><rc>none</rc></tp><tp><id>B</id></tp><tp><id>C</id></tp><svc><active/></svc>') },
  { name: 'create an existing entry → data-exists', edit: cfg('<tp nc:operation="create"><id>A</id></tp>'), error: { tag: 'data-exists', path: "/top/tp[id='A']" } },
  { name: 'delete an entry', edit: cfg('<tp nc:operation="delete"><id>A</id></tp>'), expect: out('<name>r1</name><ns>1.1.1.1</ns><ns>2.2.2.2</ns><tp><id>B</id></tp><svc><active/></svc>') },
  { name: 'delete a missing entry → data-missing', edit: cfg('<tp nc:operation="delete"><id>Z</id></tp>'), error: { tag: 'data-missing', path: "/top/tp[id='Z']" } },
  { name: 'delete a leaf-list value', edit: cfg('<ns nc:operation="delete">2.2.2.2</ns>'), expect: out('<name>r1</name><ns>1.1.1.1</ns><tp><id>A</id><rc>none</rc></tp><tp><id>B</id></tp><svc><active/></svc>') },
  { name: 'delete a missing leaf-list value → data-missing', edit: cfg('<ns nc:operation="delete">9.9.9.9</ns>'), error: { tag: 'data-missing', path: "/top/ns[.='9.9.9.9']" } },
  { name: 'remove a missing leaf is fine', edit: cfg('<domain nc:operation="remove"/>'), expect: BASE },
  { name: 'remove a leaf', edit: cfg('<name nc:operation="remove"/>'), expect: out('<ns>1.1.1.1</ns><ns>2.2.2.2</ns><tp><id>A</id><rc>none</rc></tp><tp><id>B</id></tp><svc><active/></svc>') },
  { name: 'replace a list entry drops its other children', edit: cfg('<tp nc:operation="replace"><id>A</id></tp>'), expect: out('<name>r1</name><ns>1.1.1.1</ns><ns>2.2.2.2</ns><tp><id>A</id></tp><tp><id>B</id></tp><svc><active/></svc>') },
  { name: 'default-operation replace replaces the whole top element', defaultOperation: 'replace', edit: cfg('<name>new</name>'), expect: out('<name>new</name>') },
  { name: 'default-operation none: nested merge creates', defaultOperation: 'none', edit: cfg('<tp><id>B</id><rc nc:operation="merge">ocsp</rc></tp>'), expect: out('<name>r1</name><ns>1.1.1.1</ns><ns>2.2.2.2</ns><tp><id>A</id><rc>none</rc></tp><tp><id>B</id><rc>ocsp</rc></tp><svc><active/></svc>') },
  { name: 'default-operation none: plain data for a missing node → data-missing', defaultOperation: 'none', edit: cfg('<domain>x</domain>'), error: { tag: 'data-missing', path: '/top/domain' } },
  { name: 'default-operation none: leaves an existing value alone', defaultOperation: 'none', edit: cfg('<name>ignored</name>'), expect: BASE },
  { name: 'default-operation none: parents created for a nested create', defaultOperation: 'none', edit: cfg('<tp><id>N</id><rc nc:operation="create">none</rc></tp>'), expect: out('<name>r1</name><ns>1.1.1.1</ns><ns>2.2.2.2</ns><tp><id>A</id><rc>none</rc></tp><tp><id>B</id></tp><tp><id>N</id><rc>none</rc></tp><svc><active/></svc>') },
  { name: 'list entry without its key → missing-element', edit: cfg('<tp><rc>none</rc></tp>'), error: { tag: 'missing-element' } },
  { name: 'unknown operation value → bad-attribute', edit: cfg('<name nc:operation="erase">x</name>'), error: { tag: 'bad-attribute', path: '/top/name' } },
  { name: 'delete inside a created node → data-missing', edit: cfg('<tp nc:operation="create"><id>Q</id><rc nc:operation="delete"/></tp>'), error: { tag: 'data-missing' } },
  { name: 'two-key list', edit: cfg('<addr><type>http</type><dest>https://a</dest></addr><addr><type>http</type><dest>https://a</dest><enable>true</enable></addr>'), expect: BASE.replace('</top>', '<addr><type>http</type><dest>https://a</dest><enable>true</enable></addr></top>') },
  { name: 'a new top-level element', edit: `<other xmlns="urn:o"><x>1</x></other>`, expect: BASE + '<other xmlns="urn:o"><x>1</x></other>' },
];

t.test('edit-config semantics on XML trees', async (t) => {
  const base = parseXmlFragment(BASE);
  for (const c of CASES) {
    const run = (): string =>
      renderXml(applyEditToTree(base, parseXmlFragment(c.edit), { schema, ...(c.defaultOperation ? { defaultOperation: c.defaultOperation } : {}) }).tree);
    if (c.error) {
      try {
        run();
        t.fail(`${c.name}: no error`);
      } catch (error) {
        t.type(error, NetconfRpcError, c.name);
        const e = (error as NetconfRpcError).errors[0];
        t.equal(e?.tag, c.error.tag, `${c.name}: tag`);
        t.equal(e?.type, c.error.tag === 'bad-attribute' ? 'protocol' : 'application', `${c.name}: type`);
        if (c.error.path) t.equal(e?.path, c.error.path, `${c.name}: path`);
      }
    } else {
      t.equal(run(), c.expect, c.name);
    }
  }
  t.equal(renderXml(base), BASE, 'the input tree is never modified');
});

t.test('stored nodes lose operation attributes', async (t) => {
  const { tree } = applyEditToTree([], parseXmlFragment(cfg('<name nc:operation="create">x</name>')), { schema });
  t.equal(renderXml(tree), out('<name>x</name>'));
});

t.test('continue-on-error applies what it can and reports every error', async (t) => {
  const errorOption: ErrorOption = 'continue-on-error';
  const result = applyEditToTree(
    parseXmlFragment(BASE),
    parseXmlFragment(cfg('<tp nc:operation="create"><id>A</id></tp><name>r9</name><tp nc:operation="delete"><id>Z</id></tp>')),
    { schema, errorOption },
  );
  t.same(result.errors.map((e) => e.tag), ['data-exists', 'data-missing']);
  t.match(renderXml(result.tree), /<name>r9<\/name>/);
});

t.test('without schema hints, an element with children is a container', async (t) => {
  const { tree } = applyEditToTree(parseXmlFragment(BASE), parseXmlFragment(cfg('<tp><id>B</id></tp>')));
  t.equal(renderXml(tree), BASE.replace('<tp><id>A</id><rc>none</rc></tp>', '<tp><id>B</id><rc>none</rc></tp>'), 'matched the first <tp> (hints matter for lists)');
});

t.test('mergeTrees adds state to config; keyless lists append', async (t) => {
  const state = new SchemaIndex({ lists: { [`{${N}}top/usage`]: [] }, leafLists: [] });
  const merged = mergeTrees(
    parseXmlFragment(`<top xmlns="${N}"><name>r1</name></top>`),
    parseXmlFragment(`<top xmlns="${N}"><state>ok</state><usage><t>a</t></usage><usage><t>a</t></usage></top>`),
    state,
  );
  t.equal(renderXml(merged), `<top xmlns="${N}"><name>r1</name><state>ok</state><usage><t>a</t></usage><usage><t>a</t></usage></top>`);
});
