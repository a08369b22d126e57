import t from 'tap';
import { NetconfRpcError } from '../../../src/errors.js';
import { SchemaIndex } from '../../../src/emulator/netconf/schema.js';
import { applySubtreeFilter } from '../../../src/emulator/netconf/subtree-filter.js';
import { applyXPathFilter } from '../../../src/emulator/netconf/xpath-filter.js';
import { parseXmlFragment, renderXml } from '../../../src/netconf/xml.js';

// The data set of RFC 6241 §6.4 (users), plus a second module.
const T = 'http://example.com/schema/1.2/config';
const DATA = parseXmlFragment(`
<top xmlns="${T}">
  <users>
    <user><name>root</name><type>superuser</type><full-name>Charlie Root</full-name>
      <company-info><dept>1</dept><id>1</id></company-info></user>
    <user><name>fred</name><type>admin</type><full-name>Fred Flintstone</full-name>
      <company-info><dept>2</dept><id>2</id></company-info></user>
    <user><name>barney</name><type>admin</type><full-name>Barney Rubble</full-name>
      <company-info><dept>2</dept><id>3</id></company-info></user>
  </users>
  <groups><group><name>admin</name></group></groups>
</top>
<native xmlns="urn:native"><hostname>r1</hostname><ip><name-server>192.0.2.1</name-server><name-server>192.0.2.2</name-server></ip></native>`);

const schema = new SchemaIndex({ lists: { [`{${T}}top/users/user`]: ['name'], [`{${T}}top/groups/group`]: ['name'] }, leafLists: ['{urn:native}native/ip/name-server'] });

const user = (name: string, inner: string): string => `<user><name>${name}</name>${inner}</user>`;
const full = {
  root: user('root', '<type>superuser</type><full-name>Charlie Root</full-name><company-info><dept>1</dept><id>1</id></company-info>'),
  fred: user('fred', '<type>admin</type><full-name>Fred Flintstone</full-name><company-info><dept>2</dept><id>2</id></company-info>'),
  barney: user('barney', '<type>admin</type><full-name>Barney Rubble</full-name><company-info><dept>2</dept><id>3</id></company-info>'),
};

const SUBTREE: Array<[string, string, string]> = [
  ['empty filter selects nothing (§6.4.2)', '', ''],
  ['select the whole users subtree (§6.4.3)', `<top xmlns="${T}"><users/></top>`, `<top xmlns="${T}"><users>${full.root}${full.fred}${full.barney}</users></top>`],
  [
    'all user entries, names only (§6.4.4)',
    `<top xmlns="${T}"><users><user><name/></user></users></top>`,
    `<top xmlns="${T}"><users><user><name>root</name></user><user><name>fred</name></user><user><name>barney</name></user></users></top>`,
  ],
  ['one entry by content match (§6.4.5)', `<top xmlns="${T}"><users><user><name>fred</name></user></users></top>`, `<top xmlns="${T}"><users>${full.fred}</users></top>`],
  [
    'content match plus selected leaves (§6.4.6)',
    `<top xmlns="${T}"><users><user><name>fred</name><type/><full-name/></user></users></top>`,
    `<top xmlns="${T}"><users><user><name>fred</name><type>admin</type><full-name>Fred Flintstone</full-name></user></users></top>`,
  ],
  [
    'several entries with different criteria (§6.4.7)',
    `<top xmlns="${T}"><users><user><name>root</name><company-info/></user><user><name>fred</name><company-info><id/></company-info></user></users></top>`,
    `<top xmlns="${T}"><users><user><name>root</name><company-info><dept>1</dept><id>1</id></company-info></user>` +
      `<user><name>fred</name><company-info><id>2</id></company-info></user></users></top>`,
  ],
  [
    'a deeper content match does not gate a sibling selection node; alone in its set it selects its whole parent',
    `<top xmlns="${T}"><users><user><company-info><dept>2</dept></company-info><name/></user></users></top>`,
    `<top xmlns="${T}"><users><user><name>root</name></user><user><name>fred</name><company-info><dept>2</dept><id>2</id></company-info></user>` +
      `<user><name>barney</name><company-info><dept>2</dept><id>3</id></company-info></user></users></top>`,
  ],
  ['no match selects nothing', `<top xmlns="${T}"><users><user><name>wilma</name></user></users></top>`, ''],
  ['a namespace that is not in the data selects nothing', `<top xmlns="urn:nope"><users/></top>`, ''],
  ['xmlns="" matches any namespace', `<native xmlns=""><hostname/></native>`, `<native xmlns="urn:native"><hostname>r1</hostname></native>`],
  ['a leaf-list', `<native xmlns="urn:native"><ip><name-server/></ip></native>`, `<native xmlns="urn:native"><ip><name-server>192.0.2.1</name-server><name-server>192.0.2.2</name-server></ip></native>`],
  ['two top-level modules', `<native xmlns="urn:native"><hostname/></native><top xmlns="${T}"><groups/></top>`, `<top xmlns="${T}"><groups><group><name>admin</name></group></groups></top><native xmlns="urn:native"><hostname>r1</hostname></native>`],
];

