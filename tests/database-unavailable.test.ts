// Which failures are "the database is away" (503, retry) rather than a bug (500):
// the messages PostgreSQL, node-postgres and Prisma give while a server restarts.
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/platform/http/responses";

describe("isDatabaseUnavailable", () => {
  it("knows the outage messages, including a pooled client whose connection broke (seen in the fault suite)", () => {
    for (const message of [
      "connect ECONNREFUSED 127.0.0.1:5432",
      "terminating connection due to administrator command",
      "Connection terminated unexpectedly",
      "the database system is starting up",
      "Client has encountered a connection error and is not queryable",
    ])
      expect(isDatabaseUnavailable(new Error(message)), message).toBe(true);
    expect(isDatabaseUnavailable({ message: "wrapped", cause: new Error("read ECONNRESET") })).toBe(true);
  });

  it("leaves real errors alone", () => {
    for (const message of ['relation "Nope" does not exist', "duplicate key value violates unique constraint", ""])
      expect(isDatabaseUnavailable(new Error(message)), message).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
