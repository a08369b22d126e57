/**
 * The task types a playbook may use. A type is either runnable (`register(type)`) or only defined
 * (`define(definition)`: its parameters are validated, but a run refuses it before anything is sent) until
 * someone provides its runner with `provideRunner(name, run)`.
 */
import type { TaskDefinition, TaskRunner, TaskType } from './task-type.js';

const TASK_NAME = /^[a-z][A-Za-z0-9]*$/;

export class TaskRegistry {
  readonly #definitions = new Map<string, TaskDefinition>();
  readonly #runners = new Map<string, TaskRunner>();
  #version = 0;

  /** Adds a task type whose runner comes later. */
  define<P>(definition: TaskDefinition<P>): this {
    if (!TASK_NAME.test(definition.name)) throw new TypeError(`task type name "${definition.name}" must match ${TASK_NAME.source}`);
    if (this.#definitions.has(definition.name)) throw new TypeError(`task type "${definition.name}" is already defined`);
    this.#definitions.set(definition.name, definition as TaskDefinition);
    this.#version++;
    return this;
  }

  /** Adds a runnable task type. */
  register<P>(type: TaskType<P>): this {
    this.define(type);
    this.#runners.set(type.name, type.run as TaskRunner);
    return this;
  }

  /** Gives a defined task type its runner. */
  provideRunner<P>(type: string | TaskDefinition<P>, run: TaskRunner<P>): this {
    const name = typeof type === 'string' ? type : type.name;
    if (!this.#definitions.has(name)) throw new TypeError(`task type "${name}" is not defined`);
    if (this.#runners.has(name)) throw new TypeError(`task type "${name}" already has a runner`);
    this.#runners.set(name, run as TaskRunner);
    this.#version++;
    return this;
  }

  get(name: string): TaskDefinition | undefined {
    return this.#definitions.get(name);
  }

  runnerOf(name: string): TaskRunner | undefined {
    return this.#runners.get(name);
  }

  names(): string[] {
    return [...this.#definitions.keys()];
  }

  /** Changes whenever a type or runner is added (schemas compiled for the registry are cached by it). */
  get version(): number {
    return this.#version;
  }
}
