import { originOf } from "@/lib/api/http/request-actor";
import { signInRoute } from "@/lib/api/http/route";
import { completeAnswer, needsSecondFactorAnswer } from "@/lib/api/login/answers";
import { signInWithPassword } from "@/lib/domain/sign-in/sign-in";
import { readJsonObject } from "@/lib/platform/http/body";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/login/sign-in — email and password: signed in, or a second factor is needed (pending cookie)
export const POST = signInRoute(async (req) => {
  const body = await readJsonObject(req);
  const r = await signInWithPassword(originOf(req), { email: body.email, password: body.password });
  return r.status === "complete" ? completeAnswer(r.session) : needsSecondFactorAnswer(r.factors, r.pending);
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
