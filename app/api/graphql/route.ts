import { graphqlRoute } from "@/lib/graphql/http";
import { notAllowed } from "@/lib/http/not-allowed";

// POST /api/graphql — seed 002's listUsers, inviteUser, updateUserAccountType, disableUser
export const POST = graphqlRoute;

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
