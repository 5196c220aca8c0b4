import "server-only";
import { apiRoute, type RouteContext } from "../http/route";

/** A seed 001 route: invalid input answers 400, as the seed documents its errors. */
export const orgRoute = <P = Record<string, never>>(handler: (ctx: RouteContext<P>) => Promise<Response>) =>
  apiRoute<P>(handler, { invalidInputStatus: 400 });
