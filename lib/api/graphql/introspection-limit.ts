import { type ASTVisitor, GraphQLError, Kind, type SelectionSetNode, type ValidationContext } from "graphql";

/** Introspection fields that answer a list of schema elements: nesting them multiplies the answer. */
const LIST_FIELDS = new Set([
  "types",
  "fields",
  "inputFields",
  "interfaces",
  "possibleTypes",
  "enumValues",
  "args",
  "directives",
]);

/** The standard introspection query (graphql-js getIntrospectionQuery) nests three: types → fields → args. */
export const MAX_INTROSPECTION_LISTS = 3;
/** __schema and __type fields per operation (GraphiQL and codegen send one). */
export const MAX_INTROSPECTION_ROOTS = 3;
/** Its `ofType` chain is the deepest part: 9 levels of wrappers under a field's type. */
export const MAX_INTROSPECTION_DEPTH = 25;

/**
 * Introspection is exempt from the depth limit (the standard query is deeper
 * than any operation needs) but bounded here instead: at most three
 * introspection fields per operation (aliases would repeat the schema), three
 * nested lists on any path (`fields { type { fields { … } } }` would multiply
 * the answer at each level) and a depth of 25, through fragments.
 */
export function introspectionLimit() {
  return (context: ValidationContext): ASTVisitor => {
    const walk = (set: SelectionSetNode, depth: number, lists: number, seen: Set<string>): string | null => {
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) {
          const nextLists = lists + (LIST_FIELDS.has(s.name.value) ? 1 : 0);
          if (nextLists > MAX_INTROSPECTION_LISTS)
            return `introspection may nest at most ${MAX_INTROSPECTION_LISTS} lists (types, fields, args, …)`;
          if (depth + 1 > MAX_INTROSPECTION_DEPTH)
            return `introspection depth may be at most ${MAX_INTROSPECTION_DEPTH}`;
          if (s.selectionSet) {
            const problem = walk(s.selectionSet, depth + 1, nextLists, seen);
            if (problem) return problem;
          }
        } else if (s.kind === Kind.INLINE_FRAGMENT) {
          const problem = walk(s.selectionSet, depth, lists, seen);
          if (problem) return problem;
        } else if (s.kind === Kind.FRAGMENT_SPREAD) {
          const fragment = context.getFragment(s.name.value);
          // A fragment spread inside itself is refused by graphql-js's own NoFragmentCycles rule.
          if (!fragment || seen.has(s.name.value)) continue;
          const problem = walk(fragment.selectionSet, depth, lists, new Set([...seen, s.name.value]));
          if (problem) return problem;
        }
      }
      return null;
    };
    const introspectionRoots = (set: SelectionSetNode, seen: Set<string>): SelectionSetNode[] =>
      set.selections.flatMap((s) => {
        if (s.kind === Kind.FIELD)
          return (s.name.value === "__schema" || s.name.value === "__type") && s.selectionSet ? [s.selectionSet] : [];
        if (s.kind === Kind.INLINE_FRAGMENT) return introspectionRoots(s.selectionSet, seen);
        const fragment = context.getFragment(s.name.value);
        if (!fragment || seen.has(s.name.value)) return [];
        return introspectionRoots(fragment.selectionSet, new Set([...seen, s.name.value]));
      });
    return {
      OperationDefinition(node) {
        const roots = introspectionRoots(node.selectionSet, new Set());
        // Aliases would repeat the whole schema in one answer (a fragment spread costs a few bytes each).
        if (roots.length > MAX_INTROSPECTION_ROOTS) {
          context.reportError(
            new GraphQLError(
              `An operation may ask for at most ${MAX_INTROSPECTION_ROOTS} introspection fields (__schema, __type); this one asks for ${roots.length}`,
              { nodes: [node], extensions: { code: "INTROSPECTION_TOO_LARGE" } },
            ),
          );
          return;
        }
        for (const root of roots) {
          const problem = walk(root, 1, 0, new Set());
          if (problem) {
            context.reportError(
              new GraphQLError(`This introspection query is too large: ${problem}`, {
                nodes: [node],
                extensions: { code: "INTROSPECTION_TOO_LARGE" },
              }),
            );
            return;
          }
        }
      },
    };
  };
}
