/**
 * A binding maps the part of a device's configuration that the platform's YANG modules model to and from their
 * XML, through typed settings `S`:
 *
 *   configuration tree ──read──▶ S ──render──▶ XML          (get-config)
 *   XML ──parse──▶ S ;  edits(current S, next S) ──▶ ConfigEdit[] ──▶ device.config.edit   (edit-config, commit)
 *
 * Settings hold only what the models can say; `edits` touches only settings that differ, so configuration the
 * models do not cover is never changed by NETCONF.
 */
import type { PlatformId } from '../../../platforms/types.js';
import type { XmlNode } from '../../../netconf/xml.js';
import type { ConfigNode } from '../../device/config/tree.js';
import type { BoundEdit } from './config-lines.js';
import { XmlReader, type ConfigProblems } from './config-reader.js';

export interface ConfigBinding<S> {
  readonly platform: PlatformId;
  read(tree: ConfigNode): S;
  render(settings: S): XmlNode[];
  /**
   * Reads a whole datastore's XML. `current` is what the device has now (a binding serving two models of the
   * same setting uses it to tell which one the client changed). Problems go to `problems`.
   */
  parse(nodes: readonly XmlNode[], current: S, problems: ConfigProblems): S;
  edits(current: S, next: S): BoundEdit[];
}

/**
 * The top-level elements of a datastore, one reader per known (name, namespace); any other top-level element is
 * reported as unknown-element.
 */
export function readTopLevel(
  nodes: readonly XmlNode[],
  known: readonly (readonly [name: string, ns: string])[],
  problems: ConfigProblems,
): (XmlReader | undefined)[] {
  for (const node of nodes) {
    if (!known.some(([name, ns]) => node.name === name && node.ns === ns)) {
      problems.add('unknown-element', `<${node.name}> in "${node.ns}" is not a configuration node the device models`, `/${node.name}`, {
        badElement: node.name,
      });
    }
  }
  return known.map(([name, ns]) => XmlReader.top(nodes, name, ns, problems));
}