t.test('subtree filtering, RFC 6241 §6.4 examples', async (t) => {
  for (const [name, filter, expected] of SUBTREE) t.equal(renderXml(applySubtreeFilter(DATA, parseXmlFragment(filter))), expected, name);
});

const PREFIXES = { t: T, n: 'urn:native' };

const XPATH: Array<[string, string, string]> = [
  ['the whole datastore', '/', renderXml(DATA)],
  ['one container with prefixes', '/t:top/t:groups', `<top xmlns="${T}"><groups><group><name>admin</name></group></groups></top>`],
  ['unprefixed names match any namespace', '/native/hostname', `<native xmlns="urn:native"><hostname>r1</hostname></native>`],
  ['a list entry by key, with its key', "/t:top/t:users/t:user[t:name='fred']/t:type", `<top xmlns="${T}"><users><user><name>fred</name><type>admin</type></user></users></top>`],
  ['double quotes and and', '/t:top/t:users/t:user[t:type="admin" and t:name="barney"]/t:full-name', `<top xmlns="${T}"><users><user><name>barney</name><full-name>Barney Rubble</full-name></user></users></top>`],
  ['position', '/t:top/t:users/t:user[2]', `<top xmlns="${T}"><users>${full.fred}</users></top>`],
  ['leaf-list value with .', "/n:native/n:ip/n:name-server[.='192.0.2.2']", `<native xmlns="urn:native"><ip><name-server>192.0.2.2</name-server></ip></native>`],
  ['a union', '/n:native/n:hostname | /t:top/t:groups', `<top xmlns="${T}"><groups><group><name>admin</name></group></groups></top><native xmlns="urn:native"><hostname>r1</hostname></native>`],
  ['wildcards', "/t:*/t:users/*[name='root']/company-info/dept", `<top xmlns="${T}"><users><user><name>root</name><company-info><dept>1</dept></company-info></user></users></top>`],
  ['nothing selected', "/t:top/t:users/t:user[t:name='wilma']", ''],
];

t.test('xpath filtering, the supported subset', async (t) => {
  for (const [name, select, expected] of XPATH) t.equal(renderXml(applyXPathFilter(DATA, select, PREFIXES, schema)), expected, name);
});

const UNSUPPORTED: Array<[string, RegExp]> = [
  ['//user', /"\/\/" is not supported/],
  ['top/users', /only absolute location paths/],
  ['/x:top', /prefix "x" is not declared/],
  ["/t:top/t:users/t:user[contains(t:name, 'f')]", /only \[name = literal\] predicates/],
  ['/t:top/t:users/t:user[t:name=fred]', /expected a quoted literal/],
  ["/t:top/t:users/t:user[t:name='fred'", /expected "\]" or "and"/],
  ['/t:top/..', /expected a name or "\*"/],
  ['/t:top)', /unexpected "\)"/],
];

t.test('xpath outside the subset → invalid-value naming the problem', async (t) => {
  for (const [select, message] of UNSUPPORTED) {
    try {
      applyXPathFilter(DATA, select, PREFIXES, schema);
      t.fail(`${select}: accepted`);
    } catch (error) {
      t.type(error, NetconfRpcError, select);
      t.equal((error as NetconfRpcError).tag, 'invalid-value', select);
      t.match((error as NetconfRpcError).errorMessage ?? '', message, select);
    }
  }
});
