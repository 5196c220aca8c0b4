import "server-only";
import { attributeNameProblem } from "../domain/users/profile";
import { DomainError } from "../platform/errors";

/** `attributes[badge]=B-7` (OpenAPI deepObject): the attribute it names, else null. */
export function attributeParam(key: string): string | null {
  const m = key.match(/^attributes\[([^\]]*)\]$/);
  return m ? m[1] : null;
}

/** A custom attribute a filter may name (400 naming it otherwise). */
export function customAttributeName(name: string): string {
  const problem = attributeNameProblem(name);
  if (problem)
    throw new DomainError("bad_request", `attributes[${name}]: the name ${problem}`, [
      { field: `attributes[${name}]`, message: problem },
    ]);
  return name;
}

/** The 400 for a parameter a list does not take, with what was probably meant. */
export function unknownParameter(key: string, known: readonly string[]): DomainError {
  // Case, "_" and "-" aside: lastname → lastName, userid → user_id.
  const fold = (s: string) => s.toLowerCase().replace(/[_-]/g, "");
  const near = known.find((k) => fold(k) === fold(key));
  const hint =
    key === "attributes"
      ? ": filter by attributes as attributes[name]=value"
      : near
        ? ` (did you mean "${near}"?)`
        : attributeNameProblem(key) === null
          ? ` (a custom attribute is filtered as attributes[${key}]=…)`
          : "";
  return new DomainError("bad_request", `Unknown parameter "${key}"${hint}`, [
    { field: key, message: "unknown parameter" },
  ]);
}
