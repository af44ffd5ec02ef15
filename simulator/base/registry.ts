/**
 * What the module registries share (fault kinds, broker profiles, arrival processes): a list of
 * modules by name, in order, that an extension or a test may add to — but only before anything
 * reads it. The scenario schema and the others built from a registry read it when they load, so a
 * module registered after that would be half known (in the registry, not in the schema):
 * `register` refuses it instead.
 */
export interface ModuleRegistry<M> {
  /** Adds a module after the built-in ones; throws once the registry has been read, or for a name it holds. */
  register(module: M): void;
  /** Every module, in registry order (the order is fixed from here on). */
  all(): readonly M[];
  /** The module of that name; undefined for a name the registry does not hold. */
  find(name: string): M | undefined;
}

/**
 * A registry of `builtIn` modules keyed by `nameOf`. `what` names a module in errors (`fault
 * kind`), `readBy` says what reads the registry first (`the scenario schema`).
 */
export function moduleRegistry<M>(
  what: string,
  nameOf: (module: M) => string,
  builtIn: readonly M[],
  readBy: string,
): ModuleRegistry<M> {
  const modules = new Map<string, M>(builtIn.map((module): [string, M] => [nameOf(module), module]));
  let frozen: readonly M[] | undefined;
  const all = (): readonly M[] => (frozen ??= [...modules.values()]);
  return {
    register(module) {
      const name = nameOf(module);
      if (frozen)
        throw new Error(
          `${what} ${name}: registered after the registry was read; register it before ${readBy} is imported`,
        );
      if (modules.has(name)) throw new Error(`${what} ${name}: already registered`);
      modules.set(name, module);
    },
    all,
    find(name) {
      all();
      return modules.get(name);
    },
  };
}
