/**
 * Keeps one instance of a class alive for the life of the process, so that V8 keeps the
 * class's hidden class (the "map" its instances get once their fields are defined).
 *
 * Why: the engine makes its objects afresh for every evaluation. When none survives, the next
 * full garbage collection frees their hidden class and throws away every optimized function
 * that was specialized on it; the next evaluation then runs those functions unoptimized and
 * compiles them again (`node --trace-deopt`: "marking dependent code ... reason: weak
 * objects"). A surviving instance, made by the same constructor, keeps the hidden class that
 * every later instance gets, and the optimized code with it.
 */
const kept: object[] = [];

export function keepShape<T extends object>(instance: T): T {
  kept.push(instance);
  return instance;
}
