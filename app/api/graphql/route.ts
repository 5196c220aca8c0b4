import { graphqlRoute } from "@/lib/api/graphql/http";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/graphql — seed 002's listUsers, inviteUser, updateUserAccountType, disableUser
export const POST = graphqlRoute;

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
