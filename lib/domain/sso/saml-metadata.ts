import { DOMParser } from "@xmldom/xmldom";
import * as xpath from "xpath";
import { normalizeCertificate } from "./saml";

// An IdP's SAML metadata document, read for what a connection needs: the
// entity id, the sign-in URL (HTTP-Redirect binding) and the signing
// certificates (all of them: an IdP publishes two while it rotates).

export interface IdpMetadata {
  entityId: string;
  ssoUrl: string;
  certificates: string[];
}

const REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

/** The IdP's settings, or the problem with the document (in words). */
export function parseIdpMetadata(xml: string): IdpMetadata | { problem: string } {
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") throw new Error(message);
      },
    }).parseFromString(xml, "text/xml") as unknown as Document;
  } catch (e) {
    return { problem: `is not XML (${(e instanceof Error ? e.message : String(e)).slice(0, 120)})` };
  }
  const select = (expr: string, node: Node) => xpath.select(expr, node) as Node[];
  const entity = select(
    "//*[local-name()='EntityDescriptor'][*[local-name()='IDPSSODescriptor']]",
    doc as unknown as Node,
  )[0] as Element | undefined;
  if (!entity) return { problem: "has no EntityDescriptor with an IDPSSODescriptor" };
  const entityId = entity.getAttribute("entityID") ?? "";
  if (!entityId) return { problem: "names no entityID" };
  const idp = select("*[local-name()='IDPSSODescriptor']", entity)[0] as Element;
  const sso = select("*[local-name()='SingleSignOnService']", idp) as Element[];
  const redirect = sso.find((s) => s.getAttribute("Binding") === REDIRECT);
  if (!redirect) return { problem: "has no SingleSignOnService with the HTTP-Redirect binding" };
  const certificates = (
    select(
      "*[local-name()='KeyDescriptor'][not(@use) or @use='signing']//*[local-name()='X509Certificate']",
      idp,
    ) as Element[]
  )
    .map((n) => normalizeCertificate(n.textContent ?? ""))
    .filter((c): c is string => c !== null);
  if (certificates.length === 0) return { problem: "has no signing certificate" };
  return { entityId, ssoUrl: redirect.getAttribute("Location") ?? "", certificates: [...new Set(certificates)] };
}
