import { type ASTVisitor, GraphQLError, Kind, type SelectionSetNode, type ValidationContext } from "graphql";

/** Root fields one operation may ask for, aliases counted (seed 002's operations ask for one). */
export const MAX_ROOT_FIELDS = 5;

/**
 * One request must not carry a hundred aliased mutations or list queries:
 * count the root fields of each operation (through fragments, aliases each
 * counting once; introspection's __schema/__type/__typename are free).
 */
export function rootFieldLimit(max = MAX_ROOT_FIELDS) {
  return (context: ValidationContext): ASTVisitor => {
    const count = (set: SelectionSetNode, seen: Set<string>): number => {
      let n = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) {
          if (!s.name.value.startsWith("__")) n += 1;
        } else if (s.kind === Kind.INLINE_FRAGMENT) {
          n += count(s.selectionSet, seen);
        } else if (s.kind === Kind.FRAGMENT_SPREAD && !seen.has(s.name.value)) {
          seen.add(s.name.value);
          const fragment = context.getFragment(s.name.value);
          if (fragment) n += count(fragment.selectionSet, seen);
        }
      }
      return n;
    };
    return {
      OperationDefinition(node) {
        const n = count(node.selectionSet, new Set());
        if (n > max) {
          context.reportError(
            new GraphQLError(`An operation may ask for at most ${max} root fields (this one asks for ${n})`, {
              nodes: [node],
              extensions: { code: "TOO_MANY_ROOT_FIELDS" },
            }),
          );
        }
      },
    };
  };
}
