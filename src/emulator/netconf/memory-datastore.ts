/** A datastore held in memory as an XML tree: the engine's default for startup, and the test double for running. */
import { parseXmlFragment, type XmlNode } from '../../netconf/xml.js';
import type { Datastore } from './types.js';

export class MemoryDatastore implements Datastore {
  #tree: readonly XmlNode[];

  /** @param initial top-level elements, as nodes or XML text */
  constructor(initial: readonly XmlNode[] | string = []) {
    this.#tree = typeof initial === 'string' ? parseXmlFragment(initial, 'initial datastore content') : [...initial];
  }

  getTree(): readonly XmlNode[] {
    return this.#tree;
  }

  setTree(tree: readonly XmlNode[]): void {
    this.#tree = [...tree];
  }
}
