import t from 'tap';
import { InvalidArgumentError } from '../../src/errors.js';
import {
  childText,
  findChild,
  findPath,
  parseXml,
  parseXmlFragment,
  renderXml,
  selectPath,
  xmlElement,
  xmlEqual,
} from '../../src/netconf/xml.js';

const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';

t.test('elements are identified by namespace, not prefix', async (t) => {
  const prefixed = parseXml(`<nc:rpc xmlns:nc="${NC}" message-id="7"><nc:get/></nc:rpc>`);
  const plain = parseXml(`<rpc xmlns="${NC}" message-id="7"><get/></rpc>`);
  t.equal(prefixed.name, 'rpc');
  t.equal(prefixed.ns, NC);
  t.equal(findChild(prefixed, 'get', NC)?.ns, NC);
  t.same(prefixed.prefixes, { nc: NC }, 'declared prefixes are kept');
  t.same(plain.prefixes, {}, 'a default namespace declaration is not a prefix');
  t.ok(xmlEqual({ ...prefixed, prefixes: {} }, plain), 'same tree either way');
});

t.test('attributes keep their namespace; xmlns declarations are not attributes', async (t) => {
  const node = parseXml(`<config xmlns:xc="${NC}"><a xmlns="urn:a" xc:operation="delete" plain="1"/></config>`);
  const a = node.children[0];
  t.same(a?.attributes, [
    { name: 'operation', ns: NC, value: 'delete' },
    { name: 'plain', ns: '', value: '1' },
  ]);
  t.equal(a?.ns, 'urn:a');
});

t.test('text: leaf values kept as is, whitespace between elements dropped, entities and CDATA decoded', async (t) => {
  const node = parseXml('<a>\n  <b> x&amp;y </b>\n  <c><![CDATA[<raw>]]></c>\n</a>');
  t.equal(node.text, '');
  t.equal(childText(node, 'b'), ' x&y ');
  t.equal(childText(node, 'c'), '<raw>');
  t.equal(parseXml('<a>é中😀</a>').text, 'é中😀');
});

t.test('fragments: several siblings, an XML declaration, none', async (t) => {
  const nodes = parseXmlFragment('<?xml version="1.0" encoding="UTF-8"?><a xmlns="urn:a"/><b xmlns="urn:b"/>');
  t.same(nodes.map((n) => `${n.ns}|${n.name}`), ['urn:a|a', 'urn:b|b']);
  t.same(parseXmlFragment('  '), []);
});

const BAD: Array<[string, string, RegExp]> = [
  ['unclosed element', '<a><b></a>', /not well-formed/],
  ['unbound prefix', '<p:a/>', /not well-formed: Unbound namespace prefix/],
  ['DTD (entity expansion risk)', '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', /document type declarations are not allowed/],
  ['unknown entity', '<a>&nope;</a>', /not well-formed/],
  ['text outside elements', 'junk<a/>', /text outside of any element/],
  ['two roots for a document', '<a/><b/>', /expected one root element, found 2/],
  ['nothing', '', /no element found/],
  ['declaration not at the start', '<a/><?xml version="1.0"?>', /misplaced XML declaration/],
];

t.test('bad XML is an InvalidArgumentError naming what was wrong', async (t) => {
  for (const [name, text, message] of BAD) {
    t.throws(() => parseXml(text, 'test XML'), message, name);
    try {
      parseXml(text, 'test XML');
    } catch (error) {
      t.type(error, InvalidArgumentError, `${name}: typed`);
      t.match((error as Error).message, /^invalid test XML: /);
    }
  }
});

t.test('rendering: default namespaces, escaping, prefixed attributes, xml:lang', async (t) => {
  const tree = xmlElement('native', 'urn:native', [
    xmlElement('name', 'urn:native', 'a<b & "c" ]]>]]>'),
    xmlElement('call-home', 'urn:ch', {
      attributes: [
        { name: 'operation', ns: NC, value: 'replace' },
        { name: 'lang', ns: 'http://www.w3.org/XML/1998/namespace', value: 'en' },
      ],
    }),
  ]);
  const xml = renderXml(tree);
  t.equal(
    xml,
    '<native xmlns="urn:native"><name>a&lt;b &amp; "c" ]]&gt;]]&gt;</name>' +
      `<call-home xmlns="urn:ch" xmlns:nc="${NC}" nc:operation="replace" xml:lang="en"/></native>`,
  );
  t.ok(xmlEqual(parseXml(xml), tree), 'round trip');
  t.equal(renderXml(xmlElement('a', 'urn:a'), { declaration: true }), '<?xml version="1.0" encoding="UTF-8"?><a xmlns="urn:a"/>');
  t.equal(renderXml(xmlElement('a', 'urn:a'), { parentNs: 'urn:a' }), '<a/>', 'no redundant declaration inside a parent of the same namespace');
});

t.test('rendering keeps declared prefixes so prefixed values still resolve', async (t) => {
  const filter = parseXml(`<filter xmlns="${NC}" xmlns:ios="urn:native" type="xpath" select="/ios:native/ios:ip"/>`);
  const again = parseXml(renderXml(filter));
  t.same(again.prefixes, { ios: 'urn:native' });
  t.equal(again.attributes.find((a) => a.name === 'select')?.value, '/ios:native/ios:ip');
});

t.test('rendering groups same-named siblings at their first position (xml2js object model)', async (t) => {
  const node = xmlElement('p', 'urn:p', [
    xmlElement('a', 'urn:p', '1'),
    xmlElement('b', 'urn:p', '2'),
    xmlElement('a', 'urn:p', '3'),
  ]);
  t.equal(renderXml(node), '<p xmlns="urn:p"><a>1</a><a>3</a><b>2</b></p>');
});

t.test('invalid characters cannot be rendered', async (t) => {
  t.throws(() => renderXml(xmlElement('a', 'urn:a', 'bad\u0001')), InvalidArgumentError);
});

t.test('selectPath follows local names', async (t) => {
  const data = parseXmlFragment('<native xmlns="urn:n"><ip><domain><name>a.example</name></domain></ip></native><other xmlns="urn:o"/>');
  t.same(selectPath(data, ['native', 'ip', 'domain', 'name']).map((n) => n.text), ['a.example']);
  t.same(selectPath(data, ['native', 'ip'], 'urn:other'), []);
});

t.test('findPath follows first children by local name; undefined where a step is missing or there is no start', async (t) => {
  const native = parseXml('<native xmlns="urn:n"><ip><domain><name>a.example</name></domain><domain><name>b</name></domain></ip></native>');
  t.equal(findPath(native, 'ip', 'domain', 'name')?.text, 'a.example', 'the first domain');
  t.equal(findPath(native), native, 'no names: the node itself');
  t.equal(findPath(native, 'ip', 'nope', 'name'), undefined);
  t.equal(findPath(undefined, 'ip'), undefined);
});
