import { authRoute } from "@/lib/api/http/auth-route";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET, POST /api/auth/* (next-auth: sign-in, sign-out, session, csrf)
export const GET = authRoute;
export const POST = authRoute;

export const { PUT, PATCH, DELETE } = notAllowed("GET", "POST");
