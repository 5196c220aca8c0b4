import { signInRoute } from "@/lib/api/http/route";
import { jsonNoStore } from "@/lib/api/login/answers";
import { discoverSignIn } from "@/lib/domain/sso/discover";
import { readJsonObject } from "@/lib/platform/http/body";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/login/discover — {"email"}: sign in through the domain's identity provider, or with a password
export const POST = signInRoute(async (req) => jsonNoStore(await discoverSignIn(await readJsonObject(req))));

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
